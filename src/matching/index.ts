/**
 * Pure matching code: image references, cache selection and pod-spec lint. No I/O, and nothing
 * here loads HTTP code or zod, so test suites can import `eci-imagecache/matching` cheaply.
 * @packageDocumentation
 */
export {
  parseImageReference,
  normalizeImageReference,
  ImageReferenceError,
  isImageReferenceError,
  type ImageReference,
} from '../validation/image-reference.js';
