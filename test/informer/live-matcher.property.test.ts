// The live matcher against a matcher built from scratch: after any sequence of store changes
// (adds, updates, deletes, relists), both answer every pod the same.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLiveMatcher } from '../../src/client/informer/live-matcher.js';
import { InformerStore } from '../../src/client/informer/store.js';
import { scanImageCacheList } from '../../src/client/lazy/scan.js';
import { StoredCache } from '../../src/client/lazy/stored-cache.js';
import { createImageCacheMatcher, type ImageCacheMatchOptions } from '../../src/matching/index.js';
import type { ImageCache } from '../../src/types/index.js';
import { A, DIGEST, NOW, observable } from '../matching/helpers.js';

const IMAGES = ['nginx', 'nginx:1.25', 'docker.io/library/nginx:latest', 'busybox:1.36', `nginx@${DIGEST}`, 'redis:7', 'Invalid:Image'];
const NAMES = ['a', 'b', 'c', 'd', 'e', 'f'];
const ids = ['imc-a', 'imc-b', 'imc-c'];

const cacheArb = fc.record({
  name: fc.constantFrom(...NAMES),
  images: fc.array(fc.constantFrom(...IMAGES), { minLength: 1, maxLength: 4 }),
  phase: fc.constantFrom('Ready', 'Ready', 'Ready', 'Creating', 'Failed'),
  id: fc.constantFrom(...ids, ''),
  expire: fc.constantFrom(undefined, '2024-05-01T00:00:00Z', '2024-07-01T00:00:00Z'),
  created: fc.constantFrom('2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z', undefined),
});

type CacheSpec = typeof cacheArb extends fc.Arbitrary<infer T> ? T : never;
// `scanned`: the change arrives as a list or watch scan gives it, the cache still JSON bytes.
// `keyed`: the complete state comes keyed by name, as a streaming list hands it over (replaceByName).
type Op =
  | { kind: 'upsert'; cache: CacheSpec; scanned: boolean }
  | { kind: 'delete'; name: string }
  | { kind: 'replace'; caches: CacheSpec[]; scanned: boolean; keyed: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ cache: cacheArb, scanned: fc.boolean() }).map(({ cache, scanned }) => ({ kind: 'upsert' as const, cache, scanned })), weight: 6 },
  { arbitrary: fc.constantFrom(...NAMES).map((name) => ({ kind: 'delete' as const, name })), weight: 2 },
  {
    arbitrary: fc
      .record({ caches: fc.array(cacheArb, { maxLength: 5 }), scanned: fc.boolean(), keyed: fc.boolean() })
      .map(({ caches, scanned, keyed }) => ({ kind: 'replace' as const, caches, scanned, keyed })),
    weight: 1,
  },
);

const podArb = fc
  .record({
    images: fc.array(fc.constantFrom(...IMAGES), { maxLength: 3 }),
    auto: fc.constantFrom('true', 'false', undefined),
    id: fc.constantFrom(...ids, 'imc-missing', undefined),
    count: fc.constantFrom('1', '2', undefined),
  })
  .map(({ images, auto, id, count }) => {
    const annotations: Record<string, string> = {};
    if (auto !== undefined) annotations[A.auto] = auto;
    if (id !== undefined) annotations[A.explicitId] = id;
    if (count !== undefined) annotations[A.count] = count;
    return { kind: 'Pod', metadata: { name: 'p', annotations }, spec: { containers: images.map((image) => ({ image })) } };
  });

let rv = 0;
function toCache(c: CacheSpec): ImageCache {
  rv += 1;
  return {
    apiVersion: 'eci.alibabacloud.com/v1',
    kind: 'ImageCache',
    metadata: { name: c.name, resourceVersion: String(rv), ...(c.created ? { creationTimestamp: c.created } : {}) },
    spec: { images: c.images },
    status: { phase: c.phase, imageCacheId: c.id, ...(c.expire ? { expireDateTime: c.expire } : {}) },
  };
}

