// The index an informer's live matcher keeps up to date one cache at a time: after adds,
// replacements, removals and moves of `now`, it must answer as a scan of the caches it holds.
import { describe, expect, it } from 'vitest';
import { CacheIndex } from '../../src/matching/cache-index.js';
import { listCandidates, scanSource, type CacheSource } from '../../src/matching/cache-source.js';
import { createImageKeyer } from '../../src/matching/image-keys.js';
import { readPod, type PodView } from '../../src/matching/pod-view.js';
import { prepareCache } from '../../src/matching/prepared-cache.js';
import type { ImageCache } from '../../src/types/index.js';
import { A, NOW, cache, pod } from './helpers.js';

const keyOf = createImageKeyer();
const nowMs = NOW.getTime();
const HOUR = 3_600_000;
const podOf = (images: string[], annotations: Record<string, string> = { [A.auto]: 'true' }) => readPod(pod(annotations, images), keyOf);
const expiring = (name: string, images: string[], at: number) => cache(name, images, { status: { expireDateTime: new Date(at).toISOString() } });

/** Candidates as [name, count] pairs sorted by name, and the largest count. */
function candidatesOf(source: CacheSource, target: PodView) {
  const answer = source.candidates(target);
  const kept = listCandidates(answer);
  const pairs = kept.caches.map((prepared, i) => [prepared.name, kept.counts[i]] as const).sort(([a], [b]) => (a < b ? -1 : 1));
  return { pairs, maxCount: answer.maxCount };
}

const namesOf = (list: readonly { name: string }[]) => list.map((p) => p.name).sort();

/** Everything the index's source answers, next to what a scan of `caches` answers. */
function expectSameAsScan(index: CacheIndex, caches: readonly ImageCache[], pods: readonly PodView[], ids: readonly string[]) {
  const scan = scanSource(caches.map((c) => prepareCache(c, index.nowMs, keyOf)));
  expect(index.size).toBe(caches.length);
  expect(namesOf(index.source.all)).toEqual(namesOf(scan.all));
  for (const id of ids) expect(namesOf(index.source.withId(id))).toEqual(namesOf(scan.withId(id)));
  for (const target of pods) expect(candidatesOf(index.source, target)).toEqual(candidatesOf(scan, target));
}

describe('CacheIndex', () => {
  const pods = [podOf(['nginx:1.7.9']), podOf(['nginx:1.7.9', 'redis:7']), podOf(['busybox:1.36', 'redis:7', 'nginx:1.7.9']), podOf([])];
  const ids = ['imc-a', 'imc-b', 'imc-c', 'imc-d', 'imc-shared'];

  it('counts how many of the pod’s distinct images each usable cache holds, once per cache', () => {
    const index = new CacheIndex(nowMs, keyOf);
    index.add(cache('a', ['nginx:1.7.9', 'redis:7', 'busybox:1.36']));
    index.add(cache('b', ['redis:7']));
    index.add(cache('c', ['redis:7'], { status: { phase: 'Creating' } }));
    expect(candidatesOf(index.source, pods[2] as PodView)).toEqual({
      pairs: [
        ['a', 3],
        ['b', 1],
      ],
      maxCount: 3,
    });
    // The counters are reset between pods.
    expect(candidatesOf(index.source, pods[1] as PodView)).toEqual({
      pairs: [
        ['a', 2],
        ['b', 1],
      ],
      maxCount: 2,
    });
    expect(candidatesOf(index.source, pods[3] as PodView)).toEqual({ pairs: [], maxCount: 0 });
  });

  it('answers as a scan after adds, replacements and removals, and reuses freed slots', () => {
    const index = new CacheIndex(nowMs, keyOf);
    let a = cache('a', ['nginx:1.7.9', 'redis:7']);
    let b = cache('b', ['nginx:1.7.9']);
    const c = cache('c', ['redis:7', 'busybox:1.36'], { status: { imageCacheId: 'imc-shared' } });
    const d = cache('d', ['nginx:1.7.9'], { status: { imageCacheId: 'imc-shared' } });
    const slots = [a, b, c, d].map((x) => index.add(x));
    expect(slots).toEqual([0, 1, 2, 3]);
    expect(index.cacheAt(2)).toBe(c);
    expectSameAsScan(index, [a, b, c, d], pods, ids);

    // The first holder of a key and of an id goes: the others still hold them.
    index.remove(0);
    expect(index.cacheAt(0)).toBeUndefined();
    expectSameAsScan(index, [b, c, d], pods, ids);
    index.remove(2);
    expectSameAsScan(index, [b, d], pods, ids);

    // Replacing changes images, usability and id in place.
    b = cache('b', ['redis:7'], { status: { phase: 'Failed' } });
    index.replace(1, b);
    expect(index.cacheAt(1)).toBe(b);
    expectSameAsScan(index, [b, d], pods, ids);
    a = cache('a', ['busybox:1.36', 'nginx:1.7.9']);
    expect(index.add(a)).toBe(2);
    expect(index.add(c)).toBe(0);
    expect(index.add(cache('e', ['redis:7']))).toBe(4);
    expectSameAsScan(index, [a, b, c, d, index.cacheAt(4) as ImageCache], pods, ids);

    // The last holder goes: the key is no longer covered and the id names nothing.
    for (const slot of [0, 1, 2, 3, 4]) index.remove(slot);
    expectSameAsScan(index, [], pods, ids);
    expect(index.lintContext(undefined as never).covered('docker.io/library/nginx:1.7.9')).toBe(false);
  });

  it('counts every cache when there are more than its first capacity', () => {
    const index = new CacheIndex(nowMs, keyOf);
    const caches = Array.from({ length: 70 }, (_, i) => cache(`c${String(i).padStart(2, '0')}`, i % 2 === 0 ? ['nginx:1.7.9', 'redis:7'] : ['redis:7']));
    for (const c of caches) index.add(c);
    expectSameAsScan(index, caches, pods, ids);
    expect(candidatesOf(index.source, pods[1] as PodView).pairs).toHaveLength(70);
  });

  it('covers a key only while a usable cache holds it, and lists the relevant caches by name', () => {
    const index = new CacheIndex(nowMs, keyOf);
    const nginx = 'docker.io/library/nginx:1.7.9';
    const redis = 'docker.io/library/redis:7';
    index.add(cache('z', ['nginx:1.7.9']));
    index.add(cache('m', ['redis:7'], { status: { phase: 'Creating' } }));
    index.add(cache('b', ['busybox:1.36'], { status: { imageCacheId: 'imc-x' } }));
    index.add(cache('a', ['nginx:1.7.9', 'redis:7']));
    const context = index.lintContext(undefined as never);
    expect(context.covered(nginx)).toBe(true);
    expect(context.covered(redis)).toBe(true);
    index.remove(3);
    expect(context.covered(nginx)).toBe(true);
    expect(context.covered(redis)).toBe(false);
    index.add(cache('a', ['nginx:1.7.9', 'redis:7']));
    const target = podOf(['redis:7', 'nginx:1.7.9'], { [A.explicitId]: 'imc-x' });
    expect(context.relevant(target).map((p) => p.name)).toEqual(['a', 'b', 'm', 'z']);
    expect(context.relevant(podOf(['redis:7'])).map((p) => p.name)).toEqual(['a', 'm']);
  });
});

