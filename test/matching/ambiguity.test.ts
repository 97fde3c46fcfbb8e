// When ECI's documented rules cannot tell caches apart, the selection says so: `ambiguous` and
// `alternatives`, an explanation of what would settle it, and the same answer from the matcher.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createImageCacheMatcher, selectImageCache, type ImageCacheMatchOptions, type ImageCacheSelection } from '../../src/matching/index.js';
import type { ImageCache } from '../../src/types/index.js';
import { A, NOW, cache, pod } from './helpers.js';
import { propertyRuns } from '../support/property-runs.js';

const at = { now: NOW };
const autoPod = (images: string[], annotations: Record<string, string> = {}) => pod(annotations, images);

function verdict(s: ImageCacheSelection) {
  return { outcome: s.outcome, imageCacheId: s.imageCacheId, ambiguous: s.ambiguous, alternatives: s.alternatives };
}

describe('ambiguous selections', () => {
  it('two caches holding as many of the pod images, no sizes: the guess, and the other as alternative', () => {
    const caches = [
      cache('old', ['nginx:1.7.9'], { created: '2023-01-01T00:00:00Z' }),
      cache('new', ['nginx:1.7.9', 'redis:7'], { created: '2024-01-01T00:00:00Z' }),
    ];
    const result = selectImageCache(autoPod(['nginx:1.7.9']), caches, at);
    expect(verdict(result)).toEqual({ outcome: 'selected', imageCacheId: 'imc-new', ambiguous: true, alternatives: ['imc-old'] });
    const lines = result.explanation.split('\n');
    expect(lines.filter((l) => l.includes('pass imageSizes to settle it'))).toEqual([
      '  ambiguous: imc-old ties with imc-new on match degree; pass imageSizes to settle it (or name the cache with k8s.aliyun.com/eci-imc-id)',
    ]);
    expect(result.explanation).toContain('(a guess: ECI may pick imc-old instead)');
    expect(result.candidates[1]).toMatchObject({ name: 'old', reasonCode: 'older' });
    expect(result.candidates[1]?.reason).toContain('ECI documents no order for this tie and may pick this one');
    // alternatives is computed on first read, and JSON carries it like every other field.
    expect(JSON.parse(JSON.stringify(createImageCacheMatcher(caches, at).select(autoPod(['nginx:1.7.9']))))).toMatchObject({
      ambiguous: true,
      alternatives: ['imc-old'],
    });
  });

  it('lists every tied id once, in ranking order, never the chosen id, never a cache that lost on match degree', () => {
    const two = ['nginx:1.7.9', 'redis:7'];
    const caches = [
      cache('c', two, { created: '2024-03-01T00:00:00Z' }),
      cache('z', ['redis:7', 'nginx:1.7.9', 'centos:7'], { created: '2024-01-01T00:00:00Z' }),
      cache('a', two, { created: '2024-01-01T00:00:00Z' }),
      cache('b', two, { created: '2024-02-01T00:00:00Z' }),
      cache('b2', two, { created: '2024-02-01T00:00:00Z', status: { imageCacheId: 'imc-b' } }),
      cache('c2', two, { created: '2023-01-01T00:00:00Z', status: { imageCacheId: 'imc-c' } }),
      cache('lower', ['busybox:1.36'], { created: '2025-01-01T00:00:00Z' }),
      cache('broken', two, { created: '2025-01-01T00:00:00Z', status: { phase: 'Failed' } }),
    ];
    const result = selectImageCache(autoPod(['nginx:1.7.9', 'redis:7', 'busybox:1.36']), caches, at);
    expect(verdict(result)).toEqual({ outcome: 'selected', imageCacheId: 'imc-c', ambiguous: true, alternatives: ['imc-b', 'imc-a', 'imc-z'] });
    expect(createImageCacheMatcher(caches, at).select(autoPod(['nginx:1.7.9', 'redis:7', 'busybox:1.36'])).alternatives).toEqual(['imc-b', 'imc-a', 'imc-z']);
    const perfect = selectImageCache(
      autoPod(['nginx:1.7.9']),
      [cache('x', ['nginx:1.7.9']), cache('x2', ['nginx:1.7.9'], { status: { imageCacheId: 'imc-x' } })],
      at,
    );
    // Two objects carrying one id: ECI's choice is that id either way.
    expect(verdict(perfect)).toEqual({ outcome: 'selected', imageCacheId: 'imc-x', ambiguous: false, alternatives: [] });
  });

  it.each([
    ['one candidate', [cache('only', ['nginx:1.7.9'])], {}],
    ['a winner on match degree', [cache('both', ['nginx:1.7.9', 'redis:7'], { created: '2020-01-01T00:00:00Z' }), cache('one', ['nginx:1.7.9'])], {}],
    [
      'sizes that differ',
      [cache('big', ['nginx:1.7.9', 'redis:7']), cache('small', ['nginx:1.7.9', 'busybox:1.36'])],
      { imageSizes: { 'nginx:1.7.9': 5, 'redis:7': 50, 'busybox:1.36': 1 } },
    ],
  ] as const)('is certain with %s: ambiguous false, alternatives []', (_name, caches, options) => {
    const images = _name === 'one candidate' ? ['nginx:1.7.9'] : ['nginx:1.7.9', 'redis:7', 'busybox:1.36'];
    const result = selectImageCache(autoPod(images), caches as unknown as ImageCache[], { ...at, ...(options as ImageCacheMatchOptions) });
    expect(result.outcome).toBe('selected');
    expect([result.ambiguous, result.alternatives]).toEqual([false, []]);
    expect(result.explanation).not.toContain('ambiguous');
  });

  it('sizes settle a tie on match degree, except when they tie too', () => {
    const caches = [cache('a', ['nginx:1.7.9', 'redis:7']), cache('b', ['nginx:1.7.9', 'busybox:1.36'])];
    const podImages = ['nginx:1.7.9', 'redis:7', 'busybox:1.36'];
    expect(selectImageCache(autoPod(podImages), caches, at).ambiguous).toBe(true);
    const settled = selectImageCache(autoPod(podImages), caches, { ...at, imageSizes: { 'nginx:1.7.9': 1, 'redis:7': 1, 'busybox:1.36': 2 } });
    expect(verdict(settled)).toEqual({ outcome: 'selected', imageCacheId: 'imc-b', ambiguous: false, alternatives: [] });
    const sameSize = selectImageCache(autoPod(podImages), caches, { ...at, imageSizes: { 'nginx:1.7.9': 1, 'redis:7': 2, 'busybox:1.36': 2 } });
    expect(verdict(sameSize)).toEqual({ outcome: 'selected', imageCacheId: 'imc-a', ambiguous: true, alternatives: ['imc-b'] });
    expect(sameSize.explanation).toContain('imc-b ties with imc-a on match degree and size; no source says how ECI orders such a tie');
    expect(sameSize.explanation).not.toContain('pass imageSizes');
  });

  it('is never ambiguous outside auto mode', () => {
    const caches = [cache('a', ['nginx:1.7.9']), cache('b', ['nginx:1.7.9'])];
    for (const annotations of [{ [A.explicitId]: 'imc-a' }, { [A.explicitId]: 'imc-zzz' }, { [A.auto]: 'false' }] as Record<string, string>[]) {
      expect(selectImageCache(autoPod(['nginx:1.7.9'], annotations), caches, at)).toMatchObject({ ambiguous: false, alternatives: [] });
    }
  });
});