/** The caches as the informer's list scan hands them to the store: bytes, not yet parsed. */
function asBytes(caches: ImageCache[]): StoredCache[] {
  const list = scanImageCacheList(Buffer.from(JSON.stringify({ apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCacheList', metadata: {}, items: caches })));
  if (!list) throw new Error('the scanner refused a list JSON.stringify wrote');
  return list.items.map(StoredCache.fromScan);
}

/** Applies `op` to `store`, and the same change, always as objects, to `twin`. */
function apply(store: InformerStore, twin: InformerStore, op: Op): void {
  if (op.kind === 'upsert') {
    const object = toCache(op.cache);
    store.upsert(op.scanned ? (asBytes([object])[0] as StoredCache) : object);
    twin.upsert(object);
  } else if (op.kind === 'delete') {
    const existing = store.get(op.name);
    if (existing) store.delete(existing);
    if (existing) twin.delete(existing);
  } else {
    const objects = [...new Map(op.caches.map((c) => [c.name, toCache(c)])).values()];
    const inputs = op.scanned ? asBytes(objects) : objects;
    if (op.keyed) store.replaceByName(new Map(inputs.map((input, i) => [objects[i]?.metadata.name as string, input])), String(rv));
    else store.replace(inputs, String(rv));
    twin.replace(objects, String(rv));
  }
}

/** The store's indexes answer as those of a store that only ever saw objects. */
function expectSameIndexes(store: InformerStore, twin: InformerStore): void {
  const names = (caches: ImageCache[]) => caches.map((c) => `${c.metadata.name}@${c.metadata.resourceVersion}`).sort();
  for (const image of IMAGES) expect(names(store.byImage(image))).toEqual(names(twin.byImage(image)));
  for (const id of [...ids, '']) expect(names(store.byImageCacheId(id))).toEqual(names(twin.byImageCacheId(id)));
}

describe('informer live matcher', () => {
  it('answers every pod as createImageCacheMatcher(informer.list()) does, after any sequence of changes', () => {
    const options: ImageCacheMatchOptions = { now: NOW, registryAliases: [] };
    fc.assert(
      fc.property(
        fc.array(cacheArb, { maxLength: 4 }),
        fc.array(opArb, { maxLength: 25 }),
        fc.array(podArb, { minLength: 1, maxLength: 3 }),
        (initial, ops, pods) => {
          const store = new InformerStore();
          const twin = new InformerStore();
          for (const c of initial) apply(store, twin, { kind: 'upsert', cache: c, scanned: true });
          // One matcher built before the changes (kept up to date) and one built half-way.
          const early = createLiveMatcher(store, options);
          let late: ReturnType<typeof createLiveMatcher> | undefined;
          ops.forEach((op, i) => {
            apply(store, twin, op);
            if (i === Math.floor(ops.length / 2)) late = createLiveMatcher(store, options);
          });
          const fresh = createImageCacheMatcher([...store.values()], options);
          for (const pod of pods) {
            const expected = observable(fresh.select(pod));
            expect(observable(early.select(pod))).toEqual(expected);
            if (late) expect(observable(late.select(pod))).toEqual(expected);
            expect(early.lint(pod)).toEqual(fresh.lint(pod));
          }
          expect(early.caches.map((c) => c.metadata.name).sort()).toEqual([...store.values()].map((c) => c.metadata.name).sort());
          expectSameIndexes(store, twin);
          early.close();
          late?.close();
        },
      ),
      { numRuns: 300, seed: 15 },
    );
  });

  it('stops following the store once closed', () => {
    const store = new InformerStore();
    const matcher = createLiveMatcher(store, { now: NOW });
    matcher.close();
    store.upsert(toCache({ name: 'a', images: ['nginx'], phase: 'Ready', id: 'imc-a', expire: undefined, created: undefined }));
    expect(matcher.caches).toEqual([]);
  });

  it('without a fixed now, stops choosing a cache once its expiry passes', () => {
    const store = new InformerStore();
    const soon = new Date(Date.now() + 150).toISOString();
    store.upsert({
      apiVersion: 'eci.alibabacloud.com/v1',
      kind: 'ImageCache',
      metadata: { name: 'soon', resourceVersion: '1' },
      spec: { images: ['nginx:1.25'] },
      status: { phase: 'Ready', imageCacheId: 'imc-soon', expireDateTime: soon },
    });
    const matcher = createLiveMatcher(store, {});
    const pod = { kind: 'Pod', metadata: { name: 'p', annotations: { [A.auto]: 'true' } }, spec: { containers: [{ image: 'nginx:1.25' }] } };
    expect(matcher.select(pod).imageCacheId).toBe('imc-soon');
    return new Promise<void>((resolve) =>
      setTimeout(() => {
        expect(matcher.select(pod).outcome).not.toBe('selected');
        resolve();
      }, 200),
    );
  });
});
