/**
 * The pod annotations ECI reads to pick an image cache, and how their values are read.
 * @packageDocumentation
 */

/** Names of the pod annotations that steer image cache selection. */
export const ANNOTATIONS = {
  /** Explicit cache by id (current name): `imc-...`. */
  explicitId: 'k8s.aliyun.com/eci-imc-id',
  /** Explicit cache by id (legacy name, the one in the original document). */
  legacyExplicitId: 'k8s.aliyun.com/eci-image-snapshot-id',
  /** Auto-match switch (current name); defaults to true (ECI, "Use ImageCache to accelerate the creation of pods", 2025). */
  autoMatch: 'k8s.aliyun.com/eci-auto-imc',
  /** Auto-match switch (legacy name); documented with default false on old virtual-node clusters. */
  legacyAutoMatch: 'k8s.aliyun.com/eci-image-cache',
  /** `"true"`: auto-match only a cache holding every image of the pod. */
  perfectMatch: 'k8s.aliyun.com/imc-perfect-match',
  /** `"N"`: auto-match only a cache holding at least N of the pod's images. */
  matchCountRequest: 'k8s.aliyun.com/imc-match-count-request',
} as const;

/** Every annotation name in {@link ANNOTATIONS}. */
export const POD_CACHE_ANNOTATION_NAMES: readonly string[] = Object.freeze(Object.values(ANNOTATIONS));

/** An annotation whose value could not be read; the annotation is then treated as absent. */
export interface AnnotationProblem {
  /** The annotation's name. */
  readonly annotation: string;
  /** Its value as written. */
  readonly value: string;
  /** What was expected. */
  readonly expected: string;
}

/** The cache-related annotations of one pod template, read and reconciled. */
export interface PodCacheAnnotations {
  /** The explicit cache id in effect (current name before legacy), with the annotation it came from. */
  readonly explicit:
    | {
        /** The imageCacheId asked for. */
        readonly id: string;
        /** The annotation it came from. */
        readonly annotation: string;
      }
    | undefined;
  /** The value of {@link ANNOTATIONS.explicitId}, as written. */
  readonly currentExplicitId: string | undefined;
  /** The value of {@link ANNOTATIONS.legacyExplicitId}, as written. */
  readonly legacyExplicitId: string | undefined;
  /** The auto-match switch in effect (current name before legacy); undefined when neither is set. */
  readonly autoMatch:
    | {
        /** Whether the pod is auto-matched. */
        readonly enabled: boolean;
        /** The annotation that decided it. */
        readonly annotation: string;
        /** Its value, as written. */
        readonly value: string;
      }
    | undefined;
  /** The current auto-match annotation, as a boolean, when well-formed. */
  readonly currentAutoMatch: boolean | undefined;
  /** The legacy auto-match annotation, as a boolean, when well-formed. */
  readonly legacyAutoMatch: boolean | undefined;
  /** Whether {@link ANNOTATIONS.perfectMatch} is true. */
  readonly perfectMatch: boolean;
  /** {@link ANNOTATIONS.matchCountRequest} as a number, when well-formed. */
  readonly matchCountRequest: number | undefined;
  /** Values that could not be read. */
  readonly problems: readonly AnnotationProblem[];
}

// Go's strconv.ParseBool, which is how a Go controller reads "true".
const TRUE_VALUES = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_VALUES = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);
const BOOLEAN_EXPECTATION = 'a boolean ("true" or "false")';

function annotationValue(annotations: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = Object.hasOwn(annotations, name) ? annotations[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * Reads the cache annotations of a pod (template) the way this project decided ECI reads them:
 * explicit ids with the current name before the legacy one (an empty id counts as absent), the
 * auto-match switch likewise, booleans as Go's `strconv.ParseBool`, the match count as a
 * non-negative decimal integer. Malformed values are reported in `problems` and treated as absent.
 *
 * @example
 * ```ts
 * readPodCacheAnnotations({ 'k8s.aliyun.com/eci-image-cache': 'true' }).autoMatch;
 * // { enabled: true, annotation: 'k8s.aliyun.com/eci-image-cache', value: 'true' }
 * ```
 */
export function readPodCacheAnnotations(annotations: Readonly<Record<string, string>> | null | undefined): PodCacheAnnotations {
  const source: Readonly<Record<string, unknown>> = annotations ?? {};
  const problems: AnnotationProblem[] = [];

  const readBoolean = (name: string): boolean | undefined => {
    const value = annotationValue(source, name);
    if (value === undefined) return undefined;
    if (TRUE_VALUES.has(value)) return true;
    if (FALSE_VALUES.has(value)) return false;
    problems.push({ annotation: name, value, expected: BOOLEAN_EXPECTATION });
    return undefined;
  };

  const currentExplicitId = annotationValue(source, ANNOTATIONS.explicitId);
  const legacyExplicitId = annotationValue(source, ANNOTATIONS.legacyExplicitId);
  const explicit = currentExplicitId
    ? { id: currentExplicitId, annotation: ANNOTATIONS.explicitId }
    : legacyExplicitId
      ? { id: legacyExplicitId, annotation: ANNOTATIONS.legacyExplicitId }
      : undefined;

  const currentAutoMatch = readBoolean(ANNOTATIONS.autoMatch);
  const legacyAutoMatch = readBoolean(ANNOTATIONS.legacyAutoMatch);
  const autoMatch =
    currentAutoMatch !== undefined
      ? { enabled: currentAutoMatch, annotation: ANNOTATIONS.autoMatch, value: String(annotationValue(source, ANNOTATIONS.autoMatch)) }
      : legacyAutoMatch !== undefined
        ? { enabled: legacyAutoMatch, annotation: ANNOTATIONS.legacyAutoMatch, value: String(annotationValue(source, ANNOTATIONS.legacyAutoMatch)) }
        : undefined;

  const perfectMatch = readBoolean(ANNOTATIONS.perfectMatch) === true;

  let matchCountRequest: number | undefined;
  const rawCount = annotationValue(source, ANNOTATIONS.matchCountRequest);
  if (rawCount !== undefined) {
    if (/^[0-9]{1,9}$/.test(rawCount)) matchCountRequest = Number(rawCount);
    else problems.push({ annotation: ANNOTATIONS.matchCountRequest, value: rawCount, expected: 'a non-negative whole number such as "2"' });
  }

  return {
    explicit,
    currentExplicitId,
    legacyExplicitId,
    autoMatch,
    currentAutoMatch,
    legacyAutoMatch,
    perfectMatch,
    matchCountRequest,
    problems,
  };
}