describe('no match with auto-match on', () => {
  it('says ECI pulls the images and may create a cache automatically', () => {
    const result = selectImageCache(autoPod(['redis:7']), [cache('other', ['nginx:1.7.9'])], at);
    expect(result).toMatchObject({ mode: 'auto', outcome: 'no-match', willFail: false, ambiguous: false, alternatives: [] });
    expect(result.explanation).toContain(
      "ECI pulls the pod's images and, where automatic image cache creation is on, may create a cache from them for next time",
    );
  });
});

// Few images, ids, times and sizes, so that ties are the common case.
const IMAGES = ['nginx:1.7.9', 'redis:7', 'busybox:1.36'];
const tieCachesArb = fc
  .array(
    fc.record({
      images: fc.subarray(IMAGES, { minLength: 1 }),
      id: fc.constantFrom('imc-a', 'imc-b', 'imc-c', 'imc-d'),
      created: fc.constantFrom('2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z'),
      phase: fc.constantFrom('Ready', 'Ready', 'Ready', 'Failed'),
    }),
    { maxLength: 7 },
  )
  .map((specs) => specs.map((s, i) => cache(`cache-${i}`, s.images, { created: s.created, status: { imageCacheId: s.id, phase: s.phase } })));
const tieOptionsArb: fc.Arbitrary<ImageCacheMatchOptions> = fc.record({
  now: fc.constant(NOW),
  sizeRank: fc.constantFrom('largest-matched' as const, 'closest-total' as const),
  imageSizes: fc.option(fc.dictionary(fc.constantFrom(...IMAGES), fc.constantFrom(0, 1, 2)), { nil: undefined }),
});
const tiePodArb = fc.record({
  images: fc.subarray(IMAGES, { minLength: 1 }),
  annotations: fc.constantFrom<Record<string, string>>({}, { [A.count]: '2' }, { [A.perfect]: 'true' }),
});
const runs = { numRuns: propertyRuns(500), seed: 1111 };

