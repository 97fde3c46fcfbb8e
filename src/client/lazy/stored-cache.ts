/**
 * One version of one ImageCache as the informer's store holds it: the fields the store keys and
 * indexes it by, and the object itself, which may still be the JSON bytes it was listed as.
 * @packageDocumentation
 */
import type { ImageCache } from '../../types/index.js';
import { scanIndexFields, type IndexFields, type ScannedCache } from './scan.js';

/** The UTF-8 text of `bytes[start, end)`, decoded as a response body is (no byte order mark is dropped: the scan refuses one). */
function utf8Text(bytes: Uint8Array, start: number, end: number): string {
  return (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString('utf8', start, end);
}

/** The index fields of a parsed cache, by the scan's rules. */
function indexFieldsOf(object: ImageCache): IndexFields {
  const id = object.status?.imageCacheId;
  const images: unknown = object.spec?.images;
  return {
    imageCacheId: typeof id === 'string' && id !== '' ? id : undefined,
    images: Array.isArray(images) ? images.filter((image): image is string => typeof image === 'string') : [],
  };
}

/**
 * A cache's version in the store. A listed cache is kept as its JSON bytes and decoded and parsed on
 * first read (`object`), then kept parsed: a sync of 50,000 caches then costs a scan of the list's
 * bytes, not 50,000 objects nobody may read. Immutable once made, like the version it stands for.
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
  // The page or event line the cache was scanned from, and where in it the cache is.
  #source: Uint8Array | undefined;
  #start = 0;
  #end = 0;
  #object: ImageCache | undefined;
  #index: IndexFields | undefined;

  private constructor(name: string, resourceVersion: string | undefined, object: ImageCache | undefined) {
    this.name = name;
    this.resourceVersion = resourceVersion;
    this.#object = object;
  }

  /** `status.imageCacheId`, when it is a non-empty string. */
  get imageCacheId(): string | undefined {
    return this.#indexFields().imageCacheId;
  }

  /** The strings of `spec.images` (the same array on every read). */
  get images(): readonly string[] {
    return this.#indexFields().images;
  }

  // Read only by the store's indexes, which are built on their first query: a sync never pays for them.
  #indexFields(): IndexFields {
    this.#index ??= (this.#source && scanIndexFields(this.#source, this.#start)) ?? indexFieldsOf(this.object);
    return this.#index;
  }

  /** A cache that is already an object (a watch event's, or a list parsed the ordinary way). */
  static fromObject(object: ImageCache): StoredCache {
    const resourceVersion = object.metadata.resourceVersion;
    return new StoredCache(object.metadata.name as string, typeof resourceVersion === 'string' ? resourceVersion : undefined, object);
  }

  /** A cache still in its JSON bytes, with the fields the scan read from them. */
  static fromScan(scanned: ScannedCache): StoredCache {
    const stored = new StoredCache(scanned.name, scanned.resourceVersion, undefined);
    stored.#source = scanned.source;
    stored.#start = scanned.start;
    stored.#end = scanned.end;
    return stored;
  }

  /** The cache; parsed from its bytes on the first read, the same object on every read after. */
  get object(): ImageCache {
    if (this.#object === undefined) {
      // The scan vouched for these bytes: JSON.parse cannot fail on their text.
      this.#object = JSON.parse(utf8Text(this.#source as Uint8Array, this.#start, this.#end)) as ImageCache;
      // The source is a whole page or event line: let it go once its caches are all read.
      this.#source = undefined;
    }
    return this.#object;
  }

  /** True until the object is read for the first time. */
  get unread(): boolean {
    return this.#object === undefined;
  }
}
