/**
 * The lint rules for a pod template and its cache annotations, and, when caches are known, for
 * what the pod would get from them.
 * @packageDocumentation
 */
import { MAX_IMAGES_PER_CACHE } from '../types/constants.js';
import { ANNOTATIONS, POD_CACHE_ANNOTATION_NAMES } from './annotations.js';
import { describeOutcome } from './explain.js';
import type { ImageKeyer } from './image-keys.js';
import { decideMode, notOnEciDecision, type PodView } from './pod-view.js';
import type { PreparedCache } from './prepared-cache.js';
import type { ImageCacheSelection } from './selection.js';

/** How much a finding matters: `error` breaks the intent, `warning` wastes the cache, `info` is a note. */
export type LintSeverity = 'error' | 'warning' | 'info';

/** What a finding is about. */
export type LintCode =
  /** A cache annotation on a workload's (or job template's) own metadata, where ECI ignores it. */
  | 'annotation-on-workload-metadata'
  /** `imagePullPolicy: Always`: the image is pulled even when the cache holds it. */
  | 'pull-policy-always'
  /** A `:latest` or untagged image with no policy, which Kubernetes defaults to Always. */
  | 'implicit-pull-policy-always'
  /** An image that is not a valid reference. */
  | 'invalid-image'
  /** An explicit id and a true auto-match annotation together; the explicit id wins. */
  | 'explicit-and-auto'
  /** The legacy and current explicit-id annotations name different caches; the current name wins. */
  | 'explicit-id-conflict'
  /** An explicit-id annotation with an empty value, which asks for nothing. */
  | 'empty-explicit-id'
  /** The legacy and current auto-match annotations disagree; the current name wins. */
  | 'auto-match-conflict'
  /** An annotation that must be a boolean is not one. */
  | 'malformed-boolean-annotation'
  /** `imc-match-count-request` is not a whole number. */
  | 'malformed-match-count'
  /** `imc-match-count-request` and a true `imc-perfect-match` together; perfect match wins. */
  | 'match-count-ignored'
  /** `imc-match-count-request` asks for more images than the pod has, so nothing can qualify. */
  | 'match-count-exceeds-images'
  /**
   * Match options while auto-match is not in effect (an explicit id, auto-match `"false"`, or no
   * auto-match annotation with `defaultAutoMatch: false`); they do nothing.
   */
  | 'match-options-without-auto'
  /** An image no Ready, unexpired cache with an id holds. */
  | 'image-not-cached'
  /** Auto-match would choose no cache although some hold the pod's images. */
  | 'no-cache-selected'
  /** The explicit cache is listed but not Ready, or expired: the pod's creation would fail. */
  | 'explicit-cache-unusable'
  /** The explicit id names no listed cache; it may exist outside the cluster's ImageCache objects. */
  | 'explicit-cache-unknown'
  /** A DaemonSet: ECI does not run its pods, so no image cache applies. */
  | 'daemonset-not-on-eci'
  /** A cache relevant to the pod holds more images than ECI accepts per cache. */
  | 'cache-too-many-images';

/** One lint finding. */
export interface LintFinding {
  /** What the finding is about; stable, for filtering in tests. */
  readonly code: LintCode;
  /** How much it matters. */
  readonly severity: LintSeverity;
  /** What is wrong and what to do, for people. */
  readonly message: string;
  /** Where in the target, e.g. `spec.template.spec.containers[0].imagePullPolicy`. */
  readonly path?: string | undefined;
}

/** What lint needs to know about the caches, when it was given any. */
export interface LintCacheContext {
  /** What selection gives the pod. */
  readonly selection: ImageCacheSelection;
  /** Whether some usable cache holds the image with this key. */
  covered(key: string): boolean;
  /** The caches holding at least one of the pod's images or carrying its explicit id, by name. */
  relevant(pod: PodView): readonly PreparedCache[];
}

function templateAnnotationsPath(pod: PodView): string {
  return pod.resolved.templatePath === '' ? 'metadata.annotations' : `${pod.resolved.templatePath}.metadata.annotations`;
}

function templateAnnotationPath(pod: PodView, name: string): string {
  return `${templateAnnotationsPath(pod)}["${name}"]`;
}