describe('ambiguity properties', () => {
  it('alternatives are exactly the other ids of the candidates that lost only on the undocumented rules', () => {
    let seenAmbiguous = 0;
    fc.assert(
      fc.property(tiePodArb, tieCachesArb, tieOptionsArb, (p, caches, options) => {
        const result = selectImageCache(autoPod(p.images, p.annotations), caches, options);
        const tiedIds = result.candidates
          .filter((c) => c.status === 'lost' && (c.reasonCode === 'older' || c.reasonCode === 'name') && c.imageCacheId !== result.imageCacheId)
          .map((c) => c.imageCacheId);
        expect(result.alternatives).toEqual([...new Set(tiedIds)]);
        expect(result.ambiguous).toBe(result.alternatives.length > 0);
        if (result.ambiguous) seenAmbiguous += 1;
        expect(result.explanation.includes('\n  ambiguous: ')).toBe(result.ambiguous);
      }),
      runs,
    );
    // The generator must make ties common, or the properties below prove little.
    expect(seenAmbiguous).toBeGreaterThan(runs.numRuns / 10);
  });

  it('shuffling the caches changes neither ambiguous nor alternatives', () => {
    fc.assert(
      fc.property(
        tiePodArb,
        tieCachesArb.chain((caches) => fc.tuple(fc.constant(caches), fc.shuffledSubarray(caches, { minLength: caches.length }))),
        tieOptionsArb,
        (p, [caches, shuffled], options) => {
          const target = autoPod(p.images, p.annotations);
          expect(verdict(selectImageCache(target, shuffled, options))).toEqual(verdict(selectImageCache(target, caches, options)));
          expect(verdict(createImageCacheMatcher(shuffled, options).select(target))).toEqual(verdict(selectImageCache(target, caches, options)));
        },
      ),
      runs,
    );
  });

  it('createImageCacheMatcher agrees with selectImageCache on ambiguous and alternatives', () => {
    fc.assert(
      fc.property(fc.array(tiePodArb, { minLength: 1, maxLength: 4 }), tieCachesArb, tieOptionsArb, (pods, caches, options) => {
        const matcher = createImageCacheMatcher(caches, options);
        for (const p of pods) {
          const target = autoPod(p.images, p.annotations);
          const fromMatcher = matcher.select(target);
          const fromSelect = selectImageCache(target, caches, options);
          expect([fromMatcher.ambiguous, fromMatcher.alternatives]).toEqual([fromSelect.ambiguous, fromSelect.alternatives]);
          expect(fromMatcher.explanation).toBe(fromSelect.explanation);
        }
      }),
      runs,
    );
  });
});
