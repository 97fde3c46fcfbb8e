/**
 * `createImageCacheMatcher`: the answers of {@link selectImageCache} and {@link lintWorkload} for
 * many pods against one set of caches. The caches are prepared once and indexed by image key and
 * by id, so a pod costs in proportion to its images times the caches holding them, not to the
 * number of caches. Per-candidate reports and the explanation are built only when read.
 * @packageDocumentation
 */
import type { ImageCache } from '../types/index.js';
import { lintPod, type LintCacheContext, type LintFinding } from './lint-rules.js';
import { resolveMatchOptions, type ImageCacheMatchOptions } from './options.js';
import { readPod, type PodView } from './pod-view.js';
import { prepareCache, type PreparedCache } from './prepared-cache.js';
import { compareByAgeAndName } from './ranking.js';
import { scanSource } from './select.js';
import { selectFrom, type CacheSource, type ImageCacheSelection } from './selection.js';
import type { MatchTarget } from './workload-types.js';

/** Many pods against one set of caches. */
export interface ImageCacheMatcher {
  /** The caches it was built from, in the order given. */
  readonly caches: readonly ImageCache[];
  /** The time expiry is judged at, fixed when the matcher was built. */
  readonly now: Date;
  /** Same result as `selectImageCache(target, caches, options)`. */
  select<T extends MatchTarget>(target: T): ImageCacheSelection;
  /** Same result as `lintWorkload(target, caches, options)`. */
  lint<T extends MatchTarget>(target: T): LintFinding[];
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const byName = (a: PreparedCache, b: PreparedCache) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Builds a matcher: prepares every cache once (parsing each distinct image string once), indexes
 * them by image key and by imageCacheId, and fixes `now` (default: the current time) for expiry.
 *
 * @param caches The ImageCaches of the cluster, in any order.
 * @param options As for {@link selectImageCache}.
 * @example
 * ```ts
 * const matcher = createImageCacheMatcher(caches, { now: new Date('2024-06-01T00:00:00Z') });
 * for (const deployment of deployments) {
 *   const result = matcher.select(deployment);
 *   expect(result.outcome, result.explanation).toBe('selected');
 * }
 * ```
 * @throws {@link InvalidMatchOptionError} for unusable options.
 */
export function createImageCacheMatcher(
  caches: readonly ImageCache[],
  options: ImageCacheMatchOptions = {},
): ImageCacheMatcher {
  const resolved = resolveMatchOptions(options);
  const all = caches.map((cache) => prepareCache(cache, resolved.nowMs, resolved.keyOf));
  // byKey holds every cache (lint asks about unusable ones too); usableByKey holds positions in
  // `all` of usable caches only, which is all selection needs.
  const byKey = new Map<string, PreparedCache[]>();
  const usableByKey = new Map<string, number[]>();
  const byId = new Map<string, PreparedCache[]>();
  all.forEach((prepared, position) => {
    for (const key of prepared.keys) {
      pushTo(byKey, key, prepared);
      if (!prepared.exclusion) pushTo(usableByKey, key, position);
    }
    if (prepared.id !== undefined) pushTo(byId, prepared.id, prepared);
  });
  // Scratch counters, zeroed again after each pod; the matcher is synchronous, so no two
  // selections ever share them.
  const scratch = new Uint32Array(all.length);
  const touchedBuffer = new Uint32Array(all.length);
  const scan = scanSource(all);

  const source: CacheSource = {
    all,
    withId: (id) => byId.get(id) ?? [],
    usableMatches: (pod) => {
      const touched: number[] = [];
      // Pod images are distinct keys and a cache's keys are distinct, so each hit is one image.
      for (const image of pod.images) {
        const holders = usableByKey.get(image.key);
        if (!holders) continue;
        for (const position of holders) {
          if (scratch[position] === 0) touched.push(position);
          scratch[position] = (scratch[position] as number) + 1;
        }
      }
      const caches = new Array<PreparedCache>(touched.length);
      const counts = new Array<number>(touched.length);
      for (let i = 0; i < touched.length; i += 1) {
        const position = touched[i] as number;
        caches[i] = all[position] as PreparedCache;
        counts[i] = scratch[position] as number;
        scratch[position] = 0;
      }
      return { caches, counts };
    },
    matchedKeys: scan.matchedKeys,
    bestUsableMatch: (pod, minMatchCount) => {
      // Count into the scratch counters, remembering touched positions in a reused buffer, then
      // pick the winner while zeroing: no allocation per pod or per candidate. Only whether
      // another id ties on count is noted; which ones is listed if someone reads `alternatives`.
      let touchedCount = 0;
      for (const image of pod.images) {
        const holders = usableByKey.get(image.key);
        if (!holders) continue;
        for (const position of holders) {
          if (scratch[position] === 0) touchedBuffer[touchedCount++] = position;
          scratch[position] = (scratch[position] as number) + 1;
        }
      }
      let best: PreparedCache | undefined;
      let bestCount = -1;
      let mixedIds = false;
      for (let i = 0; i < touchedCount; i += 1) {
        const position = touchedBuffer[i] as number;
        const count = scratch[position] as number;
        scratch[position] = 0;
        if (count < minMatchCount || count < bestCount) continue;
        const prepared = all[position] as PreparedCache;
        if (count > bestCount) {
          best = prepared;
          bestCount = count;
          mixedIds = false;
          continue;
        }
        if (prepared.id !== (best as PreparedCache).id) mixedIds = true;
        if (compareByAgeAndName(prepared, best as PreparedCache) < 0) best = prepared;
      }
      return best && { best, tiedWithOtherId: mixedIds };
    },
  };

  const lintContext = (selection: ImageCacheSelection): LintCacheContext => ({
    selection,
    covered: (key) => usableByKey.has(key),
    relevant: (pod: PodView) => {
      const found = new Set<PreparedCache>();
      for (const image of pod.images) for (const prepared of byKey.get(image.key) ?? []) found.add(prepared);
      const explicitId = pod.annotations.explicit?.id;
      if (explicitId !== undefined) for (const prepared of byId.get(explicitId) ?? []) found.add(prepared);
      return [...found].sort(byName);
    },
  });

  return {
    caches,
    now: new Date(resolved.nowMs),
    select: (target) => selectFrom(readPod(target, resolved.keyOf), source, resolved),
    lint: (target) => {
      const pod = readPod(target, resolved.keyOf);
      const selection = selectFrom(pod, source, resolved);
      return lintPod(pod, resolved.keyOf, resolved.defaultAutoMatch, lintContext(selection));
    },
  };
}
