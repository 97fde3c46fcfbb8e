/**
 * The informer's local copy: ImageCaches by name, indexed by imageCacheId and by normalized image,
 * and the one place that turns watch events and relists into deltas. Observers (live matchers)
 * hear every change synchronously, before anyone can read the store again.
 * @packageDocumentation
 */
import { createImageKeyer, type ImageKeyer } from '../../matching/image-keys.js';
import type { ImageCache } from '../../types/index.js';

/** One change of the store, as handlers and `deltas()` see it. */
export type InformerDelta =
  | {
      /** A cache appeared: the first sync listed it, or the watch saw it created. */
      readonly type: 'add';
      /** The cache as it appeared. */
      readonly object: ImageCache;
    }
  | {
      /** A cache changed. */
      readonly type: 'update';
      /** The state before the change. */
      readonly oldObject: ImageCache;
      /** The state after it. */
      readonly object: ImageCache;
    }
  | {
      /** A cache is gone. */
      readonly type: 'delete';
      /** The last state seen; with `finalStateUnknown`, the state before the watch was lost. */
      readonly object: ImageCache;
      /** True when the delete was inferred from a relist: the object vanished while the watch was down. */
      readonly finalStateUnknown: boolean;
    }
  | {
      /** The store matches the server as of `resourceVersion`: after the first sync and after every relist. */
      readonly type: 'synced';
      /** The resourceVersion of the state the store now holds. */
      readonly resourceVersion: string;
    };

/** A change to one object: the deltas that carry an object. */
export type ObjectDelta = Exclude<InformerDelta, { type: 'synced' }>;

/** Hears every change of the store as it is made. */
export type StoreObserver = (delta: ObjectDelta) => void;

const nameOf = (object: ImageCache): string => object.metadata.name as string;

function addTo(map: Map<string, Set<string>>, key: string, name: string): void {
  const set = map.get(key);
  if (set) set.add(name);
  else map.set(key, new Set([name]));
}

function removeFrom(map: Map<string, Set<string>>, key: string, name: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(name);
  if (set.size === 0) map.delete(key);
}

/**
 * ImageCaches by name with two indexes. Not thread-safe, and needs none: Node runs it on one thread.
 *
 * @example
 * ```ts
 * const store = new InformerStore();
 * store.upsert(cache); // { type: 'add', object: cache }
 * store.replace([], '42'); // [{ type: 'delete', object: cache, finalStateUnknown: true }]
 * ```
 */
export class InformerStore {
  readonly #objects = new Map<string, ImageCache>();
  readonly #byId = new Map<string, Set<string>>();
  readonly #byImage = new Map<string, Set<string>>();
  readonly #observers = new Set<StoreObserver>();
  readonly #keyOf: ImageKeyer;
  /** Image keys by image string: caches share images, and parsing a reference is the cost of indexing. */
  readonly #keys = new Map<string, string | null>();
  /** The resourceVersion the store is current as of: the last list, event or bookmark. */
  resourceVersion = '';

  constructor(keyOf: ImageKeyer = createImageKeyer()) {
    this.#keyOf = keyOf;
  }

  get size(): number {
    return this.#objects.size;
  }

  get(name: string): ImageCache | undefined {
    return this.#objects.get(name);
  }

  values(): IterableIterator<ImageCache> {
    return this.#objects.values();
  }

  /** The caches whose `status.imageCacheId` is `id`. */
  byImageCacheId(id: string): ImageCache[] {
    return [...(this.#byId.get(id) ?? [])].map((name) => this.#objects.get(name) as ImageCache);
  }

  /** The caches holding `reference`, compared the way matching compares images; none for an unparsable reference. */
  byImage(reference: string): ImageCache[] {
    const keyed = this.#keyOf(reference);
    if (!keyed.ok) return [];
    return [...(this.#byImage.get(keyed.key) ?? [])].map((name) => this.#objects.get(name) as ImageCache);
  }

  /** Starts telling `observer` about every change; the returned function stops it. */
  observe(observer: StoreObserver): () => void {
    this.#observers.add(observer);
    return () => this.#observers.delete(observer);
  }

  /** An object was added or changed; undefined when the store already had this resourceVersion. */
  upsert(object: ImageCache): ObjectDelta | undefined {
    const name = nameOf(object);
    const old = this.#objects.get(name);
    if (old && old.metadata.resourceVersion === object.metadata.resourceVersion && object.metadata.resourceVersion !== undefined) return undefined;
    this.#put(name, object, old);
    return this.#tell(old ? { type: 'update', oldObject: old, object } : { type: 'add', object });
  }

  /** An object was deleted; `object` is its final state (or the last one seen, with `finalStateUnknown`). */
  delete(object: ImageCache, finalStateUnknown = false): ObjectDelta | undefined {
    const name = nameOf(object);
    const old = this.#objects.get(name);
    if (!old) return undefined;
    this.#put(name, undefined, old);
    return this.#tell({ type: 'delete', object: finalStateUnknown ? old : object, finalStateUnknown });
  }

  /**
   * Makes the store hold exactly `objects` (a complete list as of `resourceVersion`) and returns
   * the differences: adds, updates (a different resourceVersion), and deletes with
   * `finalStateUnknown` for objects the list no longer has.
   */
  replace(objects: Iterable<ImageCache>, resourceVersion: string): ObjectDelta[] {
    const deltas: ObjectDelta[] = [];
    const listed = new Set<string>();
    for (const object of objects) {
      listed.add(nameOf(object));
      const delta = this.upsert(object);
      if (delta) deltas.push(delta);
    }
    for (const [name, old] of [...this.#objects]) {
      if (listed.has(name)) continue;
      const delta = this.delete(old, true);
      if (delta) deltas.push(delta);
    }
    this.resourceVersion = resourceVersion;
    return deltas;
  }

  #put(name: string, object: ImageCache | undefined, old: ImageCache | undefined): void {
    if (old) this.#index(name, old, removeFrom);
    if (object) {
      this.#objects.set(name, object);
      this.#index(name, object, addTo);
    } else this.#objects.delete(name);
  }

  #index(name: string, object: ImageCache, apply: typeof addTo): void {
    const id = object.status?.imageCacheId;
    if (typeof id === 'string' && id !== '') apply(this.#byId, id, name);
    const images: unknown = object.spec?.images;
    if (!Array.isArray(images)) return;
    for (const image of images) {
      if (typeof image !== 'string') continue;
      const key = this.#keyFor(image);
      if (key !== null) apply(this.#byImage, key, name);
    }
  }

  #keyFor(image: string): string | null {
    let key = this.#keys.get(image);
    if (key === undefined) {
      // Bounded: a cluster has far fewer distinct images than this; anything beyond is not worth keeping.
      if (this.#keys.size >= 100_000) this.#keys.clear();
      const keyed = this.#keyOf(image);
      key = keyed.ok ? keyed.key : null;
      this.#keys.set(image, key);
    }
    return key;
  }

  #tell(delta: ObjectDelta): ObjectDelta {
    for (const observer of this.#observers) observer(delta);
    return delta;
  }
}
