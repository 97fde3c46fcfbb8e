/**
 * The index a matcher selects through: prepared caches by image key and by imageCacheId, with
 * scratch counters for counting a pod's matches without allocating. It can be built once
 * (`createImageCacheMatcher`) or kept up to date one cache at a time (an informer's live matcher):
 * adding, replacing or removing a cache costs in proportion to its images, not to the number of
 * caches.
 * @packageDocumentation
 */
import type { ImageCache } from '../types/index.js';
import type { ImageKeyer } from './image-keys.js';
import type { LintCacheContext } from './lint-rules.js';
import type { PodView } from './pod-view.js';
import { byName, prepareCache, type PreparedCache } from './prepared-cache.js';
import type { CacheSource, Candidates } from './cache-source.js';
import type { ImageCacheSelection } from './selection.js';

function addTo<K>(map: Map<K, number[]>, key: K, position: number): void {
  const list = map.get(key);
  if (list) list.push(position);
  else map.set(key, [position]);
}

function removeFrom<K>(map: Map<K, number[]>, key: K, position: number): void {
  const list = map.get(key);
  if (!list) return;
  const at = list.indexOf(position);
  // Stryker disable next-line ConditionalExpression: equivalent, every caller removes a position the list holds
  if (at < 0) return;
  // Order within a key does not matter to selection (ties are broken by age and name), so swap-remove.
  list[at] = list[list.length - 1] as number;
  list.pop();
  if (list.length === 0) map.delete(key);
}

/** Where one cache lives in the index. */
export type CacheSlot = number;

/**
 * Prepared caches indexed for selection, changeable one cache at a time. Synchronous and
 * single-threaded: the scratch counters are shared by every selection.
 *
 * @example
 * ```ts
 * const index = new CacheIndex(Date.parse('2024-06-01T00:00:00Z'), createImageKeyer());
 * const slot = index.add(cache);
 * selectFrom(readPod(pod, keyOf), index.source, resolved);
 * index.remove(slot);
 * ```
 */
export class CacheIndex {
  /** Caches by slot; a removed cache leaves a hole that the next add fills. */
  readonly #slots: (PreparedCache | undefined)[] = [];
  readonly #free: number[] = [];
  /** Every cache, dense, in no promised order; `#denseAt[slot]` is its place here. */
  readonly #dense: PreparedCache[] = [];
  /** The slot of each entry of `#dense`. */
  readonly #denseSlot: number[] = [];
  #denseAt = new Uint32Array(16);
  /** Slots of usable caches with an expiry still ahead, and the earliest such expiry. */
  readonly #expiring = new Map<number, number>();
  #nextExpiryMs = Number.POSITIVE_INFINITY;
  readonly #byKey = new Map<string, number[]>();
  readonly #usableByKey = new Map<string, number[]>();
  readonly #byId = new Map<string, number[]>();
  /** Per-slot match counters, all zero between calls of `source.candidates`. */
  #scratch = new Uint32Array(16);
  /** The last `source.candidates` answer: the touched slots and their counts (see {@link SlotCandidates}). */
  #touched = new Uint32Array(16);
  #counts = new Uint32Array(16);
  readonly #view = new SlotCandidates();
  #nowMs: number;
  readonly #keyOf: ImageKeyer;
  /** What selection reads. */
  readonly source: CacheSource;

  constructor(nowMs: number, keyOf: ImageKeyer) {
    this.#nowMs = nowMs;
    this.#keyOf = keyOf;
    this.source = this.#makeSource();
  }

  /** The time expiry is judged at. */
  get nowMs(): number {
    return this.#nowMs;
  }

  /** The earliest expiry of a cache that `nowMs` still judges usable: judging at a later time changes answers. */
  get nextExpiryMs(): number {
    return this.#nextExpiryMs;
  }

  /** How many caches it holds. */
  get size(): number {
    return this.#dense.length;
  }

  /** Prepares and indexes `cache`; returns its slot, for {@link CacheIndex.replace} and {@link CacheIndex.remove}. */
  add(cache: ImageCache): CacheSlot {
    return this.#insert(prepareCache(cache, this.#nowMs, this.#keyOf));
  }

  /** Replaces the cache in `slot` with `cache` (same slot). */
  replace(slot: CacheSlot, cache: ImageCache): void {
    this.#unindex(slot);
    this.#index(slot, prepareCache(cache, this.#nowMs, this.#keyOf));
  }

  /** Removes the cache in `slot`. */
  remove(slot: CacheSlot): void {
    this.#unindex(slot);
    this.#free.push(slot);
  }

  /** The cache in `slot`. */
  cacheAt(slot: CacheSlot): ImageCache | undefined {
    return this.#slots[slot]?.cache;
  }

