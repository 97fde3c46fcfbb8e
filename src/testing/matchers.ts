import { describeAmbiguity } from '../matching/explain.js';
import { selectImageCache, type ImageCacheMatchOptions, type ImageCacheSelection, type MatchTarget } from '../matching/index.js';
import type { ImageCache } from '../types/index.js';

/** Options of `toUseImageCache`: the matching options, and whether an ambiguous selection may pass. */
export interface ToUseImageCacheOptions extends ImageCacheMatchOptions {
  /**
   * When caches tie on everything ECI documents, the selection's `imageCacheId` is this SDK's
   * guess. By default, naming a cache of such a tie fails the assertion either way (ECI may pick
   * another); true compares against the guess instead. Default false.
   */
  readonly allowAmbiguous?: boolean;
}

/** What a vitest or jest matcher returns. */
export interface ImageCacheMatcherResult {
  /** True when the expectation holds (before vitest or jest applies `.not`). */
  readonly pass: boolean;
  /** The failure message, with the selection's explanation. */
  readonly message: () => string;
}

/** The part of the matcher context of vitest and jest these matchers read. */
export interface ImageCacheMatcherContext {
  /** True under `.not`. */
  readonly isNot?: boolean | undefined;
}

function indent(text: string): string {
  return text.replace(/^/gm, '    ');
}

/** Whether `idOrName` names one of the caches tied in an ambiguous selection. */
function namesTiedCache(selection: ImageCacheSelection, caches: readonly ImageCache[], idOrName: string): boolean {
  const tied = new Set([selection.imageCacheId, ...selection.alternatives]);
  return tied.has(idOrName) || caches.some((c) => c.metadata?.name === idOrName && tied.has(c.status?.imageCacheId));
}

function toUseImageCache(
  this: ImageCacheMatcherContext | void,
  received: MatchTarget,
  caches: readonly ImageCache[],
  idOrName?: string,
  options?: ToUseImageCacheOptions,
): ImageCacheMatcherResult {
  const { allowAmbiguous = false, ...matchOptions } = options ?? {};
  const selection = selectImageCache(received, caches, matchOptions);
  if (idOrName !== undefined && selection.ambiguous && !allowAmbiguous && namesTiedCache(selection, caches, idOrName)) {
    // Unknowable either way, so it fails under .not too.
    return {
      pass: this?.isNot === true,
      message: () =>
        `cannot tell whether ${selection.target.kind} ${selection.target.name ?? ''} uses ImageCache ${JSON.stringify(idOrName)}: ` +
        `${describeAmbiguity(selection)}; or pass { allowAmbiguous: true } to check this SDK's guess (${selection.imageCacheId})\n\n${indent(selection.explanation)}`,
    };
  }
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
  /**
   * Passes when the workload's pods get a cache (the given one, by name or `imc-` id, when named).
   * Naming a cache of an ambiguous tie fails, with or without `.not`, unless `allowAmbiguous`.
   */
  toUseImageCache(caches: readonly ImageCache[], idOrName?: string, options?: ToUseImageCacheOptions): R;
  /** Passes when one cache holds every image of the workload's pods. */
  toBeFullyCoveredBy(caches: readonly ImageCache[], options?: ImageCacheMatchOptions): R;
}
