/**
 * `lintWorkload`: what in a workload keeps it from getting, or using, an image cache.
 * @packageDocumentation
 */
import type { ImageCache } from '../types/index.js';
import { lintPod, type LintFinding } from './lint-rules.js';
import { createImageCacheMatcher } from './matcher.js';
import { resolveMatchOptions, type ImageCacheMatchOptions } from './options.js';
import { readPod } from './pod-view.js';
import type { MatchTarget } from './workload-types.js';

/**
 * Lints a Pod, pod template or workload for image cache use. Always checked: cache annotations on
 * the workload's own metadata (ECI ignores them there), `imagePullPolicy: Always` and `:latest` or
 * untagged images without a policy (Kubernetes then pulls Always), explicit and auto annotations
 * together, legacy and current ids that disagree, malformed annotation values, invalid images.
 * With `caches`, also: images no Ready cache holds, an explicit cache that is not Ready or expired
 * (error) or not listed (warning: it may exist outside the cluster's ImageCache objects),
 * auto-match choosing nothing, and caches relevant to the pod holding more than 20 images. A
 * DaemonSet gets the one finding `daemonset-not-on-eci`: ECI does not run its pods.
 *
 * @param target A Pod, a pod template, or a workload.
 * @param caches The cluster's ImageCaches, when the cache checks should run.
 * @param options As for {@link selectImageCache}; `defaultAutoMatch` changes which checks apply.
 * @returns Findings in a stable order; an empty array when nothing is wrong.
 * @example
 * ```ts
 * const findings = lintWorkload(deployment, caches);
 * expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
 * ```
 * @throws {@link UnsupportedTargetError} when `target` holds no pod template.
 */
export function lintWorkload<T extends MatchTarget>(target: T, caches?: readonly ImageCache[], options: ImageCacheMatchOptions = {}): LintFinding[] {
  if (caches) return createImageCacheMatcher(caches, options).lint(target);
  const resolved = resolveMatchOptions(options);
  return lintPod(readPod(target, resolved.keyOf), resolved.keyOf, resolved.defaultAutoMatch, undefined);
}
