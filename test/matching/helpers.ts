// Builders for ImageCaches and workloads in the shapes the original document shows.
import type { ImageCacheSelection } from '../../src/matching/index.js';
import type { ImageCache, ImageCacheStatus } from '../../src/types/index.js';

export const NOW = new Date('2024-06-01T00:00:00Z');

export interface CacheOverrides {
  readonly status?: Partial<ImageCacheStatus> | null;
  readonly created?: string;
  readonly annotations?: Record<string, string>;
}

/** A Ready cache with id `imc-<name>` unless overridden; `status: null` drops the status. */
export function cache(name: string, images: string[], overrides: CacheOverrides = {}): ImageCache {
  const status = overrides.status === null ? undefined : { phase: 'Ready', progress: '100%', imageCacheId: `imc-${name}`, ...overrides.status };
  return {
    apiVersion: 'eci.alibabacloud.com/v1',
    kind: 'ImageCache',
    metadata: {
      name,
      creationTimestamp: overrides.created ?? '2024-01-01T00:00:00Z',
      ...(overrides.annotations ? { annotations: overrides.annotations } : {}),
    },
    spec: { images },
    ...(status ? { status } : {}),
  };
}

export interface ContainerSpec {
  readonly image: string;
  readonly imagePullPolicy?: string;
  readonly name?: string;
}

function containers(list: readonly (string | ContainerSpec)[]) {
  return list.map((c, i) => (typeof c === 'string' ? { name: `c${i}`, image: c, imagePullPolicy: 'IfNotPresent' } : { name: `c${i}`, ...c }));
}

export function pod(annotations: Record<string, string>, images: readonly (string | ContainerSpec)[], init: readonly (string | ContainerSpec)[] = []) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'test-pod', annotations },
    spec: { containers: containers(images), ...(init.length > 0 ? { initContainers: containers(init) } : {}), nodeName: 'virtual-kubelet' },
  };
}

export function deployment(templateAnnotations: Record<string, string>, images: readonly (string | ContainerSpec)[], ownAnnotations?: Record<string, string>) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'nginx-deployment', labels: { app: 'nginx' }, ...(ownAnnotations ? { annotations: ownAnnotations } : {}) },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' }, annotations: templateAnnotations },
        spec: { nodeName: 'virtual-kubelet', containers: containers(images) },
      },
    },
  };
}

export const A = {
  explicitId: 'k8s.aliyun.com/eci-imc-id',
  legacyExplicitId: 'k8s.aliyun.com/eci-image-snapshot-id',
  auto: 'k8s.aliyun.com/eci-auto-imc',
  legacyAuto: 'k8s.aliyun.com/eci-image-cache',
  perfect: 'k8s.aliyun.com/imc-perfect-match',
  count: 'k8s.aliyun.com/imc-match-count-request',
} as const;

export const DIGEST = 'sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582';
export const OTHER_DIGEST = 'sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa';

/** Everything a caller can observe of a selection, with caches named rather than compared as objects. */
export function observable(s: ImageCacheSelection) {
  // `alternatives` is a lazy getter, not an own property: read it so that ties are compared too.
  return {
    ...s,
    alternatives: s.alternatives,
    cache: s.cache?.metadata.name,
    candidates: s.candidates.map((c) => ({ ...c, cache: c.cache.metadata.name })),
    explanation: s.explanation,
  };
}
