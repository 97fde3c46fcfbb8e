/**
 * A pod template as selection sees it: its annotations, its distinct image keys, its invalid
 * images, and how the cache annotations decide the mode.
 * @packageDocumentation
 */
import { ANNOTATIONS, readPodCacheAnnotations, type PodCacheAnnotations } from './annotations.js';
import type { ImageKeyer } from './image-keys.js';
import { containerImages, resolveTarget, templateAnnotations, type ContainerImage, type ResolvedTarget } from './target.js';
import type { MatchTarget } from './workload-types.js';

/** One distinct image of a pod: its comparison key and the normalized form shown to people. */
export interface PodImage {
  /** The comparison key (normalized, registry aliases folded). */
  readonly key: string;
  /** The normalized reference as the pod names it. */
  readonly normalized: string;
}

/** An image in the pod spec that is not a valid reference (ECI would refuse the pod). */
export interface InvalidImage {
  /** The image as written. */
  readonly image: string;
  /** distribution/reference's reason. */
  readonly reason: string;
  /** The container's path, e.g. `spec.template.spec.containers[1]`. */
  readonly path: string;
}

/** Everything about the target that selection and lint read. */
export interface PodView {
  /** The target and its pod template. */
  readonly resolved: ResolvedTarget;
  /** The pod template's cache annotations, read. */
  readonly annotations: PodCacheAnnotations;
  /** Every container image, in order, with its path. */
  readonly containers: readonly ContainerImage[];
  /** Distinct images by key, in container order (containers, then init containers). */
  readonly images: readonly PodImage[];
  /** Key to normalized reference, for the images above. */
  readonly normalizedByKey: ReadonlyMap<string, string>;
  /** Images that are not valid references. */
  readonly invalidImages: readonly InvalidImage[];
}

/**
 * Reads a target's pod template for selection.
 *
 * @example
 * ```ts
 * readPod(pod, createImageKeyer()).images; // [{ key: 'docker.io/library/nginx:1.7.9', normalized: '...' }]
 * ```
 * @throws {@link UnsupportedTargetError} when the target holds no pod template.
 */
export function readPod(target: MatchTarget, keyOf: ImageKeyer): PodView {
  const resolved = resolveTarget(target);
  const containers = containerImages(resolved);
  const images: PodImage[] = [];
  const normalizedByKey = new Map<string, string>();
  const invalidImages: InvalidImage[] = [];
  for (const container of containers) {
    const keyed = keyOf(container.image);
    if (!keyed.ok) {
      invalidImages.push({ image: container.image, reason: keyed.reason, path: container.path });
    } else if (!normalizedByKey.has(keyed.key)) {
      normalizedByKey.set(keyed.key, keyed.normalized);
      images.push({ key: keyed.key, normalized: keyed.normalized });
    }
  }
  return {
    resolved,
    annotations: readPodCacheAnnotations(templateAnnotations(resolved)),
    containers,
    images,
    normalizedByKey,
    invalidImages,
  };
}

/** How a pod asks for a cache. */
export type SelectionMode = 'explicit' | 'auto' | 'none';

/** The mode a pod's annotations choose, and why, in words. */
export interface ModeDecision {
  /** The mode. */
  readonly mode: SelectionMode;
  /** For `explicit`: the id asked for. */
  readonly explicitId: string | undefined;
  /** For `none`: auto-match turned off (`disabled`), never asked for (`not-requested`), or a kind ECI does not run (`not-on-eci`). */
  readonly off: 'disabled' | 'not-requested' | 'not-on-eci' | undefined;
  /** Why, naming the annotation and its value. */
  readonly reason: string;
}

/**
 * Decides the mode: an explicit id wins; otherwise the auto-match annotation; otherwise
 * `defaultAutoMatch`. `"false"` turns auto-match off even when `defaultAutoMatch` is true.
 *
 * @example
 * ```ts
 * decideMode(readPodCacheAnnotations({ 'k8s.aliyun.com/eci-auto-imc': 'true' }), false).mode; // 'auto'
 * ```
 */