function annotationRules(pod: PodView, defaultAutoMatch: boolean, findings: LintFinding[]): void {
  const a = pod.annotations;
  const { kind } = pod.resolved;
  for (const site of pod.resolved.ignoredAnnotationSites) {
    for (const name of POD_CACHE_ANNOTATION_NAMES) {
      if (!Object.hasOwn(site.annotations, name)) continue;
      findings.push({
        code: 'annotation-on-workload-metadata',
        severity: 'warning',
        message: `${name} on the ${kind}'s ${site.path} is ignored by ECI; put it on ${templateAnnotationsPath(pod)}`,
        path: `${site.path}["${name}"]`,
      });
    }
  }
  for (const [name, value] of [
    [ANNOTATIONS.explicitId, a.currentExplicitId],
    [ANNOTATIONS.legacyExplicitId, a.legacyExplicitId],
  ] as const) {
    if (value === '') {
      findings.push({
        code: 'empty-explicit-id',
        severity: 'error',
        message: `${name} is empty, so it names no cache`,
        path: templateAnnotationPath(pod, name),
      });
    }
  }
  if (a.currentExplicitId && a.legacyExplicitId && a.currentExplicitId !== a.legacyExplicitId) {
    findings.push({
      code: 'explicit-id-conflict',
      severity: 'error',
      message: `${ANNOTATIONS.explicitId}: ${a.currentExplicitId} and ${ANNOTATIONS.legacyExplicitId}: ${a.legacyExplicitId} disagree; this SDK takes the current name's ${a.currentExplicitId}, but which one ECI uses is not documented`,
      path: templateAnnotationPath(pod, ANNOTATIONS.legacyExplicitId),
    });
  }
  if (a.explicit && a.autoMatch?.enabled) {
    findings.push({
      code: 'explicit-and-auto',
      severity: 'warning',
      message: `${a.explicit.annotation} and ${a.autoMatch.annotation}: "${a.autoMatch.value}" are both set; the explicit id wins and auto-match is ignored`,
      path: templateAnnotationPath(pod, a.autoMatch.annotation),
    });
  }
  if (a.currentAutoMatch !== undefined && a.legacyAutoMatch !== undefined && a.currentAutoMatch !== a.legacyAutoMatch) {
    findings.push({
      code: 'auto-match-conflict',
      severity: 'warning',
      message: `${ANNOTATIONS.autoMatch} is ${a.currentAutoMatch} but ${ANNOTATIONS.legacyAutoMatch} is ${a.legacyAutoMatch}; the current name wins`,
      path: templateAnnotationPath(pod, ANNOTATIONS.legacyAutoMatch),
    });
  }
  for (const problem of a.problems) {
    findings.push({
      code: problem.annotation === ANNOTATIONS.matchCountRequest ? 'malformed-match-count' : 'malformed-boolean-annotation',
      severity: 'error',
      message: `${problem.annotation}: ${JSON.stringify(problem.value)} is not ${problem.expected}; it is ignored`,
      path: templateAnnotationPath(pod, problem.annotation),
    });
  }
  const mode = decideMode(a, defaultAutoMatch).mode;
  const matchOptions = [ANNOTATIONS.perfectMatch, ANNOTATIONS.matchCountRequest].filter((name) =>
    Object.hasOwn(pod.resolved.template.metadata?.annotations ?? {}, name),
  );
  if (mode !== 'auto' && matchOptions.length > 0) {
    findings.push({
      code: 'match-options-without-auto',
      severity: 'warning',
      message: `${matchOptions.join(' and ')} only steer auto-match, which ${
        mode === 'explicit'
          ? 'the explicit id overrides'
          : a.autoMatch
            ? `${a.autoMatch.annotation}: "${a.autoMatch.value}" turns off`
            : 'is off by default here (defaultAutoMatch: false)'
      } for this pod`,
      path: templateAnnotationPath(pod, matchOptions[0] as string),
    });
  }
  if (mode === 'auto' && a.perfectMatch && a.matchCountRequest !== undefined) {
    findings.push({
      code: 'match-count-ignored',
      severity: 'info',
      message: `${ANNOTATIONS.matchCountRequest} is ignored because ${ANNOTATIONS.perfectMatch} is "true"`,
      path: templateAnnotationPath(pod, ANNOTATIONS.matchCountRequest),
    });
  }
  if (mode === 'auto' && !a.perfectMatch && a.matchCountRequest !== undefined && a.matchCountRequest > pod.images.length) {
    findings.push({
      code: 'match-count-exceeds-images',
      severity: 'warning',
      message: `${ANNOTATIONS.matchCountRequest}: "${a.matchCountRequest}" asks for more images than the pod's ${pod.images.length}, so no cache can qualify`,
      path: templateAnnotationPath(pod, ANNOTATIONS.matchCountRequest),
    });
  }
}

