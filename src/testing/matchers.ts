import { selectImageCache, type ImageCacheMatchOptions, type MatchTarget } from '../matching/index.js';
import type { ImageCache } from '../types/index.js';

/** What a vitest or jest matcher returns. */
export interface ImageCacheMatcherResult {
  readonly pass: boolean;
  /** The failure message, with the selection's explanation. */
  readonly message: () => string;
}

/** The part of the matcher context of vitest and jest these matchers read. */
export interface ImageCacheMatcherContext {
  readonly isNot?: boolean | undefined;
}

function indent(text: string): string {
  return text.replace(/^/gm, '    ');
}

function toUseImageCache(
  this: ImageCacheMatcherContext | void,
  received: MatchTarget,
  caches: readonly ImageCache[],
  idOrName?: string,
  options?: ImageCacheMatchOptions,
): ImageCacheMatcherResult {
  const selection = selectImageCache(received, caches, options);
  const chosen = selection.outcome === 'selected' ? selection.cache : undefined;
  const matchesWanted = idOrName === undefined || chosen?.metadata.name === idOrName || selection.imageCacheId === idOrName;
  const pass = chosen !== undefined && matchesWanted;
  const wanted = idOrName === undefined ? 'an ImageCache' : `ImageCache ${JSON.stringify(idOrName)}`;
  const got = chosen ? `${chosen.metadata.name} (${selection.imageCacheId})` : `no cache (${selection.outcome})`;
  return {
    pass,
    message: () =>
      pass
        ? `expected ${selection.target.kind} ${selection.target.name ?? ''} not to use ${wanted}, but it uses ${got}\n\n${indent(selection.explanation)}`
        : `expected ${selection.target.kind} ${selection.target.name ?? ''} to use ${wanted}, but it gets ${got}\n\n${indent(selection.explanation)}`,
  };
}

function toBeFullyCoveredBy(
  this: ImageCacheMatcherContext | void,
  received: MatchTarget,
  caches: readonly ImageCache[],
  options?: ImageCacheMatchOptions,
): ImageCacheMatcherResult {
  const selection = selectImageCache(received, caches, options);
  const pass = selection.outcome === 'selected' && selection.unmatchedImages.length === 0 && selection.invalidImages.length === 0;
  const missing = selection.outcome === 'selected' ? selection.unmatchedImages : selection.images;
  return {
    pass,
    message: () =>
      pass
        ? `expected some image of ${selection.target.kind} ${selection.target.name ?? ''} to be pulled normally, but ${selection.cache?.metadata.name} holds all ${selection.images.length}\n\n${indent(selection.explanation)}`
        : `expected every image of ${selection.target.kind} ${selection.target.name ?? ''} to come from one ImageCache; pulled normally: ${missing.join(', ') || '(none)'}\n\n${indent(selection.explanation)}`,
  };
}

/**
 * Matchers for `expect.extend()` in vitest and jest. Their failure messages carry the
 * selection's explanation: which cache was chosen, and why each other one lost or was excluded.
 *
 * @example
 * ```ts
 * import { expect } from 'vitest';
 * import { imageCacheMatchers } from 'eci-imagecache/testing';
 * expect.extend(imageCacheMatchers);
 * expect(deployment).toUseImageCache(caches, 'web-cache');
 * expect(deployment).toBeFullyCoveredBy(caches);
 * ```
 */
export const imageCacheMatchers = {
  /** Passes when the target gets a cache (the given one, by name or `imc-` id, when one is named). */
  toUseImageCache,
  /** Passes when one cache holds every image of the target. */
  toBeFullyCoveredBy,
};

/**
 * The matchers' signatures for a test framework's `expect`. Augment your framework with it:
 *
 * @example
 * ```ts
 * // vitest.d.ts
 * import type { ImageCacheMatchers } from 'eci-imagecache/testing';
 * declare module 'vitest' {
 *   interface Assertion<T = any> extends ImageCacheMatchers<void> {}
 * }
 * ```
 */
export interface ImageCacheMatchers<R = unknown> {
  /** Passes when the workload's pods get a cache (the given one, by name or `imc-` id, when named). */
  toUseImageCache(caches: readonly ImageCache[], idOrName?: string, options?: ImageCacheMatchOptions): R;
  /** Passes when one cache holds every image of the workload's pods. */
  toBeFullyCoveredBy(caches: readonly ImageCache[], options?: ImageCacheMatchOptions): R;
}
