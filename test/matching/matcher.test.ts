import { describe, expect, it } from 'vitest';
import { createImageCacheMatcher, lintWorkload, selectImageCache } from '../../src/matching/index.js';
import type { ImageCache } from '../../src/types/index.js';
import { A, NOW, cache, deployment, pod } from './helpers.js';

const at = { now: NOW };

/** Wraps each cache's image list so that every read of an entry is counted. */
function counted(caches: ImageCache[]) {
  const reads = { count: 0 };
  const wrapped = caches.map((c) => ({
    ...c,
    spec: {
      ...c.spec,
      images: new Proxy(c.spec.images, {
        get(target, key, receiver) {
          if (typeof key === 'string' && /^\d+$/.test(key)) reads.count += 1;
          return Reflect.get(target, key, receiver);
        },
      }),
    },
  }));
  return { wrapped, reads };
}

describe('createImageCacheMatcher', () => {
  const caches = [cache('web', ['nginx:1.7.9', 'busybox:1.36']), cache('db', ['redis:7']), cache('old', ['nginx:1.7.9'], { created: '2020-01-01T00:00:00Z' })];
  const pods = [
    pod({ [A.auto]: 'true' }, ['nginx:1.7.9']),
    pod({ [A.auto]: 'true' }, ['redis:7', 'nginx:1.7.9']),
    pod({ [A.explicitId]: 'imc-db' }, ['nginx:1.7.9']),
    deployment({ [A.legacyAuto]: 'true', [A.perfect]: 'true' }, ['nginx:1.7.9', 'busybox:1.36']),
    pod({}, ['nginx']),
  ];

  it('gives the answers of selectImageCache and lintWorkload for each pod', () => {
    const matcher = createImageCacheMatcher(caches, at);
    for (const target of pods) {
      expect(matcher.select(target)).toEqual(selectImageCache(target, caches, at));
      expect(matcher.lint(target)).toEqual(lintWorkload(target, caches, at));
    }
    expect(pods.map((p) => matcher.select(p).imageCacheId)).toEqual(['imc-web', 'imc-db', 'imc-db', 'imc-web', undefined]);
  });

  it('reads the caches once, when built, however many pods it answers for', () => {
    const { wrapped, reads } = counted(caches);
    const matcher = createImageCacheMatcher(wrapped, at);
    const afterBuild = reads.count;
    expect(afterBuild).toBe(4);
    for (let i = 0; i < 50; i += 1) {
      for (const target of pods) {
        const result = matcher.select(target);
        void result.candidates;
        void result.explanation;
        matcher.lint(target);
      }
    }
    expect(reads.count).toBe(afterBuild);
  });

  it('fixes now when built, and reports it', () => {
    const expiring = [cache('soon', ['nginx:1.7.9'], { status: { expireDateTime: '2024-06-01T00:00:01Z' } })];
    const matcher = createImageCacheMatcher(expiring, at);
    expect(matcher.now.toISOString()).toBe('2024-06-01T00:00:00.000Z');
    expect(matcher.caches).toBe(expiring);
    expect(matcher.select(pods[0] as (typeof pods)[0]).imageCacheId).toBe('imc-soon');
  });

  it('builds candidate reports and the explanation once, when first read, and serializes them', () => {
    const result = createImageCacheMatcher(caches, at).select(pods[0] as (typeof pods)[0]);
    const first = result.candidates;
    expect(result.candidates).toBe(first);
    expect(result.explanation).toBe(result.explanation);
    const json = JSON.parse(JSON.stringify(result)) as { candidates: unknown[]; explanation: string };
    expect(json.candidates).toHaveLength(3);
    expect(json.explanation).toContain('selected web (imc-web)');
  });

  it('matches through registry aliases it was built with', () => {
    const matcher = createImageCacheMatcher([cache('pause', ['registry.cn-beijing.aliyuncs.com/acs/pause-amd64:3.0'])], {
      ...at,
      registryAliases: [['registry.cn-beijing.aliyuncs.com', 'registry-vpc.cn-beijing.aliyuncs.com']],
    });
    const result = matcher.select(pod({ [A.auto]: 'true' }, ['registry-vpc.cn-beijing.aliyuncs.com/acs/pause-amd64:3.0']));
    expect(result.matchedImages).toEqual(['registry-vpc.cn-beijing.aliyuncs.com/acs/pause-amd64:3.0']);
  });
});