function containerRules(pod: PodView, keyOf: ImageKeyer, findings: LintFinding[]): void {
  for (const invalid of pod.invalidImages) {
    findings.push({
      code: 'invalid-image',
      severity: 'error',
      message: `${JSON.stringify(invalid.image)} is not a valid image reference: ${invalid.reason}`,
      path: `${invalid.path}.image`,
    });
  }
  for (const container of pod.containers) {
    const label = `container ${container.containerName ?? container.path}`;
    if (container.pullPolicy === 'Always') {
      findings.push({
        code: 'pull-policy-always',
        severity: 'warning',
        message: `${label} has imagePullPolicy: Always, so ${container.image} is pulled even when a cache holds it; use IfNotPresent`,
        path: `${container.path}.imagePullPolicy`,
      });
      continue;
    }
    const keyed = keyOf(container.image);
    if (container.pullPolicy === undefined && keyed.ok && keyed.impliesPullAlways) {
      findings.push({
        code: 'implicit-pull-policy-always',
        severity: 'warning',
        message: `${label} uses ${container.image} with no imagePullPolicy; Kubernetes defaults a :latest or untagged image to Always, so it is pulled even when a cache holds it; pin a tag or set IfNotPresent`,
        path: `${container.path}.image`,
      });
    }
  }
}

function cacheRules(pod: PodView, keyOf: ImageKeyer, context: LintCacheContext, findings: LintFinding[]): void {
  const { selection } = context;
  if (selection.willFail) {
    findings.push({
      code: 'explicit-cache-unusable',
      severity: 'error',
      message: describeOutcome(selection),
      path: templateAnnotationPath(pod, pod.annotations.explicit?.annotation ?? ANNOTATIONS.explicitId),
    });
  }
  if (selection.outcome === 'explicit-unknown') {
    findings.push({
      code: 'explicit-cache-unknown',
      severity: 'warning',
      message: describeOutcome(selection),
      path: templateAnnotationPath(pod, pod.annotations.explicit?.annotation ?? ANNOTATIONS.explicitId),
    });
  }
  let uncovered = 0;
  for (const image of pod.images) {
    if (context.covered(image.key)) continue;
    uncovered += 1;
    const container = pod.containers.find((c) => {
      const keyed = keyOf(c.image);
      return keyed.ok && keyed.key === image.key;
    });
    findings.push({
      code: 'image-not-cached',
      severity: 'warning',
      message: `no Ready, unexpired ImageCache with an id holds ${image.normalized}`,
      ...(container ? { path: `${container.path}.image` } : {}),
    });
  }
  // Only auto-match ends in no-match, and it always states its requirement.
  const { requirement } = selection;
  if (selection.outcome === 'no-match' && requirement && uncovered < pod.images.length) {
    findings.push({
      code: 'no-cache-selected',
      severity: 'warning',
      message: `auto-match would choose no cache: none holds ${requirement.description}`,
    });
  }
  for (const prepared of context.relevant(pod)) {
    if (prepared.imageCount <= MAX_IMAGES_PER_CACHE) continue;
    findings.push({
      code: 'cache-too-many-images',
      severity: 'warning',
      message: `ImageCache ${prepared.name} holds ${prepared.imageCount} images; ECI accepts at most ${MAX_IMAGES_PER_CACHE} per cache`,
    });
  }
}

/**
 * Lints a pod view; with `context`, also what it would get from the caches.
 *
 * @example
 * ```ts
 * lintPod(readPod(deployment, keyOf), keyOf, false, undefined).map((f) => f.code);
 * ```
 */
export function lintPod(pod: PodView, keyOf: ImageKeyer, defaultAutoMatch: boolean, context: LintCacheContext | undefined): LintFinding[] {
  const notOnEci = notOnEciDecision(pod);
  if (notOnEci) {
    // Nothing else about caches matters for pods that never run on ECI.
    return [
      { code: 'daemonset-not-on-eci', severity: 'warning', message: `${notOnEci.reason}; its cache annotations and the caches do not apply`, path: 'kind' },
    ];
  }
  const findings: LintFinding[] = [];
  annotationRules(pod, defaultAutoMatch, findings);
  containerRules(pod, keyOf, findings);
  if (context) cacheRules(pod, keyOf, context, findings);
  return findings;
}
