// fast-check properties of selection: what must hold for every pod and every set of caches.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createImageCacheMatcher, lintWorkload, selectImageCache, type ImageCacheMatchOptions } from '../../src/matching/index.js';
import type { ImageCache } from '../../src/types/index.js';
import { A, DIGEST, NOW, OTHER_DIGEST, observable } from './helpers.js';

const VPC = 'registry-vpc.cn-beijing.aliyuncs.com';
const PUBLIC = 'registry.cn-beijing.aliyuncs.com';
// A small pool, so that pods and caches share images often; the same image in several spellings.
const IMAGE_POOL = [
  'nginx',
  'nginx:latest',
  'docker.io/library/nginx:latest',
  'nginx:1.7.9',
  'index.docker.io/library/nginx:1.7.9',
  'busybox:latest',
  'busybox:1.36',
  `nginx@${DIGEST}`,
  `nginx:1.25@${DIGEST}`,
  `nginx@${OTHER_DIGEST}`,
  `${VPC}/acs/pause-amd64:3.0`,
  `${PUBLIC}/acs/pause-amd64:3.0`,
  'redis:7',
  'centos:latest',
  'Invalid:Image',
];
const ids = ['imc-a', 'imc-b', 'imc-c', 'imc-d', 'imc-e'];
const times = ['2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z', '2024-03-01T00:00:00Z'];

// Mostly usable caches, so that ties and rankings among candidates are common.
const statusArb = fc
  .record({
    phase: fc.oneof({ arbitrary: fc.constant('Ready'), weight: 5 }, { arbitrary: fc.constantFrom('Creating', 'Failed', 'UpdateFailed'), weight: 1 }),
    imageCacheId: fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 8 }, { arbitrary: fc.constant(''), weight: 1 }),
    expireDateTime: fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 4 },
      { arbitrary: fc.constantFrom('2024-05-01T00:00:00Z', '2024-07-01T00:00:00Z', NOW.toISOString(), 'never'), weight: 2 },
    ),
  })
  .map(({ expireDateTime, ...rest }) => (expireDateTime === undefined ? rest : { ...rest, expireDateTime }));

const cachesArb = fc
  .array(
    fc.record({
      images: fc.array(fc.constantFrom(...IMAGE_POOL), { minLength: 1, maxLength: 5 }),
      status: fc.option(statusArb, { nil: undefined, freq: 8 }),
      created: fc.option(fc.constantFrom(...times), { nil: undefined }),
    }),
    { maxLength: 8 },
  )
  .map((specs) =>
    specs.map(
      (s, i): ImageCache => ({
        apiVersion: 'eci.alibabacloud.com/v1',
        kind: 'ImageCache',
        // Names are unique within a cluster; the generator keeps them so.
        metadata: { name: `cache-${i}`, ...(s.created ? { creationTimestamp: s.created } : {}) },
        spec: { images: s.images },
        ...(s.status ? { status: s.status } : {}),
      }),
    ),
  );

const annotationsArb = fc.record(
  {
    [A.explicitId]: fc.constantFrom(...ids, 'imc-missing', ''),
    [A.legacyExplicitId]: fc.constantFrom(...ids),
    [A.auto]: fc.constantFrom('true', 'false', 'True', 'yes'),
    [A.legacyAuto]: fc.constantFrom('true', 'false', '1'),
    [A.perfect]: fc.constantFrom('true', 'false'),
    [A.count]: fc.constantFrom('0', '1', '2', '3', 'x'),
  },
  { requiredKeys: [] },
);

const targetArb = fc
  .record({
    kind: fc.constantFrom('Pod', 'Deployment', 'CronJob', 'DaemonSet'),
    annotations: annotationsArb,
    images: fc.array(fc.constantFrom(...IMAGE_POOL), { minLength: 0, maxLength: 4 }),
    init: fc.array(fc.constantFrom(...IMAGE_POOL), { maxLength: 2 }),
  })
  .map(({ kind, annotations, images, init }) => {
    const target = build(kind, annotations as Record<string, string>, images, init);
    generatedAnnotations.set(target, annotations as Record<string, string>);
    return target;
  });

// The pod-template annotations each generated target was built with.
const generatedAnnotations = new WeakMap<object, Record<string, string>>();

function build(kind: string, annotations: Record<string, string>, images: string[], init: string[]) {
  const template = {
    metadata: { annotations },
    spec: { containers: images.map((image) => ({ image })), initContainers: init.map((image) => ({ image })) },
  };
  if (kind === 'Pod') return { kind, metadata: { name: 'p', ...template.metadata }, spec: template.spec };
  if (kind === 'CronJob') return { kind, metadata: { name: 'cj' }, spec: { jobTemplate: { spec: { template } } } };
  return { kind, metadata: { name: 'd' }, spec: { template } };
}

