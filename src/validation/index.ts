/**
 * Validation of ImageCaches before anything is sent: zod schemas, `validate*` functions with
 * issues that name the field and the rule, and the manifest parser.
 * @packageDocumentation
 */
export * from './errors.js';
export * from './schemas.js';
export { validateImageCache, validateImageCacheSpec, assertValidImageCache } from './validate.js';
export { parseImageCacheManifest, safeParseImageCacheManifest, DEFAULT_MANIFEST_LIMITS, type ManifestLimits, type ManifestOptions } from './manifest.js';
// Also exported by `eci-imagecache/matching` (matching/index.ts), which must offer them without zod.
export {
  parseImageReference,
  normalizeImageReference,
  ImageReferenceError,
  isImageReferenceError,
  type ImageReference,
} from './image-reference.js';
export { dns1123SubdomainProblem, dns1123LabelProblem } from './names.js';