  /**
   * Judges expiry at `nowMs` from now on (later than the current time): re-prepares the caches
   * that expire in between. Caches already expired keep the reason they were given.
   */
  setNow(nowMs: number): void {
    // Stryker disable next-line EqualityOperator: equivalent, judging again at the same time finds nothing due
    if (nowMs <= this.#nowMs) return;
    this.#nowMs = nowMs;
    // Stryker disable next-line MethodExpression,ConditionalExpression: equivalent, re-preparing a cache that is not due yet prepares it the same
    const due = [...this.#expiring].filter(([, expireMs]) => expireMs <= nowMs).map(([slot]) => slot);
    for (const slot of due) {
      const prepared = this.#slots[slot] as PreparedCache;
      this.#unindex(slot);
      this.#index(slot, prepareCache(prepared.cache, nowMs, this.#keyOf));
    }
    let next = Number.POSITIVE_INFINITY;
    for (const expireMs of this.#expiring.values()) next = Math.min(next, expireMs);
    this.#nextExpiryMs = next;
  }

  /** What lint needs besides the selection. */
  lintContext(selection: ImageCacheSelection): LintCacheContext {
    return {
      selection,
      covered: (key) => this.#usableByKey.has(key),
      relevant: (pod: PodView) => {
        const found = new Set<PreparedCache>();
        for (const image of pod.images) for (const slot of this.#byKey.get(image.key) ?? []) found.add(this.#slots[slot] as PreparedCache);
        const explicitId = pod.annotations.explicit?.id;
        if (explicitId !== undefined) for (const prepared of this.source.withId(explicitId)) found.add(prepared);
        return [...found].sort(byName);
      },
    };
  }

  #insert(prepared: PreparedCache): CacheSlot {
    const slot = this.#free.pop() ?? this.#slots.push(undefined) - 1;
    this.#growIfFull();
    this.#index(slot, prepared);
    return slot;
  }

  /** Doubles the per-slot arrays when the slots outgrow them; slots are added one at a time. */
  #growIfFull(): void {
    // Stryker disable next-line EqualityOperator: `<` only grows one slot early, which costs memory, not answers
    if (this.#slots.length <= this.#scratch.length) return;
    const capacity = this.#scratch.length * 2;
    const grow = (old: Uint32Array) => {
      const next = new Uint32Array(capacity);
      next.set(old);
      return next;
    };
    this.#scratch = grow(this.#scratch);
    this.#touched = grow(this.#touched);
    this.#counts = grow(this.#counts);
    this.#denseAt = grow(this.#denseAt);
  }

  #index(slot: CacheSlot, prepared: PreparedCache): void {
    this.#slots[slot] = prepared;
    this.#denseAt[slot] = this.#dense.length;
    this.#dense.push(prepared);
    this.#denseSlot.push(slot);
    const expireMs = prepared.expiresMs;
    if (expireMs !== undefined) {
      this.#expiring.set(slot, expireMs);
      this.#nextExpiryMs = Math.min(this.#nextExpiryMs, expireMs);
    }
    for (const key of prepared.keys) {
      addTo(this.#byKey, key, slot);
      if (!prepared.exclusion) addTo(this.#usableByKey, key, slot);
    }
    // Stryker disable next-line ConditionalExpression: equivalent, caches without an id filed under undefined are never asked for by withId
    if (prepared.id !== undefined) addTo(this.#byId, prepared.id, slot);
  }

  #unindex(slot: CacheSlot): void {
    const prepared = this.#slots[slot];
    if (!prepared) return;
    for (const key of prepared.keys) {
      removeFrom(this.#byKey, key, slot);
      // Stryker disable next-line ConditionalExpression: equivalent, an excluded cache is in no usable list to remove
      if (!prepared.exclusion) removeFrom(this.#usableByKey, key, slot);
    }
    // Stryker disable next-line ConditionalExpression: equivalent, nothing is filed under undefined to remove
    if (prepared.id !== undefined) removeFrom(this.#byId, prepared.id, slot);
    this.#expiring.delete(slot);
    const at = this.#denseAt[slot] as number;
    const last = this.#dense.pop() as PreparedCache;
    const lastSlot = this.#denseSlot.pop() as number;
    if (at < this.#dense.length) {
      this.#dense[at] = last;
      this.#denseSlot[at] = lastSlot;
      this.#denseAt[lastSlot] = at;
    }
    this.#slots[slot] = undefined;
  }

  #makeSource(): CacheSource {
    const slots = this.#slots;
    return {
      all: this.#dense,
      withId: (id) => (this.#byId.get(id) ?? []).map((slot) => slots[slot] as PreparedCache),
      candidates: (pod) => this.#count(pod),
    };
  }

  /**
   * Counts the pod's matches per slot in the scratch counters, remembering touched slots, then
   * moves the counts beside them and zeroes the counters: no allocation per pod or per candidate.
   */
  #count(pod: PodView): Candidates {
    const scratch = this.#scratch;
    const touched = this.#touched;
    let touchedCount = 0;
    // Pod images are distinct keys and a cache's keys are distinct, so each hit is one image.
    for (const image of pod.images) {
      const holders = this.#usableByKey.get(image.key);
      if (!holders) continue;
      for (const slot of holders) {
        if (scratch[slot] === 0) touched[touchedCount++] = slot;
        scratch[slot] = (scratch[slot] as number) + 1;
      }
    }
    const counts = this.#counts;
    let maxCount = 0;
    // Stryker disable next-line EqualityOperator: equivalent, one more pass reads an already-zeroed counter and writes past the answer's size
    for (let i = 0; i < touchedCount; i += 1) {
      const slot = touched[i] as number;
      const count = scratch[slot] as number;
      counts[i] = count;
      maxCount = Math.max(maxCount, count);
      scratch[slot] = 0;
    }
    const view = this.#view;
    view.slots = this.#slots;
    view.touched = touched;
    view.counts = counts;
    view.size = touchedCount;
    view.maxCount = maxCount;
    return view;
  }
}

/** The index's answer for one pod, in its reused typed arrays: one object, rewritten for every pod. */
class SlotCandidates implements Candidates {
  size = 0;
  maxCount = 0;
  slots: readonly (PreparedCache | undefined)[] = [];
  touched = new Uint32Array(0);
  counts = new Uint32Array(0);

  cacheAt(i: number): PreparedCache {
    return this.slots[this.touched[i] as number] as PreparedCache;
  }

  countAt(i: number): number {
    return this.counts[i] as number;
  }
}
