// A test suite that checks pod specs against ImageCaches without any cluster: will this
// Deployment get a cache, which one, and if not, why not.
// Run: npx vitest run examples/pod-spec.test.ts
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { ImageCache } from 'eci-imagecache';
import {
  createImageCacheMatcher,
  lintWorkload,
  normalizeImageReference,
  parseImageReference,
  selectImageCache,
  type MatchTarget,
} from 'eci-imagecache/matching';
import { imageCacheMatchers, type ImageCacheMatchers } from 'eci-imagecache/testing';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Assertion<T> extends ImageCacheMatchers<void> {}
}
expect.extend(imageCacheMatchers);

const load = <T>(file: string): T[] => parseAllDocuments(readFileSync(new URL(`./workloads/${file}`, import.meta.url), 'utf8')).map((d) => d.toJS() as T);
const caches = load<ImageCache>('caches.yaml');
const [web, report] = load<MatchTarget>('web.yaml');
const now = new Date('2026-11-27T12:00:00Z'); // fixed, so expiry does not depend on the day the suite runs

describe('our workloads and the caches we warm', () => {
  it('web gets the web cache, with every image in it', () => {
    expect(web).toUseImageCache(caches, 'web-release-42', { now });
    expect(web).toBeFullyCoveredBy(caches, { now });
  });

  it('explains the choice', () => {
    const selection = selectImageCache(web!, caches, { now });
    expect(selection.mode).toBe('auto');
    expect(selection.imageCacheId).toBe('imc-web42');
    expect(selection.candidates.find((c) => c.name === 'old-web')?.status).toBe('excluded'); // expired
    console.log(selection.explanation);
  });

  it('report names a cache id explicitly, which must be Ready', () => {
    const selection = selectImageCache(report!, caches, { now });
    expect(selection.mode).toBe('explicit');
    expect(selection.willFail).toBe(false);
  });

  it('has no lint errors', () => {
    for (const workload of [web!, report!]) {
      expect(lintWorkload(workload, caches, { now }).filter((f) => f.severity === 'error')).toEqual([]);
    }
  });

  it('checks many pods against one index of the caches', () => {
    const matcher = createImageCacheMatcher(caches, { now });
    expect([web!, report!].map((w) => matcher.select(w).cache?.metadata.name)).toEqual(['web-release-42', 'batch-release-42']);
  });

  it('compares images as Docker does', () => {
    expect(normalizeImageReference('nginx')).toBe('docker.io/library/nginx:latest');
    expect(parseImageReference('registry.cn-hangzhou.aliyuncs.com/acme/web:42').domain).toBe('registry.cn-hangzhou.aliyuncs.com');
  });
});
