import { KNOWN_IMAGE_CACHE_PHASES } from './constants.js';
import type { ImageCachePhase, KnownImageCachePhase } from './index.js';

const KNOWN: ReadonlySet<string> = new Set(KNOWN_IMAGE_CACHE_PHASES);

/**
 * True when `phase` is one this SDK knows ({@link KnownImageCachePhase}). `ImageCachePhase` stays
 * open because a newer controller may report phases this SDK has never seen; narrowing through
 * this guard lets a `switch` be checked for exhaustiveness and catches typos like `'Readyy'`.
 *
 * @example
 * ```ts
 * import { isKnownPhase } from 'eci-imagecache';
 *
 * const phase = cache.status?.phase;
 * if (isKnownPhase(phase)) console.log(phase); // KnownImageCachePhase: 'Pending' | ... | 'UpdateFailed'
 * else console.log(`phase this SDK does not know: ${phase ?? '(none yet)'}`);
 * ```
 */
export function isKnownPhase(phase: ImageCachePhase | null | undefined): phase is KnownImageCachePhase {
  return typeof phase === 'string' && KNOWN.has(phase);
}
