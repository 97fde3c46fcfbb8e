// Selection cases that mutation testing showed unpinned: sizes that change the winner, ties that
// only the name (or only the id) can break, odd caches, duplicate explicit ids, and the images of
// outcomes without a cache. Every case runs through both the scanning selection and the indexed
// matcher, which must agree.
import { describe, expect, it } from 'vitest';
import { createImageCacheMatcher, selectImageCache, type ImageCacheMatchOptions, type ImageCacheSelection } from '../../src/matching/index.js';
import type { ImageCache } from '../../src/types/index.js';
import { A, NOW, cache, pod } from './helpers.js';

const at = { now: NOW };
const autoPod = (images: string[], annotations: Record<string, string> = {}) => pod({ [A.auto]: 'true', ...annotations }, images);

/** Selects with both implementations, in the order given and reversed; all four must agree. */
function select(target: object, caches: readonly ImageCache[], options: ImageCacheMatchOptions = {}): ImageCacheSelection {
  const merged = { ...at, ...options };
  const scanned = selectImageCache(target, caches, merged);
  const plain = JSON.parse(JSON.stringify(scanned)) as unknown;
  expect(JSON.parse(JSON.stringify(createImageCacheMatcher(caches, merged).select(target)))).toEqual(plain);
  const reversed = [...caches].reverse();
  expect(selectImageCache(target, reversed, merged).imageCacheId).toBe(scanned.imageCacheId);
  expect(createImageCacheMatcher(reversed, merged).select(target).imageCacheId).toBe(scanned.imageCacheId);
  return scanned;
}

const ranked = (s: ImageCacheSelection) => s.candidates.map((c) => [c.name, c.status, c.reasonCode, c.rank]);

