/**
 * The baseline of the matching benchmark: what a user writes without the SDK's matcher. Every
 * cache's images are normalized once up front (generous to the baseline), then each pod is
 * compared with every usable cache. Same rules as the SDK for an auto-match pod without size
 * data: Ready, with an id, unexpired; most of the pod's images, then newest, then by name.
 * @packageDocumentation
 */
import type { MatchingCache, MatchingPod } from '../fixtures/matching-data.js';

interface UsableCache {
  readonly name: string;
  readonly id: string;
  readonly createdMs: number;
  readonly images: ReadonlySet<string>;
}

/**
 * Returns a function giving, for one pod, the imageCacheId a plain loop over every cache picks.
 *
 * @example
 * ```ts
 * const pick = createNaiveSelector(caches, normalizeImageReference, Date.now());
 * pick(pod); // 'imc-...' or undefined
 * ```
 */
export function createNaiveSelector(
  caches: readonly MatchingCache[],
  normalize: (image: string) => string,
  nowMs: number,
): (pod: MatchingPod) => string | undefined {
  const usable: UsableCache[] = [];
  for (const cache of caches) {
    const { phase, imageCacheId, expireDateTime } = cache.status;
    if (phase !== 'Ready' || !imageCacheId) continue;
    if (expireDateTime !== undefined && Date.parse(expireDateTime) <= nowMs) continue;
    usable.push({
      name: cache.metadata.name,
      id: imageCacheId,
      createdMs: Date.parse(cache.metadata.creationTimestamp),
      images: new Set(cache.spec.images.map(normalize)),
    });
  }
  return (pod) => {
    const podImages = [...new Set([...pod.spec.initContainers, ...pod.spec.containers].map((c) => normalize(c.image)))];
    let best: UsableCache | undefined;
    let bestCount = 0;
    for (const cache of usable) {
      let count = 0;
      for (const image of podImages) if (cache.images.has(image)) count++;
      if (count === 0) continue;
      const better =
        best === undefined ||
        count > bestCount ||
        (count === bestCount && (cache.createdMs > best.createdMs || (cache.createdMs === best.createdMs && cache.name < best.name)));
      if (better) {
        best = cache;
        bestCount = count;
      }
    }
    return best?.id;
  };
}
