import { createHash } from 'node:crypto';
import { MAX_IMAGES_PER_CACHE } from '../types/constants.js';
import type { ImageCache, ImageCacheInput } from '../types/index.js';
import { normalizeImageReference } from '../validation/image-reference.js';

/** A set of images that should be cached together, e.g. one workload's. */
export interface WarmUpGroup {
  /** Name for the cache to create when none covers the images. */
  readonly name: string;
  readonly images: readonly string[];
}

/** What `warm` will do for one group. */
export type WarmUpStep =
  | { readonly action: 'create'; readonly imageCache: ImageCacheInput }
  | { readonly action: 'covered'; readonly name: string; readonly by: ImageCache };

/** Options for the caches `warm` creates. */
export interface WarmUpSpecOptions {
  readonly imageCacheSize?: number | undefined;
  readonly retentionDays?: number | undefined;
  readonly imagePullSecrets?: readonly string[] | undefined;
  readonly maxImages?: number | undefined;
}

const FAILED = new Set(['Failed', 'UpdateFailed']);

/** A DNS-1123 name from free text: lowercase, invalid runs to '-', at most 63 characters. */
export function cacheNameFor(text: string): string {
  const cleaned = text.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return (cleaned || 'cache').slice(0, 63).replace(/[-.]+$/g, '');
}

/** The name of a cache for a bare list of images: stable for the same set in any order. */
export function cacheNameForImages(images: readonly string[]): string {
  const digest = createHash('sha256').update([...new Set(images.map(normalizeImageReference))].sort().join('\n')).digest('hex');
  return `warm-${digest.slice(0, 10)}`;
}

/**
 * Decides, for each group, whether an existing cache already holds all its images (and is not
 * failed or expired), or which cache to create. Images are compared after Docker normalization;
 * a group larger than the per-cache limit is split into numbered caches.
 */
export function planWarmUp(groups: readonly WarmUpGroup[], existing: readonly ImageCache[], options: WarmUpSpecOptions = {}, now = new Date()): WarmUpStep[] {
  const usable = existing.filter((c) => {
    if (FAILED.has(c.status?.phase ?? '')) return false;
    const expires = c.status?.expireDateTime;
    return !(expires && Date.parse(expires) <= now.getTime());
  });
  const held = usable.map((c) => ({ cache: c, images: new Set(c.spec.images.map(normalizeImageReference)) }));
  const max = options.maxImages ?? MAX_IMAGES_PER_CACHE;
  const steps: WarmUpStep[] = [];
  for (const group of groups) {
    const seen = new Set<string>();
    const images = group.images.filter((image) => {
      const key = normalizeImageReference(image);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const chunks = images.length <= max ? [images] : Array.from({ length: Math.ceil(images.length / max) }, (_, i) => images.slice(i * max, (i + 1) * max));
    chunks.forEach((chunk, i) => {
      const name = chunks.length === 1 ? group.name : `${group.name.slice(0, 60)}-${i + 1}`;
      const keys = chunk.map(normalizeImageReference);
      const cover = held.find((h) => keys.every((k) => h.images.has(k)));
      if (cover) {
        steps.push({ action: 'covered', name, by: cover.cache });
        return;
      }
      steps.push({
        action: 'create',
        imageCache: {
          metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'eci-imagecache' } },
          spec: {
            images: [...chunk],
            ...(options.imagePullSecrets?.length ? { imagePullSecrets: [...options.imagePullSecrets] } : {}),
            ...(options.imageCacheSize !== undefined ? { imageCacheSize: options.imageCacheSize } : {}),
            ...(options.retentionDays !== undefined ? { retentionDays: options.retentionDays } : {}),
          },
        },
      });
    });
  }
  return steps;
}
