/**
 * Test helpers for users' own suites: the ImageCache API emulator and test matchers.
 * @packageDocumentation
 */
export * from './emulator/index.js';
export {
  imageCacheMatchers,
  type ImageCacheMatchers,
  type ImageCacheMatcherResult,
  type ImageCacheMatcherContext,
  type ToUseImageCacheOptions,
} from './matchers.js';
