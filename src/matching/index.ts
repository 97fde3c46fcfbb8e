/**
 * Pure matching code: image references, cache selection that explains itself, and pod-spec lint.
 * No I/O, and nothing here loads HTTP code, zod or YAML, so test suites can import
 * `eci-imagecache/matching` cheaply.
 * @packageDocumentation
 */
// The same image-reference exports as `eci-imagecache` (validation/index.ts): both entry points
// offer them, and this one must not load validation's zod schemas to do so.
export {
  parseImageReference,
  normalizeImageReference,
  ImageReferenceError,
  isImageReferenceError,
  type ImageReference,
} from '../validation/image-reference.js';
export { ANNOTATIONS, POD_CACHE_ANNOTATION_NAMES, readPodCacheAnnotations } from './annotations.js';
export type { AnnotationProblem, PodCacheAnnotations } from './annotations.js';
export { EciImageCacheError, isEciImageCacheError } from '../errors/index.js';
export { UnsupportedTargetError, isUnsupportedTargetError, InvalidMatchOptionError, isInvalidMatchOptionError } from './errors.js';
export { DEFAULT_MATCH_OPTIONS } from './options.js';
export type { ImageCacheMatchOptions, ImageSizes, SizeRank } from './options.js';
export type { ExclusionCode } from './prepared-cache.js';
export type { InvalidImage, MatchRequirement, SelectionMode } from './pod-view.js';
export type { LossCode } from './ranking.js';
export type {
  CandidateReasonCode,
  CandidateReport,
  CandidateStatus,
  ImageCacheSelection,
  SelectionOutcome,
} from './selection.js';
export { selectImageCache } from './select-image-cache.js';
export { createImageCacheMatcher, type ImageCacheMatcher } from './matcher.js';
export { lintWorkload } from './lint.js';
export type { LintCode, LintFinding, LintSeverity } from './lint-rules.js';
export type {
  ContainerLike,
  MatchTarget,
  ObjectMetaLike,
  PodLike,
  PodSpecLike,
  PodTemplateLike,
  PodTemplateSpecLike,
  WorkloadLike,
  WorkloadSpecLike,
} from './workload-types.js';