describe('CacheIndex expiry', () => {
  const target = podOf(['nginx:1.7.9']);

  it('knows the earliest expiry ahead among usable caches only', () => {
    const index = new CacheIndex(nowMs, keyOf);
    expect(index.nextExpiryMs).toBe(Number.POSITIVE_INFINITY);
    index.add(cache('never', ['nginx:1.7.9']));
    index.add(cache('empty', ['nginx:1.7.9'], { status: { expireDateTime: '' } }));
    index.add(cache('null', ['nginx:1.7.9'], { status: { expireDateTime: null as never } }));
    expect(index.nextExpiryMs).toBe(Number.POSITIVE_INFINITY);
    // Excluded caches never become usable by time passing, so their expiry is not waited for.
    index.add(cache('past', ['nginx:1.7.9'], { status: { expireDateTime: new Date(nowMs - HOUR).toISOString() } }));
    index.add(cache('creating', ['nginx:1.7.9'], { status: { phase: 'Creating', expireDateTime: new Date(nowMs + HOUR).toISOString() } }));
    expect(index.nextExpiryMs).toBe(Number.POSITIVE_INFINITY);
    index.add(expiring('late', ['nginx:1.7.9'], nowMs + 3 * HOUR));
    expect(index.nextExpiryMs).toBe(nowMs + 3 * HOUR);
    index.add(expiring('soon', ['nginx:1.7.9'], nowMs + 2 * HOUR));
    index.add(expiring('later', ['nginx:1.7.9'], nowMs + 4 * HOUR));
    expect(index.nextExpiryMs).toBe(nowMs + 2 * HOUR);
  });

  it('judges expiry at a later now: caches expiring by then (inclusive) stop being candidates', () => {
    const index = new CacheIndex(nowMs, keyOf);
    const caches = [
      cache('never', ['nginx:1.7.9']),
      expiring('one', ['nginx:1.7.9'], nowMs + HOUR),
      expiring('two', ['nginx:1.7.9'], nowMs + 2 * HOUR),
      expiring('three', ['nginx:1.7.9'], nowMs + 3 * HOUR),
    ];
    for (const c of caches) index.add(c);
    expect(candidatesOf(index.source, target).pairs.map(([name]) => name)).toEqual(['never', 'one', 'three', 'two']);

    index.setNow(nowMs + 2 * HOUR);
    expect(index.nowMs).toBe(nowMs + 2 * HOUR);
    expect(candidatesOf(index.source, target).pairs.map(([name]) => name)).toEqual(['never', 'three']);
    expect(index.source.all.find((p) => p.name === 'two')?.exclusion?.code).toBe('expired');
    expect(index.nextExpiryMs).toBe(nowMs + 3 * HOUR);
    expectSameAsScan(index, caches, [target], ['imc-one', 'imc-two', 'imc-three']);

    index.setNow(nowMs + 5 * HOUR);
    expect(candidatesOf(index.source, target).pairs.map(([name]) => name)).toEqual(['never']);
    expect(index.nextExpiryMs).toBe(Number.POSITIVE_INFINITY);
  });

  it('never moves now back, and keeps its answers when asked to', () => {
    const index = new CacheIndex(nowMs, keyOf);
    index.add(expiring('one', ['nginx:1.7.9'], nowMs + HOUR));
    index.setNow(nowMs - HOUR);
    expect(index.nowMs).toBe(nowMs);
    expect(index.nextExpiryMs).toBe(nowMs + HOUR);
    expect(candidatesOf(index.source, target).pairs).toEqual([['one', 1]]);
  });

  it('forgets the expiry of a cache that is removed or replaced', () => {
    const index = new CacheIndex(nowMs, keyOf);
    const soon = index.add(expiring('soon', ['nginx:1.7.9'], nowMs + HOUR));
    const late = index.add(expiring('late', ['nginx:1.7.9'], nowMs + 2 * HOUR));
    index.remove(soon);
    index.replace(late, cache('late', ['nginx:1.7.9']));
    index.setNow(nowMs + 3 * HOUR);
    expect(index.nextExpiryMs).toBe(Number.POSITIVE_INFINITY);
    expect(candidatesOf(index.source, target).pairs).toEqual([['late', 1]]);
  });
});
