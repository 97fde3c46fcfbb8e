/**
 * Options of selection, lint and the matcher, with their defaults in one place.
 * @packageDocumentation
 */
import { InvalidMatchOptionError } from './errors.js';
import { createImageKeyer, type ImageKeyer } from './image-keys.js';

/**
 * How image size ranks candidates that hold equally many of the pod's images.
 * - `largest-matched`: the larger total size of the pod's images the cache holds wins (the
 *   original document: "size of the matched images").
 * - `closest-total`: the cache whose images' total size is closest to the pod's images' total wins
 *   (newer documents: "the closest size").
 */
export type SizeRank = 'largest-matched' | 'closest-total';

/**
 * Image sizes, in any one unit: a map or record keyed by image reference (normalized before
 * lookup, so `nginx` and `docker.io/library/nginx:latest` are one key), or a function called
 * with the normalized reference (registry aliases folded to their group's first host in sort
 * order). Unknown images count as size 0.
 */
export type ImageSizes = ReadonlyMap<string, number> | Readonly<Record<string, number>> | ((normalizedImage: string) => number | undefined);

/** Options of {@link selectImageCache}, {@link createImageCacheMatcher} and {@link lintWorkload}. */
export interface ImageCacheMatchOptions {
  /** The time expiry is judged at: a Date, epoch milliseconds or an RFC 3339 string. Default: the current time, read once. */
  readonly now?: Date | number | string | undefined;
  /** Image sizes; when given, size ranks candidates after match degree. Default: no size ranking. */
  readonly imageSizes?: ImageSizes | undefined;
  /** Which size rule ranks candidates when `imageSizes` is given. Default `largest-matched`. */
  readonly sizeRank?: SizeRank | undefined;
  /** Groups of registry hosts to treat as one, e.g. a region's `registry-vpc.` and `registry.` hosts. Default: none. */
  readonly registryAliases?: readonly (readonly string[])[] | undefined;
  /**
   * Whether a pod with no auto-match annotation is auto-matched. Default true: ECI documents
   * `k8s.aliyun.com/eci-auto-imc` as defaulting to true ("Use ImageCache to accelerate the creation
   * of pods", 2025). Pass false only for old clusters on the legacy virtual node, where
   * `k8s.aliyun.com/eci-image-cache` was documented with default false.
   */
  readonly defaultAutoMatch?: boolean | undefined;
}

/** The defaults of {@link ImageCacheMatchOptions}, except `now`, which is the current time. */
export const DEFAULT_MATCH_OPTIONS = Object.freeze({
  /** With `imageSizes`, of candidates holding equally many of the pod's images, the one holding more bytes of them wins. */
  sizeRank: 'largest-matched' as SizeRank,
  /** No registry hosts are treated as one. */
  registryAliases: Object.freeze([]) as readonly (readonly string[])[],
  /** A pod without an auto-match annotation is auto-matched, as ECI documents. */
  defaultAutoMatch: true,
});

/** Options with defaults applied and inputs turned into what the algorithm uses. */
export interface ResolvedMatchOptions {
  /** `now` in epoch milliseconds. */
  readonly nowMs: number;
  /** The memoizing image keyer, with the registry aliases folded in. */
  readonly keyOf: ImageKeyer;
  /** Size of an image key, or undefined when no sizes were given. */
  readonly sizeOf: ((key: string) => number) | undefined;
  /** The size rule. */
  readonly sizeRank: SizeRank;
  /** Whether a pod without auto-match annotation is auto-matched. */
  readonly defaultAutoMatch: boolean;
}

function toEpochMs(now: Date | number | string | undefined): number {
  // The only clock read in src/matching, and only when the caller gave no time.
  if (now === undefined) return Date.now();
  const ms = now instanceof Date ? now.getTime() : typeof now === 'number' ? now : Date.parse(now);
  if (!Number.isFinite(ms)) throw new InvalidMatchOptionError('now', `${String(now)} is not a time`);
  return ms;
}

function checkedSize(image: string, size: unknown): number {
  if (typeof size !== 'number' || !Number.isFinite(size) || size < 0) {
    throw new InvalidMatchOptionError('imageSizes', `the size of ${image} is ${String(size)}, not a finite number >= 0`);
  }
  return size;
}

function sizeLookup(sizes: ImageSizes | undefined, keyOf: ImageKeyer): ((key: string) => number) | undefined {
  if (sizes === undefined) return undefined;
  if (typeof sizes === 'function') {
    const memo = new Map<string, number>();
    return (key) => {
      let size = memo.get(key);
      if (size === undefined) {
        const given = sizes(key);
        size = given === undefined ? 0 : checkedSize(key, given);
        memo.set(key, size);
      }
      return size;
    };
  }
  const byKey = new Map<string, number>();
  const entries: Iterable<[string, number]> = sizes instanceof Map ? sizes.entries() : Object.entries(sizes);
  for (const [image, size] of entries) {
    const keyed = keyOf(image);
    if (!keyed.ok) throw new InvalidMatchOptionError('imageSizes', `${JSON.stringify(image)} is not an image reference: ${keyed.reason}`);
    byKey.set(keyed.key, checkedSize(image, size));
  }
  return (key) => byKey.get(key) ?? 0;
}

/**
 * Applies the defaults of {@link DEFAULT_MATCH_OPTIONS} and prepares lookups.
 *
 * @example
 * ```ts
 * resolveMatchOptions({ now: '2024-01-01T00:00:00Z' }).nowMs; // 1704067200000
 * ```
 * @throws {@link InvalidMatchOptionError} for a `now` that is not a time, a size that is not a finite number >= 0, or an unknown `sizeRank`.
 */
export function resolveMatchOptions(options: ImageCacheMatchOptions = {}): ResolvedMatchOptions {
  const sizeRank = options.sizeRank ?? DEFAULT_MATCH_OPTIONS.sizeRank;
  if (sizeRank !== 'largest-matched' && sizeRank !== 'closest-total') {
    throw new InvalidMatchOptionError('sizeRank', `${String(sizeRank)} is neither 'largest-matched' nor 'closest-total'`);
  }
  const keyOf = createImageKeyer(options.registryAliases ?? DEFAULT_MATCH_OPTIONS.registryAliases);
  return {
    nowMs: toEpochMs(options.now),
    keyOf,
    sizeOf: sizeLookup(options.imageSizes, keyOf),
    sizeRank,
    defaultAutoMatch: options.defaultAutoMatch ?? DEFAULT_MATCH_OPTIONS.defaultAutoMatch,
  };
}
