/**
 * Names of created caches: derived from the spec alone, so the same spec always gets the same
 * name (whatever the input order), and a name never stands for two specs (`ensure` never meets a
 * same-named cache with another spec it created itself).
 * @packageDocumentation
 */
import type { ImageCacheInput } from '../types/index.js';

/** cyrb53: a fast, well-mixed 53-bit string hash. Not cryptographic; names only need to differ. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * The name of a cache with `spec`: `<prefix>-<12 hex digits of a hash of the spec>`.
 *
 * @example
 * ```ts
 * cacheNameForSpec('warm', { images: ['nginx:1.25'] }); // 'warm-' + 12 hex digits
 * ```
 */
export function cacheNameForSpec(prefix: string, spec: ImageCacheInput['spec']): string {
  const canonical = JSON.stringify([spec.images, spec.imageCacheSize ?? null, spec.retentionDays ?? null, spec.imagePullSecrets ?? []]);
  return `${prefix}-${hash53(canonical).toString(16).padStart(14, '0').slice(-12)}`;
}