const optionsArb: fc.Arbitrary<ImageCacheMatchOptions> = fc.record({
  now: fc.constant(NOW),
  defaultAutoMatch: fc.boolean(),
  registryAliases: fc.constantFrom([], [[VPC, PUBLIC]]),
  sizeRank: fc.constantFrom('largest-matched' as const, 'closest-total' as const),
  imageSizes: fc.option(fc.dictionary(fc.constantFrom(...IMAGE_POOL.filter((i) => !i.startsWith('Invalid'))), fc.nat(1000)), { nil: undefined }),
});

const scenario = fc.record({ target: targetArb, caches: cachesArb, options: optionsArb });

const runs = { numRuns: 400, seed: 20240601 };

describe('selection properties', () => {
  it('a selected cache is always Ready, unexpired, has an id, and holds what it claims', () => {
    fc.assert(
      fc.property(scenario, ({ target, caches, options }) => {
        const result = selectImageCache(target, caches, options);
        if (result.outcome !== 'selected') {
          expect(result.cache).toBeUndefined();
          return;
        }
        const status = result.cache?.status;
        expect(status?.phase).toBe('Ready');
        expect(status?.imageCacheId).toBeTruthy();
        expect(result.imageCacheId).toBe(status?.imageCacheId);
        const expire = status?.expireDateTime;
        if (expire !== undefined) expect(Date.parse(expire)).toBeGreaterThan(NOW.getTime());
        expect([...result.matchedImages, ...result.unmatchedImages].sort()).toEqual([...result.images].sort());
        if (result.mode === 'auto') {
          expect(result.matchedImages.length).toBeGreaterThanOrEqual(result.requirement?.minMatchCount ?? 1);
          if (result.requirement?.perfectMatch) expect(result.unmatchedImages).toEqual([]);
        }
      }),
      runs,
    );
  });

  it('explicit always wins: a non-empty explicit id means explicit mode and that id, a failure, or unknown', () => {
    fc.assert(
      fc.property(scenario, ({ target, caches, options }) => {
        const annotations = generatedAnnotations.get(target);
        const result = selectImageCache(target, caches, options);
        const id = annotations?.[A.explicitId] || annotations?.[A.legacyExplicitId];
        if (!id || result.outcome === 'not-on-eci') return;
        expect(result.mode).toBe('explicit');
        expect(result.requestedImageCacheId).toBe(id);
        const listed = caches.some((c) => c.status?.imageCacheId === id);
        if (result.outcome === 'selected') expect(result.imageCacheId).toBe(id);
        else if (listed) expect(result.willFail).toBe(true);
        else expect([result.outcome, result.willFail]).toEqual(['explicit-unknown', false]);
      }),
      runs,
    );
  });

  it('shuffling the caches changes nothing', () => {
    fc.assert(
      fc.property(
        scenario.chain((s) => fc.shuffledSubarray(s.caches, { minLength: s.caches.length }).map((shuffled) => ({ ...s, shuffled }))),
        ({ target, caches, shuffled, options }) => {
          expect(observable(selectImageCache(target, shuffled, options))).toEqual(observable(selectImageCache(target, caches, options)));
          expect(lintWorkload(target, shuffled, options)).toEqual(lintWorkload(target, caches, options));
        },
      ),
      runs,
    );
  });

  it('createImageCacheMatcher and selectImageCache always agree', () => {
    fc.assert(
      fc.property(scenario, fc.array(targetArb, { maxLength: 3 }), ({ target, caches, options }, more) => {
        const matcher = createImageCacheMatcher(caches, options);
        for (const t of [target, ...more]) {
          expect(observable(matcher.select(t))).toEqual(observable(selectImageCache(t, caches, options)));
        }
      }),
      runs,
    );
  });

  it('the lazy candidate list agrees with the eager fields', () => {
    fc.assert(
      fc.property(scenario, ({ target, caches, options }) => {
        const result = createImageCacheMatcher(caches, options).select(target);
        const selected = result.candidates.filter((c) => c.status === 'selected');
        if (result.outcome === 'selected') {
          expect(selected.map((c) => c.cache)).toEqual([result.cache]);
          expect(selected[0]?.matchedImages).toEqual(result.matchedImages);
        } else {
          expect(selected).toEqual([]);
        }
        for (const c of result.candidates) expect(c.status === 'selected').toBe(c.reasonCode === undefined);
      }),
      runs,
    );
  });
});
