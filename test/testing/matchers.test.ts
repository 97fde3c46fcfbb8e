import { describe, expect, it } from 'vitest';
import { imageCacheMatchers, type ImageCacheMatchers } from '../../src/testing/index.js';
import type { ImageCache } from '../../src/types/index.js';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Assertion<T> extends ImageCacheMatchers<void> {}
}

expect.extend(imageCacheMatchers);

const ready = (name: string, id: string, images: string[]): ImageCache => ({
  apiVersion: 'eci.alibabacloud.com/v1',
  kind: 'ImageCache',
  metadata: { name, creationTimestamp: '2026-11-01T00:00:00Z' },
  spec: { images },
  status: { phase: 'Ready', progress: '100%', imageCacheId: id },
});
const caches = [ready('web-cache', 'imc-web', ['nginx:1.25', 'busybox']), ready('other', 'imc-other', ['redis:7'])];
const deployment = (annotations: Record<string, string>, images: string[]) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { template: { metadata: { annotations }, spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) } } },
});
const auto = { 'k8s.aliyun.com/eci-auto-imc': 'true' };

describe('toUseImageCache', () => {
  it('passes for the cache auto-match picks, by name or id', () => {
    const d = deployment(auto, ['nginx:1.25']);
    expect(d).toUseImageCache(caches);
    expect(d).toUseImageCache(caches, 'web-cache');
    expect(d).toUseImageCache(caches, 'imc-web');
    expect(d).not.toUseImageCache(caches, 'other');
  });

  it('auto-matches a workload without annotations, as ECI does by default; not with defaultAutoMatch: false', () => {
    const d = deployment({}, ['nginx:1.25']);
    expect(d).toUseImageCache(caches, 'web-cache');
    expect(d).not.toUseImageCache(caches, 'web-cache', { defaultAutoMatch: false });
    expect(d).toBeFullyCoveredBy([ready('n', 'imc-n', ['nginx:1.25'])]);
    expect(d).not.toBeFullyCoveredBy([ready('n', 'imc-n', ['nginx:1.25'])], { defaultAutoMatch: false });
  });

  it('fails with the explanation when no cache is chosen', () => {
    const d = deployment({ 'k8s.aliyun.com/eci-auto-imc': 'false' }, ['nginx:1.25']);
    let message = '';
    try {
      expect(d).toUseImageCache(caches);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('expected Deployment web to use an ImageCache, but it gets no cache');
    expect(message).toContain(selectionLine(d));
  });

  it('names the cache it got when another was wanted', () => {
    expect(() => expect(deployment(auto, ['nginx:1.25'])).toUseImageCache(caches, 'other')).toThrow(/but it gets web-cache \(imc-web\)/);
  });

  it('tells a negated expectation which cache was used', () => {
    expect(() => expect(deployment(auto, ['redis:7'])).not.toUseImageCache(caches)).toThrow(/not to use an ImageCache, but it uses other \(imc-other\)/);
  });
});

describe('toUseImageCache on a tie ECI documents no winner for', () => {
  // Both hold nginx, the pod's only image: ECI may pick either.
  const tied = [ready('a-cache', 'imc-a', ['nginx:1.25']), ready('b-cache', 'imc-b', ['nginx:1.25', 'redis:7'])];
  const d = deployment({}, ['nginx:1.25']);
  const messageOf = (check: () => void) => {
    try {
      check();
    } catch (err) {
      return (err as Error).message;
    }
    return '';
  };

  it('fails naming the tie and the fix, for the guess and the alternative, with or without .not', () => {
    for (const check of [
      () => expect(d).toUseImageCache(tied, 'a-cache'),
      () => expect(d).toUseImageCache(tied, 'imc-b'),
      () => expect(d).not.toUseImageCache(tied, 'imc-a'),
      () => expect(d).not.toUseImageCache(tied, 'b-cache'),
    ]) {
      const message = messageOf(check);
      expect(message).toContain('cannot tell whether Deployment web uses ImageCache');
      expect(message).toContain('imc-b ties with imc-a on match degree');
      expect(message).toContain('pass imageSizes to settle it');
      expect(message).toContain('allowAmbiguous: true');
    }
  });

  it('passes for some cache, and for the guess with allowAmbiguous', () => {
    expect(d).toUseImageCache(tied);
    expect(d).toUseImageCache(tied, 'a-cache', { allowAmbiguous: true });
    expect(d).not.toUseImageCache(tied, 'imc-b', { allowAmbiguous: true });
  });

  it('stays certain about a cache outside the tie', () => {
    const withLoser = [...tied, ready('c-cache', 'imc-c', ['redis:7'])];
    const pod2 = deployment({}, ['nginx:1.25', 'busybox:1.36']);
    expect(pod2).not.toUseImageCache(withLoser, 'c-cache');
    expect(messageOf(() => expect(pod2).toUseImageCache(withLoser, 'c-cache'))).toMatch(/but it gets a-cache \(imc-a\)/);
  });

  it('is settled by imageSizes that differ', () => {
    const sizes = { imageSizes: { 'nginx:1.25': 10, 'redis:7': 5 }, sizeRank: 'closest-total' as const };
    expect(d).toUseImageCache(tied, 'a-cache', sizes);
    expect(d).not.toUseImageCache(tied, 'b-cache', sizes);
  });

  it('leaves coverage checks alone: tied caches hold as many of the images', () => {
    expect(d).toBeFullyCoveredBy(tied);
  });
});

describe('toBeFullyCoveredBy', () => {
  it('passes only when one cache holds every image', () => {
    expect(deployment(auto, ['nginx:1.25', 'busybox:latest'])).toBeFullyCoveredBy(caches);
    expect(deployment(auto, ['nginx:1.25', 'redis:7'])).not.toBeFullyCoveredBy(caches);
  });

  it('lists the images that would be pulled normally', () => {
    // Both caches hold one of the two images: the tie goes to the first name, and nginx is pulled.
    const check = () => expect(deployment(auto, ['nginx:1.25', 'redis:7'])).toBeFullyCoveredBy(caches);
    expect(check).toThrow(/one ImageCache; pulled normally: docker.io\/library\/nginx:1.25\n/);
    expect(check).toThrow(/lost +web-cache \(imc-web\) 1\/2/);
  });
});

// The first line of the explanation, which the failure message must carry.
function selectionLine(target: object): string {
  const result = imageCacheMatchers.toUseImageCache.call(undefined, target as never, caches);
  return result.message().split('\n')[2]!.trim();
}
