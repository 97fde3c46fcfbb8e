import type { ImageCache, ImageCacheList, Status } from '../../../src/types/index.js';

/** A server-side ImageCache as the API server would return it. */
export function serverImageCache(name: string, overrides: Partial<ImageCache> & { resourceVersion?: string } = {}): ImageCache {
  const { resourceVersion = '100', ...rest } = overrides;
  return {
    apiVersion: 'eci.alibabacloud.com/v1',
    kind: 'ImageCache',
    metadata: { name, resourceVersion, uid: `uid-${name}`, creationTimestamp: '2024-01-01T00:00:00Z' },
    spec: { images: ['nginx:1.25'] },
    ...rest,
  };
}

/** A cache with the given phase and progress. */
export function withStatus(name: string, resourceVersion: string, phase: string, progress?: string): ImageCache {
  return serverImageCache(name, { resourceVersion, status: { phase, ...(progress ? { progress } : {}) } });
}

/** A list page. */
export function listOf(items: ImageCache[], metadata: { resourceVersion?: string; continue?: string } = {}): ImageCacheList {
  return { apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCacheList', metadata: { resourceVersion: '500', ...metadata }, items };
}

/** A failure Status like the API server's. */
export function statusOf(code: number, reason: string, message: string, extra: Partial<Status> = {}): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message, ...extra };
}

/** One line of a watch stream. */
export function watchLine(type: string, object: unknown): string {
  return `${JSON.stringify({ type, object })}\n`;
}

/** A realistic service-account token (a JWT shape), so scrubbing by pattern is exercised too. */
export const SECRET_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2EifQ.c2lnbmF0dXJlLXNlY3JldC10b2tlbg';
