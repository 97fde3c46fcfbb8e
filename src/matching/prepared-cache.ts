/**
 * What the selection needs to know about one ImageCache, computed once: whether it can be a
 * candidate at all, and the keys of its images.
 * @packageDocumentation
 */
import type { ImageCache } from '../types/index.js';
import type { ImageKeyer } from './image-keys.js';

/** Why a cache cannot be a candidate, whatever the pod. */
export type ExclusionCode = 'not-ready' | 'no-id' | 'expired';

/** A reason a cache is not a candidate, with a sentence for people. */
export interface Exclusion {
  /** The rule that excludes it. */
  readonly code: ExclusionCode;
  /** The same, as a sentence about the cache. */
  readonly reason: string;
}

/** An ImageCache with the facts selection uses. */
export interface PreparedCache {
  /** The cache as given. */
  readonly cache: ImageCache;
  /** `metadata.name`, or `''`. */
  readonly name: string;
  /** `status.imageCacheId`, when set. */
  readonly id: string | undefined;
  /** Why it can never be chosen, or undefined when it is Ready, unexpired and has an id. */
  readonly exclusion: Exclusion | undefined;
  /** `metadata.creationTimestamp` in epoch ms; -Infinity when absent or unreadable (ranks oldest). */
  readonly createdMs: number;
  /** The distinct keys of its valid images, in `spec.images` order. */
  readonly keys: readonly string[];
  /** How many entries `spec.images` has, valid or not. */
  readonly imageCount: number;
  /** When a usable cache expires, in epoch ms; undefined when it never does or is excluded already. */
  readonly expiresMs: number | undefined;
}

/** Orders strings code unit by code unit (not by locale), so ties break the same on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders caches by `metadata.name`, code unit by code unit. */
export function byName(a: PreparedCache, b: PreparedCache): number {
  return compareStrings(a.name, b.name);
}

/** `status.expireDateTime` in epoch ms: undefined when absent, null or '' (never expires), NaN when unreadable. */
function expiryOf(cache: ImageCache): number | undefined {
  const expire = cache.status?.expireDateTime;
  return expire === undefined || expire === null || expire === '' ? undefined : Date.parse(expire);
}

function exclusionOf(cache: ImageCache, nowMs: number, expireMs: number | undefined): Exclusion | undefined {
  const status = cache.status;
  const phase = status?.phase;
  if (phase !== 'Ready') {
    return {
      code: 'not-ready',
      reason: typeof phase === 'string' && phase !== '' ? `phase is ${phase}, not Ready` : 'has no status.phase yet, so is not Ready',
    };
  }
  if (typeof status?.imageCacheId !== 'string' || status.imageCacheId === '') {
    return { code: 'no-id', reason: 'is Ready but has no status.imageCacheId' };
  }
  if (expireMs === undefined) return undefined;
  const expire = status.expireDateTime;
  // An unreadable expiry cannot be shown to lie in the future, so the cache is not promised.
  if (!Number.isFinite(expireMs)) {
    return { code: 'expired', reason: `has status.expireDateTime ${JSON.stringify(expire)}, which is not a time; treated as expired` };
  }
  if (expireMs <= nowMs) {
    return { code: 'expired', reason: `expired at ${expire} (now is ${new Date(nowMs).toISOString()})` };
  }
  return undefined;
}

/**
 * Prepares one cache for selection at time `nowMs`.
 *
 * @example
 * ```ts
 * prepareCache(cache, Date.parse('2024-01-01T00:00:00Z'), createImageKeyer()).exclusion; // undefined when usable
 * ```
 */
export function prepareCache(cache: ImageCache, nowMs: number, keyOf: ImageKeyer): PreparedCache {
  const images: unknown = cache.spec?.images;
  // Stryker disable next-line ArrayDeclaration: equivalent, a stand-in entry is no valid image and lint counts only past 20
  const list = Array.isArray(images) ? images : [];
  // Stryker disable next-line ArrayDeclaration: equivalent, a stand-in key matches no pod image and sizes 0
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const image of list) {
    // Stryker disable next-line ConditionalExpression: equivalent, the keyer rejects non-strings too
    if (typeof image !== 'string') continue;
    const keyed = keyOf(image);
    if (keyed.ok && !seen.has(keyed.key)) {
      seen.add(keyed.key);
      keys.push(keyed.key);
    }
  }
  const created = cache.metadata?.creationTimestamp;
  const createdMs = typeof created === 'string' ? Date.parse(created) : Number.NaN;
  const id = cache.status?.imageCacheId;
  const expireMs = expiryOf(cache);
  const exclusion = exclusionOf(cache, nowMs, expireMs);
  return {
    cache,
    name: typeof cache.metadata?.name === 'string' ? cache.metadata.name : '',
    id: typeof id === 'string' && id !== '' ? id : undefined,
    exclusion,
    createdMs: Number.isFinite(createdMs) ? createdMs : Number.NEGATIVE_INFINITY,
    keys,
    imageCount: list.length,
    expiresMs: exclusion ? undefined : expireMs,
  };
}