describe('sizes change the winner', () => {
  // Each cache holds one of the pod's two images; without sizes the newer one wins.
  const caches = [
    cache('old-big', ['nginx:1.7.9'], { created: '2023-01-01T00:00:00Z' }),
    cache('new-small', ['busybox:1.36'], { created: '2024-01-01T00:00:00Z' }),
  ];
  const target = autoPod(['nginx:1.7.9', 'busybox:1.36']);
  const sizes = { 'nginx:1.7.9': 100, 'busybox:1.36': 5 };

  it('without sizes, the newest of the equally matching caches wins', () => {
    expect(select(target, caches).imageCacheId).toBe('imc-new-small');
  });

  it('largest-matched: the older cache wins because the pod image it holds is larger', () => {
    const result = select(target, caches, { imageSizes: sizes });
    expect(result.imageCacheId).toBe('imc-old-big');
    expect(result.matchedImages).toEqual(['docker.io/library/nginx:1.7.9']);
    expect(result.unmatchedImages).toEqual(['docker.io/library/busybox:1.36']);
    expect(result.candidates.map((c) => [c.name, c.size, c.reasonCode, c.rank])).toEqual([
      ['old-big', 100, undefined, 1],
      ['new-small', 5, 'size', 2],
    ]);
    expect(result.candidates[1]?.reason).toBe("the pod's images it holds total 5 in size; old-big's total 100 (larger wins)");
  });

  it('closest-total: the cache whose images total closest to the pod’s wins, even when older', () => {
    const near = [
      cache('old-near', ['nginx:1.7.9', 'extra:1'], { created: '2023-01-01T00:00:00Z' }),
      cache('new-far', ['busybox:1.36', 'huge:1'], { created: '2024-01-01T00:00:00Z' }),
    ];
    const result = select(target, near, { imageSizes: { ...sizes, 'extra:1': 10, 'huge:1': 1_000 }, sizeRank: 'closest-total' });
    // The pod totals 105: old-near's 110 is 5 away, new-far's 1005 is 900 away.
    expect(result.imageCacheId).toBe('imc-old-near');
    expect(result.candidates.map((c) => [c.name, c.size, c.reasonCode])).toEqual([
      ['old-near', 110, undefined],
      ['new-far', 1_005, 'size'],
    ]);
    expect(result.candidates[1]?.reason).toBe("its images total 1005 in size, 900 away from the pod's; old-near's are 5 away (closest wins)");
  });

  it('match degree still comes before size', () => {
    const result = select(target, [...caches, cache('both-tiny', ['nginx:1.7.9', 'busybox:1.36'], { created: '2020-01-01T00:00:00Z' })], {
      imageSizes: { 'nginx:1.7.9': 1, 'busybox:1.36': 1 },
    });
    expect(result.imageCacheId).toBe('imc-both-tiny');
    expect(ranked(result)).toEqual([
      ['both-tiny', 'selected', undefined, 1],
      ['new-small', 'lost', 'lower-match', 2],
      ['old-big', 'lost', 'lower-match', 3],
    ]);
  });

  it('with sizes, a cache below imc-match-count-request is not a candidate however large', () => {
    const result = select(
      autoPod(['nginx:1.7.9', 'busybox:1.36'], { [A.count]: '2' }),
      [
        cache('big-one', ['nginx:1.7.9'], { created: '2024-05-01T00:00:00Z' }),
        cache('both', ['nginx:1.7.9', 'busybox:1.36'], { created: '2020-01-01T00:00:00Z' }),
      ],
      { imageSizes: { 'nginx:1.7.9': 1_000, 'busybox:1.36': 1 } },
    );
    expect(result.imageCacheId).toBe('imc-both');
    expect(result.candidates.map((c) => [c.name, c.status, c.reasonCode])).toEqual([
      ['both', 'selected', undefined],
      ['big-one', 'excluded', 'below-match-count'],
    ]);
  });

  it('with sizes and no cache meeting the requirement, nothing is selected', () => {
    const result = select(autoPod(['nginx:1.7.9', 'busybox:1.36'], { [A.perfect]: 'true' }), caches, { imageSizes: sizes });
    expect(result.outcome).toBe('no-match');
    expect(result.candidates.map((c) => c.reasonCode)).toEqual(['not-perfect-match', 'not-perfect-match']);
  });

  it('equal sizes fall through to age', () => {
    const result = select(target, caches, { imageSizes: { 'nginx:1.7.9': 7, 'busybox:1.36': 7 } });
    expect(result.imageCacheId).toBe('imc-new-small');
    expect(result.candidates[1]).toMatchObject({ name: 'old-big', reasonCode: 'older', size: 7 });
  });
});

describe('full ties', () => {
  const created = '2024-03-01T12:00:00Z';

  it('are broken by name, not by id, when both tie on count and creation time', () => {
    // The ids sort the other way round from the names.
    const caches = [
      cache('bravo', ['nginx:1.7.9'], { created, status: { imageCacheId: 'imc-a' } }),
      cache('alpha', ['nginx:1.7.9'], { created, status: { imageCacheId: 'imc-z' } }),
    ];
    for (const options of [{}, { imageSizes: { 'nginx:1.7.9': 3 } }]) {
      const result = select(autoPod(['nginx:1.7.9']), caches, options);
      expect(result.imageCacheId).toBe('imc-z');
      expect(ranked(result)).toEqual([
        ['alpha', 'selected', undefined, 1],
        ['bravo', 'lost', 'name', 2],
      ]);
      expect(result.candidates[1]?.reason).toBe(
        'ties with alpha on every rule, and alpha comes first by name; ECI documents no order for this tie and may pick this one',
      );
    }
  });

  it('are broken by id when even the names are equal', () => {
    const caches = [
      cache('same', ['nginx:1.7.9'], { created, status: { imageCacheId: 'imc-2' } }),
      cache('same', ['nginx:1.7.9'], { created, status: { imageCacheId: 'imc-1' } }),
    ];
    expect(select(autoPod(['nginx:1.7.9']), caches).imageCacheId).toBe('imc-1');
    expect(select(autoPod(['nginx:1.7.9']), caches, { imageSizes: { 'nginx:1.7.9': 3 } }).imageCacheId).toBe('imc-1');
  });

  it('compare creation times to the millisecond', () => {
    const caches = [cache('a', ['nginx:1.7.9'], { created: '2024-03-01T12:00:00.001Z' }), cache('b', ['nginx:1.7.9'], { created: '2024-03-01T12:00:00.002Z' })];
    const result = select(autoPod(['nginx:1.7.9']), caches);
    expect(result.imageCacheId).toBe('imc-b');
    expect(result.candidates[1]?.reason).toBe(
      'created 2024-03-01T12:00:00.001Z; b is newer (2024-03-01T12:00:00.002Z); ECI documents no order for this tie and may pick this one',
    );
  });
});

