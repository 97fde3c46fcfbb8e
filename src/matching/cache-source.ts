/**
 * Where selection finds caches: the {@link CacheSource} interface, and the source that scans every
 * cache ({@link scanSource}, for `selectImageCache`). The index-backed source is `CacheIndex`.
 * @packageDocumentation
 */
import type { PodView } from './pod-view.js';
import type { PreparedCache } from './prepared-cache.js';

/**
 * The usable caches (not excluded) holding at least one of a pod's images, and how many of its
 * distinct images each holds (at least 1), in no promised order. Read by position, so that an
 * index can hand out its reused counters instead of building arrays for every pod.
 */
export interface Candidates {
  /** How many there are. */
  readonly size: number;
  /** The largest count of any of them (0 when there are none): the winner holds this many. */
  readonly maxCount: number;
  /** The `i`th cache. */
  cacheAt(i: number): PreparedCache;
  /** How many of the pod's images the `i`th cache holds. */
  countAt(i: number): number;
}

/** How selection finds caches: by scanning them all, or through an index. */
export interface CacheSource {
  /** Every cache, prepared (excluded ones too: selection reports them). */
  readonly all: readonly PreparedCache[];
  /** The caches whose `status.imageCacheId` is `id`. */
  withId(id: string): readonly PreparedCache[];
  /**
   * The usable caches holding at least one of the pod's images, with counts. Valid until the
   * source's next call: keep it with {@link listCandidates}.
   */
  candidates(pod: PodView): Candidates;
}

/** Candidates held in two parallel arrays: `caches[i]` holds `counts[i]` of the pod's images. */
export class CandidateList implements Candidates {
  readonly maxCount: number;

  constructor(
    readonly caches: readonly PreparedCache[],
    readonly counts: readonly number[],
  ) {
    let max = 0;
    for (const count of counts) max = Math.max(max, count);
    this.maxCount = max;
  }

  get size(): number {
    return this.caches.length;
  }

  cacheAt(i: number): PreparedCache {
    return this.caches[i] as PreparedCache;
  }

  countAt(i: number): number {
    return this.counts[i] as number;
  }
}

/**
 * A copy of `candidates` that stays valid after the source's next call.
 *
 * @example
 * ```ts
 * const kept = listCandidates(source.candidates(pod));
 * kept.caches.length === kept.counts.length; // true
 * ```
 */
export function listCandidates(candidates: Candidates): CandidateList {
  if (candidates instanceof CandidateList) return candidates;
  // Stryker disable ArrayDeclaration: equivalent, the length only preallocates what the loop fills
  const caches = new Array<PreparedCache>(candidates.size);
  const counts = new Array<number>(candidates.size);
  // Stryker restore ArrayDeclaration
  for (let i = 0; i < candidates.size; i += 1) {
    caches[i] = candidates.cacheAt(i);
    counts[i] = candidates.countAt(i);
  }
  return new CandidateList(caches, counts);
}

/**
 * The keys of the pod's images that `prepared` holds, in pod order.
 *
 * @example
 * ```ts
 * matchedKeysOf(prepared, readPod(pod, keyOf)); // ['docker.io/library/nginx:1.25']
 * ```
 */
export function matchedKeysOf(prepared: PreparedCache, pod: PodView): string[] {
  const matched: string[] = [];
  for (const image of pod.images) if (prepared.keys.includes(image.key)) matched.push(image.key);
  return matched;
}

/**
 * A {@link CacheSource} that looks at every cache for every question.
 *
 * @example
 * ```ts
 * const source = scanSource(caches.map((c) => prepareCache(c, now, keyOf)));
 * ```
 */
export function scanSource(all: readonly PreparedCache[]): CacheSource {
  return {
    all,
    withId: (id) => all.filter((prepared) => prepared.id === id),
    candidates: (pod) => {
      const caches: PreparedCache[] = [];
      const counts: number[] = [];
      for (const prepared of all) {
        if (prepared.exclusion) continue;
        let count = 0;
        for (const image of pod.images) if (prepared.keys.includes(image.key)) count += 1;
        if (count > 0) {
          caches.push(prepared);
          counts.push(count);
        }
      }
      return new CandidateList(caches, counts);
    },
  };
}
