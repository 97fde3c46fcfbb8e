/**
 * `selectImageCache`: one pod against a list of caches, by scanning every cache. For many pods
 * against the same caches, {@link createImageCacheMatcher} gives the same answers faster.
 * @packageDocumentation
 */
import type { ImageCache } from '../types/index.js';
import { resolveMatchOptions, type ImageCacheMatchOptions } from './options.js';
import { scanSource } from './cache-source.js';
import { readPod } from './pod-view.js';
import { prepareCache } from './prepared-cache.js';
import { selectFrom, type ImageCacheSelection } from './selection.js';
import type { MatchTarget } from './workload-types.js';

/**
 * Answers "will this workload get an image cache, which one, and if not, why not" the way ECI
 * decides: the pod template's explicit id (`k8s.aliyun.com/eci-imc-id`, or the legacy
 * `k8s.aliyun.com/eci-image-snapshot-id`) before auto-match (`k8s.aliyun.com/eci-auto-imc` or the
 * legacy `k8s.aliyun.com/eci-image-cache`), with `imc-perfect-match` and `imc-match-count-request`
 * honoured; among Ready, unexpired caches with an id, the one holding most of the pod's images
 * wins, then (with `imageSizes`) by size, then the newest, then by name. Past match degree and
 * size, ECI documents no order: such a tie gives `ambiguous: true` and the other ids in
 * `alternatives`. Without an annotation a pod is auto-matched (`defaultAutoMatch`, default true);
 * a DaemonSet gets `not-on-eci`, since ECI does not run its pods.
 *
 * @param target A Pod, a pod template, or a workload (Deployment, StatefulSet, DaemonSet,
 *   ReplicaSet, Job, CronJob...); only its pod template's annotations count.
 * @param caches The ImageCaches of the cluster, in any order.
 * @param options `now`, `imageSizes`, `sizeRank`, `registryAliases`, `defaultAutoMatch`.
 * @example
 * ```ts
 * const result = selectImageCache(deployment, caches, { now: new Date('2024-06-01T00:00:00Z') });
 * expect(result.imageCacheId, result.explanation).toBe('imc-2zeditzeoemfhqor4rf8');
 * ```
 * @throws {@link UnsupportedTargetError} when `target` holds no pod template;
 *   {@link InvalidMatchOptionError} for unusable options.
 */
export function selectImageCache<T extends MatchTarget>(target: T, caches: readonly ImageCache[], options: ImageCacheMatchOptions = {}): ImageCacheSelection {
  const resolved = resolveMatchOptions(options);
  const pod = readPod(target, resolved.keyOf);
  const prepared = caches.map((cache) => prepareCache(cache, resolved.nowMs, resolved.keyOf));
  return selectFrom(pod, scanSource(prepared), resolved);
}