describe('caches that are odd but usable or harmlessly unusable', () => {
  it.each([
    ['null', null],
    ['empty', ''],
  ])('an expireDateTime that is %s means no expiry', (_name, expireDateTime) => {
    const odd = cache('c', ['nginx:1.7.9'], { status: { expireDateTime: expireDateTime as never } });
    expect(select(autoPod(['nginx:1.7.9']), [odd]).imageCacheId).toBe('imc-c');
    expect(select(pod({ [A.explicitId]: 'imc-c' }, ['nginx:1.7.9']), [odd]).outcome).toBe('selected');
  });

  it('a cache without spec or metadata is reported, not a crash', () => {
    const noSpec = {
      apiVersion: 'eci.alibabacloud.com/v1',
      kind: 'ImageCache',
      metadata: { name: 'no-spec' },
      status: { phase: 'Ready', imageCacheId: 'imc-ns' },
    };
    const noMeta = {
      apiVersion: 'eci.alibabacloud.com/v1',
      kind: 'ImageCache',
      spec: { images: ['nginx:1.7.9'] },
      status: { phase: 'Ready', imageCacheId: 'imc-nm' },
    };
    const oddImages = { ...cache('odd-images', []), spec: { images: 'nginx:1.7.9' } };
    const caches = [noSpec, noMeta, oddImages] as unknown as ImageCache[];
    const result = select(autoPod(['nginx:1.7.9']), caches);
    expect(result.imageCacheId).toBe('imc-nm');
    expect(result.candidates.map((c) => [c.name, c.status, c.reasonCode, c.matchCount])).toEqual([
      ['', 'selected', undefined, 1],
      ['no-spec', 'excluded', 'no-images-matched', 0],
      ['odd-images', 'excluded', 'no-images-matched', 0],
    ]);
  });

  it('a cache without creationTimestamp still ranks, as the oldest, and says so', () => {
    const noTime = cache('a-no-time', ['nginx:1.7.9']);
    delete (noTime.metadata as { creationTimestamp?: string }).creationTimestamp;
    const result = select(autoPod(['nginx:1.7.9']), [noTime, cache('b', ['nginx:1.7.9'], { created: '2000-01-01T00:00:00Z' })]);
    expect(result.imageCacheId).toBe('imc-b');
    expect(result.candidates[1]?.reason).toBe(
      'created at an unknown time; b is newer (2000-01-01T00:00:00.000Z); ECI documents no order for this tie and may pick this one',
    );
  });

  it('skips cache images that are not strings, and counts a repeated image once', () => {
    const result = select(autoPod(['nginx:1.7.9', 'busybox:1.36']), [
      { ...cache('mixed', []), spec: { images: [42, 'nginx:1.7.9', 'docker.io/library/nginx:1.7.9', null] } } as unknown as ImageCache,
    ]);
    expect(result.candidates[0]).toMatchObject({ name: 'mixed', status: 'selected', matchCount: 1, matchedImages: ['docker.io/library/nginx:1.7.9'] });
  });

  it.each([
    ['absent', { phase: 'Ready' }],
    ['empty', { phase: 'Ready', imageCacheId: '' }],
    ['not a string', { phase: 'Ready', imageCacheId: 7 }],
  ])('a Ready cache whose imageCacheId is %s is excluded as no-id', (_name, status) => {
    const noId = { ...cache('c', ['nginx:1.7.9']), status } as unknown as ImageCache;
    const result = select(autoPod(['nginx:1.7.9']), [noId]);
    expect(result.outcome).toBe('no-match');
    expect(result.candidates[0]).toMatchObject({
      status: 'excluded',
      reasonCode: 'no-id',
      imageCacheId: undefined,
      reason: 'is Ready but has no status.imageCacheId',
    });
  });

  it('a phase of the empty string counts as no phase', () => {
    const result = select(autoPod(['nginx:1.7.9']), [cache('c', ['nginx:1.7.9'], { status: { phase: '' } })]);
    expect(result.candidates[0]).toMatchObject({ reasonCode: 'not-ready', reason: 'has no status.phase yet, so is not Ready' });
  });
});

