/**
 * One version of one ImageCache as the informer's store holds it: the fields the store keys and
 * indexes it by, and the object itself, which may still be the JSON text it was listed as.
 * @packageDocumentation
 */
import type { ImageCache } from '../../types/index.js';
import type { ScannedCache } from './scan.js';

function stringImages(images: unknown): readonly string[] {
  return Array.isArray(images) ? images.filter((image): image is string => typeof image === 'string') : [];
}

/**
 * A cache's version in the store. A listed cache is kept as its JSON text and parsed on first read
 * (`object`), then kept parsed: a sync of 50,000 caches then costs a scan of the list's bytes,
 * not 50,000 objects nobody may read. Immutable once made, like the version it stands for.
 *
 * @example
 * ```ts
 * const stored = StoredCache.fromObject(cache);
 * stored.name === cache.metadata.name; // true
 * stored.object === cache; // true
 * ```
 */
export class StoredCache {
  /** `metadata.name`. */
  readonly name: string;
  /** `metadata.resourceVersion`, when it is a string. */
  readonly resourceVersion: string | undefined;
  /** `status.imageCacheId`, when it is a non-empty string. */
  readonly imageCacheId: string | undefined;
  /** The strings of `spec.images`. */
  readonly images: readonly string[];
  #text: string | undefined;
  #object: ImageCache | undefined;

  private constructor(fields: Omit<ScannedCache, 'text'>, text: string | undefined, object: ImageCache | undefined) {
    this.name = fields.name;
    this.resourceVersion = fields.resourceVersion;
    this.imageCacheId = fields.imageCacheId;
    this.images = fields.images;
    this.#text = text;
    this.#object = object;
  }

  /** A cache that is already an object (a watch event's, or a list parsed the ordinary way). */
  static fromObject(object: ImageCache): StoredCache {
    const resourceVersion = object.metadata.resourceVersion;
    const id = object.status?.imageCacheId;
    return new StoredCache(
      {
        name: object.metadata.name as string,
        resourceVersion: typeof resourceVersion === 'string' ? resourceVersion : undefined,
        imageCacheId: typeof id === 'string' && id !== '' ? id : undefined,
        images: stringImages(object.spec?.images),
      },
      undefined,
      object,
    );
  }

  /** A cache still in its JSON text, with the fields the scan read from it. */
  static fromScan(scanned: ScannedCache): StoredCache {
    return new StoredCache(scanned, scanned.text, undefined);
  }

  /** The cache; parsed from its text on the first read, the same object on every read after. */
  get object(): ImageCache {
    if (this.#object === undefined) {
      // The scan vouched for this text: JSON.parse cannot fail on it.
      this.#object = JSON.parse(this.#text as string) as ImageCache;
      // The text may be a slice of a whole page: let the page go once its caches are all read.
      this.#text = undefined;
    }
    return this.#object;
  }

  /** True until the object is read for the first time. */
  get unread(): boolean {
    return this.#object === undefined;
  }
}