export function decideMode(annotations: PodCacheAnnotations, defaultAutoMatch: boolean): ModeDecision {
  const { explicit, autoMatch } = annotations;
  if (explicit) {
    const overrides = autoMatch?.enabled ? `; it wins over ${autoMatch.annotation}: "${autoMatch.value}"` : '';
    return { mode: 'explicit', explicitId: explicit.id, off: undefined, reason: `${explicit.annotation}: ${explicit.id}${overrides}` };
  }
  if (autoMatch) {
    return autoMatch.enabled
      ? { mode: 'auto', explicitId: undefined, off: undefined, reason: `${autoMatch.annotation}: "${autoMatch.value}"` }
      : { mode: 'none', explicitId: undefined, off: 'disabled', reason: `${autoMatch.annotation}: "${autoMatch.value}" turns auto-match off` };
  }
  if (defaultAutoMatch) {
    return {
      mode: 'auto',
      explicitId: undefined,
      off: undefined,
      reason: `no auto-match annotation, and ${ANNOTATIONS.autoMatch} defaults to true (defaultAutoMatch: true)`,
    };
  }
  return {
    mode: 'none',
    explicitId: undefined,
    off: 'not-requested',
    reason:
      `no ${ANNOTATIONS.explicitId} / ${ANNOTATIONS.legacyExplicitId} and no ${ANNOTATIONS.autoMatch} / ` +
      `${ANNOTATIONS.legacyAutoMatch} on the pod template, and defaultAutoMatch: false (an old cluster where auto-match is off by default)`,
  };
}

/**
 * For a DaemonSet, the decision that no cache applies: ECI does not run DaemonSet pods (ECI limits
 * page). Undefined for every other kind.
 *
 * @example
 * ```ts
 * notOnEciDecision(readPod(daemonSet, keyOf))?.off; // 'not-on-eci'
 * ```
 */
export function notOnEciDecision(pod: PodView): ModeDecision | undefined {
  if (pod.resolved.kind !== 'DaemonSet') return undefined;
  return {
    mode: 'none',
    explicitId: undefined,
    off: 'not-on-eci',
    reason: "ECI does not run DaemonSet pods (ECI limits page): they run on the cluster's other nodes, where no ImageCache applies",
  };
}

/** What an auto-matched cache must hold. */
export interface MatchRequirement {
  /** `imc-perfect-match: "true"`: every image of the pod. */
  readonly perfectMatch: boolean;
  /** The fewest of the pod's distinct images a candidate must hold; at least 1. */
  readonly minMatchCount: number;
  /** The rule in words. */
  readonly description: string;
}

/**
 * The auto-match requirement of a pod: perfect match wins over the match count; a candidate
 * always needs at least one of the pod's images.
 *
 * @example
 * ```ts
 * matchRequirement(pod).minMatchCount; // 1 unless an annotation asks for more
 * ```
 */
export function matchRequirement(pod: PodView): MatchRequirement {
  const { perfectMatch, matchCountRequest } = pod.annotations;
  const total = pod.images.length;
  if (perfectMatch) {
    return {
      perfectMatch,
      minMatchCount: Math.max(1, total),
      description: `every one of the pod's ${total} image(s) (${ANNOTATIONS.perfectMatch}: "true"${matchCountRequest !== undefined ? `, which wins over ${ANNOTATIONS.matchCountRequest}` : ''})`,
    };
  }
  if (matchCountRequest !== undefined && matchCountRequest > 1) {
    return {
      perfectMatch,
      minMatchCount: matchCountRequest,
      description: `at least ${matchCountRequest} of the pod's ${total} image(s) (${ANNOTATIONS.matchCountRequest}: "${matchCountRequest}")`,
    };
  }
  return { perfectMatch, minMatchCount: 1, description: `at least 1 of the pod's ${total} image(s)` };
}
