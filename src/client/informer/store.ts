/**
 * The informer's local copy: ImageCaches by name, indexed by imageCacheId and by normalized image,
 * and the one place that turns watch events and relists into deltas. Observers (live matchers)
 * hear every change synchronously, before anyone can read the store again.
 * @packageDocumentation
 */
import { createImageKeyer, type ImageKeyer } from '../../matching/image-keys.js';
import type { ImageCache } from '../../types/index.js';
import { StoredCache } from '../lazy/stored-cache.js';

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

/** Whether anyone beyond the observers hears deltas of a type: the store makes none that nobody hears. */
export type DeltaAudience = (type: ObjectDelta['type']) => boolean;

/** What the store takes: a cache as an object, or as the store's own record of one version. */
export type StoreInput = ImageCache | StoredCache;

const toStored = (input: StoreInput): StoredCache => (input instanceof StoredCache ? input : StoredCache.fromObject(input));

// Deltas read the object through the record: a delta nobody reads never parses a listed cache.
function addDelta(record: StoredCache): ObjectDelta {
  return {
    type: 'add',
    get object() {
      return record.object;
    },
  };
}

function updateDelta(old: StoredCache, record: StoredCache): ObjectDelta {
  return {
    type: 'update',
    get oldObject() {
      return old.object;
    },
    get object() {
      return record.object;
    },
  };
}

function deleteDelta(record: StoredCache, finalStateUnknown: boolean): ObjectDelta {
  return {
    type: 'delete',
    get object() {
      return record.object;
    },
    finalStateUnknown,
  };
}

/** Names by `status.imageCacheId`, and by image key. */
interface StoreIndexes {
  readonly byId: Map<string, Set<string>>;
  readonly byImage: Map<string, Set<string>>;
}

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
 * Listed caches may be held as their JSON bytes until first read (see {@link StoredCache}).
 *
 * @example
 * ```ts
 * const store = new InformerStore();
 * store.upsert(cache); // { type: 'add', object: cache }
 * store.replace([], '42'); // [{ type: 'delete', object: cache, finalStateUnknown: true }]
 * ```
 */
export class InformerStore {
  #records = new Map<string, StoredCache>();
  /** Built on the first query, then kept current: a sync that nobody queries by id or image builds none. */
  #indexes: StoreIndexes | undefined;
  readonly #observers = new Set<StoreObserver>();
  readonly #keyOf: ImageKeyer;
  /** Image keys by image string: caches share images, and parsing a reference is the cost of indexing. */
  readonly #keys = new Map<string, string | null>();
  /** The resourceVersion the store is current as of: the last list, event or bookmark. */
  resourceVersion = '';
  readonly #audience: DeltaAudience;

  /** `audience` tells whether a delta of a type is wanted besides the observers' (by default, always). */
  constructor(keyOf: ImageKeyer = createImageKeyer(), audience: DeltaAudience = () => true) {
    this.#keyOf = keyOf;
    this.#audience = audience;
  }

  get size(): number {
    return this.#records.size;
  }

  get(name: string): ImageCache | undefined {
    return this.#records.get(name)?.object;
  }

