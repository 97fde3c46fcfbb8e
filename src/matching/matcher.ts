/**
 * `createImageCacheMatcher`: the answers of {@link selectImageCache} and {@link lintWorkload} for
 * many pods against one set of caches. The caches are prepared once and indexed by image key and
 * by id, so a pod costs in proportion to its images times the caches holding them, not to the
 * number of caches. Per-candidate reports and the explanation are built only when read.
 * @packageDocumentation
 */
import type { ImageCache } from '../types/index.js';
import { CacheIndex } from './cache-index.js';
import { lintPod, type LintFinding } from './lint-rules.js';
import { resolveMatchOptions, type ImageCacheMatchOptions, type ResolvedMatchOptions } from './options.js';
import { readPod } from './pod-view.js';
import { selectFrom, type ImageCacheSelection } from './selection.js';
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
export function createImageCacheMatcher(caches: readonly ImageCache[], options: ImageCacheMatchOptions = {}): ImageCacheMatcher {
  const resolved = resolveMatchOptions(options);
  const index = new CacheIndex(resolved.nowMs, resolved.keyOf);
  for (const cache of caches) index.add(cache);
  return matcherOver(index, resolved, caches);
}

/**
 * The matcher interface over an index that may change between calls (an informer's live matcher
 * keeps one up to date); `caches` is read when asked.
 *
 * @example
 * ```ts
 * const matcher = matcherOver(index, resolveMatchOptions({}), () => store.list());
 * ```
 */
export function matcherOver(
  index: CacheIndex,
  resolved: ResolvedMatchOptions,
  caches: readonly ImageCache[] | (() => readonly ImageCache[]),
  beforeRead: () => void = () => {},
): ImageCacheMatcher {
  const source = index.source;
  return {
    get caches() {
      return typeof caches === 'function' ? caches() : caches;
    },
    get now() {
      return new Date(index.nowMs);
    },
    select: (target) => {
      beforeRead();
      return selectFrom(readPod(target, resolved.keyOf), source, resolved);
    },
    lint: (target) => {
      beforeRead();
      const pod = readPod(target, resolved.keyOf);
      const selection = selectFrom(pod, source, resolved);
      return lintPod(pod, resolved.keyOf, resolved.defaultAutoMatch, index.lintContext(selection));
    },
  };
}