describe('two caches carrying the same explicit id', () => {
  it('the first by name wins when both are usable; the other is reported lost on name', () => {
    const caches = [
      cache('zeta', ['nginx:1.7.9'], { status: { imageCacheId: 'imc-dup' } }),
      cache('alpha', ['busybox:1.36'], { status: { imageCacheId: 'imc-dup' } }),
    ];
    const result = select(pod({ [A.explicitId]: 'imc-dup' }, ['nginx:1.7.9']), caches);
    expect(result).toMatchObject({ outcome: 'selected', willFail: false, imageCacheId: 'imc-dup', requestedImageCacheId: 'imc-dup' });
    expect(result.cache).toBe(caches[1]);
    // The winner holds none of the pod's images: they are all pulled normally.
    expect(result.matchedImages).toEqual([]);
    expect(result.unmatchedImages).toEqual(['docker.io/library/nginx:1.7.9']);
    expect(result.candidates.map((c) => [c.name, c.status, c.reasonCode, c.rank, c.matchCount])).toEqual([
      ['alpha', 'selected', undefined, 1, 0],
      ['zeta', 'lost', 'name', 2, 1],
    ]);
    expect(result.candidates[1]?.reason).toBe('carries the same imageCacheId as alpha, which comes first by name');
  });

  it('both unusable: the pod fails on the first by name, and both are reported excluded', () => {
    const caches = [
      cache('b', ['nginx:1.7.9'], { status: { imageCacheId: 'imc-dup', expireDateTime: '2020-01-01T00:00:00Z' } }),
      cache('a', ['nginx:1.7.9'], { status: { imageCacheId: 'imc-dup', phase: 'Failed' } }),
    ];
    const result = select(pod({ [A.explicitId]: 'imc-dup' }, ['nginx:1.7.9']), caches);
    expect(result).toMatchObject({ outcome: 'explicit-not-ready', willFail: true, cache: undefined, imageCacheId: undefined });
    expect(result.candidates.map((c) => [c.name, c.status, c.reasonCode, c.rank])).toEqual([
      ['a', 'excluded', 'not-ready', undefined],
      ['b', 'excluded', 'expired', undefined],
    ]);
  });

  it('a usable one wins over an unusable one that comes first by name', () => {
    const caches = [
      cache('alpha', ['nginx:1.7.9'], { status: { imageCacheId: 'imc-dup', phase: 'Creating' } }),
      cache('zeta', ['nginx:1.7.9'], { status: { imageCacheId: 'imc-dup' } }),
    ];
    const result = select(pod({ [A.explicitId]: 'imc-dup' }, ['nginx:1.7.9']), caches);
    expect(result).toMatchObject({ outcome: 'selected', willFail: false, imageCacheId: 'imc-dup' });
    expect(result.cache).toBe(caches[1]);
    expect(createImageCacheMatcher([...caches].reverse(), at).select(pod({ [A.explicitId]: 'imc-dup' }, ['nginx:1.7.9'])).cache).toBe(caches[1]);
    expect(result.candidates.map((c) => [c.name, c.status, c.reasonCode])).toEqual([
      ['zeta', 'selected', undefined],
      ['alpha', 'excluded', 'not-ready'],
    ]);
  });

  it('the explicit cache’s matched images are those of the pod it holds, in pod order', () => {
    const result = select(pod({ [A.explicitId]: 'imc-x' }, ['redis:7', 'nginx:1.7.9', 'busybox:1.36']), [cache('x', ['nginx:1.7.9', 'redis:7'])]);
    expect(result.matchedImages).toEqual(['docker.io/library/redis:7', 'docker.io/library/nginx:1.7.9']);
    expect(result.unmatchedImages).toEqual(['docker.io/library/busybox:1.36']);
    expect(result.candidates[0]).toMatchObject({ status: 'selected', rank: 1, matchCount: 2 });
  });
});