  *values(): IterableIterator<ImageCache> {
    for (const record of this.#records.values()) yield record.object;
  }

  /** The caches whose `status.imageCacheId` is `id`. */
  byImageCacheId(id: string): ImageCache[] {
    return this.#objectsOf(this.#indexed().byId.get(id));
  }

  /** The caches holding `reference`, compared the way matching compares images; none for an unparsable reference. */
  byImage(reference: string): ImageCache[] {
    const keyed = this.#keyOf(reference);
    if (!keyed.ok) return [];
    return this.#objectsOf(this.#indexed().byImage.get(keyed.key));
  }

  /** Starts telling `observer` about every change; the returned function stops it. */
  observe(observer: StoreObserver): () => void {
    this.#observers.add(observer);
    return () => this.#observers.delete(observer);
  }

  /** A cache was added or changed; undefined when the store already had this resourceVersion, or nobody hears the change. */
  upsert(input: StoreInput): ObjectDelta | undefined {
    const record = toStored(input);
    // A watch event moves the store's resourceVersion (a list sets its own after its items).
    if (record.resourceVersion !== undefined) this.resourceVersion = record.resourceVersion;
    const old = this.#records.get(record.name);
    if (old && old.resourceVersion === record.resourceVersion && record.resourceVersion !== undefined) return undefined;
    this.#put(record.name, record, old);
    if (!this.#heard(old ? 'update' : 'add')) return undefined;
    return this.#tell(old ? updateDelta(old, record) : addDelta(record));
  }

  /** A cache was deleted; `input` is its final state (or the last one seen, with `finalStateUnknown`). */
  delete(input: StoreInput, finalStateUnknown = false): ObjectDelta | undefined {
    const record = toStored(input);
    if (!finalStateUnknown && record.resourceVersion !== undefined) this.resourceVersion = record.resourceVersion;
    const old = this.#records.get(record.name);
    if (!old) return undefined;
    this.#put(record.name, undefined, old);
    if (!this.#heard('delete')) return undefined;
    return this.#tell(deleteDelta(finalStateUnknown ? old : record, finalStateUnknown));
  }

  /**
   * Makes the store hold exactly `inputs` (a complete list as of `resourceVersion`) and returns
   * the differences: adds, updates (a different resourceVersion), and deletes with
   * `finalStateUnknown` for caches the list no longer has.
   */
  replace(inputs: Iterable<StoreInput>, resourceVersion: string): ObjectDelta[] {
    const deltas: ObjectDelta[] = [];
    // An empty store (the first sync) has nothing the list could lack: no names to remember.
    const listed = this.#records.size > 0 ? new Set<string>() : undefined;
    for (const input of inputs) {
      const record = toStored(input);
      listed?.add(record.name);
      const delta = this.upsert(record);
      if (delta) deltas.push(delta);
    }
    if (listed) {
      for (const [name, old] of [...this.#records]) {
        if (listed.has(name)) continue;
        const delta = this.delete(old, true);
        if (delta) deltas.push(delta);
      }
    }
    this.resourceVersion = resourceVersion;
    return deltas;
  }

  /**
   * {@link InformerStore.replace} for a complete state already keyed by name, in the order its
   * names first came (a streaming list's, built event by event, the last event of a name winning).
   * Same deltas; but an empty store (the first sync) takes `byName` as its own map instead of
   * building a second one of the same caches. `byName` belongs to the store afterwards.
   */
  replaceByName(byName: Map<string, StoreInput>, resourceVersion: string): ObjectDelta[] {
    if (this.#records.size > 0) return this.replace(byName.values(), resourceVersion);
    for (const [name, input] of byName) if (!(input instanceof StoredCache)) byName.set(name, StoredCache.fromObject(input));
    const records = byName as Map<string, StoredCache>;
    this.#records = records;
    const deltas: ObjectDelta[] = [];
    const heard = this.#heard('add');
    for (const [name, record] of records) {
      this.#index(name, record, addTo);
      if (heard) deltas.push(this.#tell(addDelta(record)));
    }
    this.resourceVersion = resourceVersion;
    return deltas;
  }

  #objectsOf(names: Set<string> | undefined): ImageCache[] {
    return [...(names ?? [])].map((name) => (this.#records.get(name) as StoredCache).object);
  }

  #put(name: string, record: StoredCache | undefined, old: StoredCache | undefined): void {
    if (old) this.#index(name, old, removeFrom);
    if (record) {
      this.#records.set(name, record);
      this.#index(name, record, addTo);
    } else this.#records.delete(name);
  }

  #indexed(): StoreIndexes {
    if (this.#indexes) return this.#indexes;
    this.#indexes = { byId: new Map(), byImage: new Map() };
    for (const [name, record] of this.#records) this.#index(name, record, addTo);
    return this.#indexes;
  }

  #index(name: string, record: StoredCache, apply: typeof addTo): void {
    const indexes = this.#indexes;
    if (!indexes) return;
    if (record.imageCacheId !== undefined) apply(indexes.byId, record.imageCacheId, name);
    for (const image of record.images) {
      const key = this.#keyFor(image);
      if (key !== null) apply(indexes.byImage, key, name);
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

  // A delta costs an object with an accessor (about 1 µs): a first sync of 50,000 caches into an
  // informer without handlers would spend 50 ms making adds that nobody receives.
  #heard(type: ObjectDelta['type']): boolean {
    return this.#observers.size > 0 || this.#audience(type);
  }

  #tell(delta: ObjectDelta): ObjectDelta {
    for (const observer of this.#observers) observer(delta);
    return delta;
  }
}
