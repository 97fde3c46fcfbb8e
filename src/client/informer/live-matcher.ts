/**
 * A live matcher: `createImageCacheMatcher`'s interface over the matching module's own index,
 * kept current by the informer's store one cache at a time instead of being rebuilt.
 * @packageDocumentation
 */
import { CacheIndex, type CacheSlot } from '../../matching/cache-index.js';
import { matcherOver, type ImageCacheMatcher } from '../../matching/matcher.js';
import { resolveMatchOptions, type ImageCacheMatchOptions } from '../../matching/options.js';
import type { ImageCache } from '../../types/index.js';
import type { InformerStore } from './store.js';

/** A matcher that follows an informer's store. */
export interface LiveImageCacheMatcher extends ImageCacheMatcher {
  /** Stops following the store; the matcher keeps answering from the state it last saw. */
  close(): void;
}

/**
 * Builds a matcher over `store` and subscribes it to the store's changes.
 *
 * @example
 * ```ts
 * const matcher = createLiveMatcher(store, { registryAliases: [['docker.io', 'mirror.example.com']] });
 * matcher.select(pod).imageCacheId;
 * ```
 */
export function createLiveMatcher(store: InformerStore, options: ImageCacheMatchOptions): LiveImageCacheMatcher {
  const resolved = resolveMatchOptions(options);
  const fixedNow = options.now !== undefined;
  const index = new CacheIndex(resolved.nowMs, resolved.keyOf);
  const slots = new Map<string, CacheSlot>();
  const put = (cache: ImageCache) => {
    const name = cache.metadata.name as string;
    const slot = slots.get(name);
    if (slot === undefined) slots.set(name, index.add(cache));
    else index.replace(slot, cache);
  };
  for (const cache of store.values()) put(cache);
  const stop = store.observe((delta) => {
    if (delta.type !== 'delete') return put(delta.object);
    const name = delta.object.metadata.name as string;
    const slot = slots.get(name);
    if (slot === undefined) return;
    index.remove(slot);
    slots.delete(name);
  });
  // Without a fixed `now`, a cache stops being usable when its expiry passes.
  const beforeRead = fixedNow
    ? () => {}
    : () => {
        const now = Date.now();
        if (now >= index.nextExpiryMs) index.setNow(now);
      };
  const matcher = matcherOver(index, resolved, () => [...slots.values()].map((slot) => index.cacheAt(slot) as ImageCache), beforeRead);
  return Object.assign(matcher, { close: stop }) as LiveImageCacheMatcher;
}
