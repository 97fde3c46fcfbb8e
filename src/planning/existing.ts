/**
 * The caches already in the cluster: which can be reused, and which of them hold every image of
 * a set.
 * @packageDocumentation
 */
import type { ImageKeyer } from '../matching/image-keys.js';
import type { ImageCache } from '../types/index.js';
import { MANAGED_BY_LABEL } from './options.js';

const FAILED = new Set(['Failed', 'UpdateFailed']);

/** An existing cache with what planning reads from it. */
export interface ExistingCache {
  readonly cache: ImageCache;
  readonly name: string;
  readonly keys: ReadonlySet<string>;
  /** Ready now; otherwise still building (Pending, Preparing, Creating, Updating, or no status yet). */
  readonly ready: boolean;
  /** Why it cannot be reused (failed, expired), or undefined. */
  readonly unusable: string | undefined;
  /** Carries the label of caches this SDK plans. */
  readonly managed: boolean;
}

function unusableReason(cache: ImageCache, nowMs: number): string | undefined {
  const phase = cache.status?.phase;
  if (typeof phase === 'string' && FAILED.has(phase)) return `its phase is ${phase}`;
  const expire = cache.status?.expireDateTime;
  if (typeof expire === 'string' && expire !== '') {
    const ms = Date.parse(expire);
    if (!Number.isFinite(ms)) return `its status.expireDateTime ${JSON.stringify(expire)} is not a time`;
    if (ms <= nowMs) return `it expired at ${expire}`;
  }
  return undefined;
}

/**
 * Reads the existing caches.
 *
 * @example
 * ```ts
 * readExisting(caches, nowMs, keyOf).filter((c) => c.unusable === undefined);
 * ```
 */
export function readExisting(caches: readonly ImageCache[], nowMs: number, keyOf: ImageKeyer): ExistingCache[] {
  return caches.map((cache) => {
    const keys = new Set<string>();
    const images: unknown = cache.spec?.images;
    for (const image of Array.isArray(images) ? images : []) {
      if (typeof image !== 'string') continue;
      const keyed = keyOf(image);
      if (keyed.ok) keys.add(keyed.key);
    }
    return {
      cache,
      name: typeof cache.metadata?.name === 'string' ? cache.metadata.name : '',
      keys,
      ready: cache.status?.phase === 'Ready',
      unusable: unusableReason(cache, nowMs),
      managed: cache.metadata?.labels?.[MANAGED_BY_LABEL.key] === MANAGED_BY_LABEL.value,
    };
  });
}

/** Finds, among caches, those holding every key of a set, through an index from key to caches. */
export class CoverIndex<C extends { readonly keys: ReadonlySet<string> }> {
  readonly #byKey = new Map<string, C[]>();

  constructor(caches: Iterable<C>) {
    for (const cache of caches) {
      for (const key of cache.keys) {
        const list = this.#byKey.get(key);
        if (list) list.push(cache);
        else this.#byKey.set(key, [cache]);
      }
    }
  }

  /** The caches holding every one of `keys` (none for an empty set). */
  covering(keys: readonly string[]): C[] {
    let rarest: C[] | undefined;
    for (const key of keys) {
      const list = this.#byKey.get(key);
      if (!list) return [];
      if (!rarest || list.length < rarest.length) rarest = list;
    }
    return rarest ? rarest.filter((cache) => keys.every((key) => cache.keys.has(key))) : [];
  }

  /** The caches holding the most of `keys`, and how many they hold (0 and none when no cache holds any). */
  mostOf(keys: readonly string[]): { readonly caches: C[]; readonly count: number } {
    const counts = new Map<C, number>();
    for (const key of keys) for (const cache of this.#byKey.get(key) ?? []) counts.set(cache, (counts.get(cache) ?? 0) + 1);
    let best = 0;
    for (const count of counts.values()) best = Math.max(best, count);
    return { caches: [...counts].filter(([, count]) => count === best && best > 0).map(([cache]) => cache), count: best };
  }
}