describe('outcomes without a cache', () => {
  const caches = [cache('c', ['nginx:1.7.9'])];
  const images = ['nginx:1.7.9', 'busybox:1.36'];
  const all = ['docker.io/library/nginx:1.7.9', 'docker.io/library/busybox:1.36'];

  it.each([
    ['no-match', pod({ [A.auto]: 'true' }, ['redis:7', 'busybox:1.36']), ['docker.io/library/redis:7', 'docker.io/library/busybox:1.36']],
    ['disabled', pod({ [A.auto]: 'false' }, images), all],
    ['not-requested', pod({}, images), all],
  ] as const)('%s: no cache, nothing matched, every image pulled normally', (outcome, target, unmatched) => {
    const result = select(target, caches, { defaultAutoMatch: false });
    expect(result).toMatchObject({ outcome, willFail: false, cache: undefined, imageCacheId: undefined, requestedImageCacheId: undefined });
    expect(result.matchedImages).toEqual([]);
    expect(result.unmatchedImages).toEqual(unmatched);
  });

  it('lists the excluded by match count, then name, then id', () => {
    const result = select(autoPod(['nginx:1.7.9', 'busybox:1.36'], { [A.perfect]: 'true' }), [
      cache('b', ['nginx:1.7.9'], { status: { imageCacheId: 'imc-2' } }),
      cache('b', ['nginx:1.7.9'], { status: { imageCacheId: 'imc-1' } }),
      cache('a', ['nginx:1.7.9']),
      cache('z', ['nginx:1.7.9', 'redis:7', 'busybox:1.36'], { status: { phase: 'Failed' } }),
      cache('none', ['redis:7']),
    ]);
    expect(result.outcome).toBe('no-match');
    expect(result.candidates.map((c) => [c.name, c.imageCacheId, c.reasonCode, c.matchCount])).toEqual([
      ['z', 'imc-z', 'not-ready', 2],
      ['a', 'imc-a', 'not-perfect-match', 1],
      ['b', 'imc-1', 'not-perfect-match', 1],
      ['b', 'imc-2', 'not-perfect-match', 1],
      ['none', 'imc-none', 'no-images-matched', 0],
    ]);
  });
});

describe('excluded caches sharing a name', () => {
  it('are listed by id, a missing id first', () => {
    const caches = [
      cache('same', ['alpine:3'], { status: { imageCacheId: 'imc-2' } }),
      cache('same', ['alpine:3'], { status: { imageCacheId: 'imc-1' } }),
      cache('other', ['alpine:3'], { status: { imageCacheId: 'imc-0' } }),
      cache('same', ['alpine:3'], { status: { imageCacheId: 'A1' } }),
      cache('same', ['alpine:3'], { status: { imageCacheId: '' } }),
    ];
    for (const given of [caches, [...caches].reverse()]) {
      const result = selectImageCache(autoPod(['nginx:1.7.9']), given, at);
      expect(result.candidates.map((c) => [c.name, c.imageCacheId, c.reasonCode])).toEqual([
        ['other', 'imc-0', 'no-images-matched'],
        ['same', undefined, 'no-id'],
        ['same', 'A1', 'no-images-matched'],
        ['same', 'imc-1', 'no-images-matched'],
        ['same', 'imc-2', 'no-images-matched'],
      ]);
    }
  });
});
