/**
 * The store as request handlers use it: every write also records which field manager owns which
 * field, and server-side apply (create-on-apply included) is one call. Reads and deletes pass through.
 * Modelled on client-go's `managedFieldObjectTracker`, which wraps its `ObjectTracker` the same way.
 * @packageDocumentation
 */
import type { ImageCache, ImageCacheList } from '../../types/index.js';
import { statusErrors } from './errors.js';
import { FieldOwnership } from './field-ownership.js';
import type { JsonObject } from './json.js';
import type { ImageCacheStore, StoreDeleteOptions, StoreDeleteResult, StoreListOptions, StoreUpdateOptions, StoreWriteOptions } from './store.js';

/** A write by a field manager. */
export interface ManagedWriteOptions extends StoreWriteOptions {
  readonly manager: string;
}

/** An update by a field manager. */
export interface ManagedUpdateOptions extends StoreUpdateOptions {
  readonly manager: string;
}

/** A server-side apply. */
export interface ApplyOptions extends ManagedUpdateOptions {
  /** Take fields other managers own instead of answering 409. */
  readonly force: boolean;
}

/**
 * The checks a request makes of the object an apply formed, before it is stored: given the live
 * object (undefined when the apply creates it), returns the object to store.
 */
export type AdmitApplied = (formed: JsonObject, live: ImageCache | undefined) => JsonObject;

/** What an apply did. */
export interface ApplyResult {
  readonly object: ImageCache;
  /** True when the apply created the object (a 201). */
  readonly created: boolean;
}

/**
 * An {@link ImageCacheStore} with field ownership.
 *
 * @example
 * ```ts
 * const managed = new ManagedFieldsStore(new ImageCacheStore());
 * managed.create(object, { manager: 'kubectl' });
 * managed.apply('web', configuration, { manager: 'ci', force: false }, (formed) => formed); // 409 when it takes kubectl's fields
 * ```
 */
export class ManagedFieldsStore {
  readonly #store: ImageCacheStore;
  readonly #ownership = new FieldOwnership();

  constructor(store: ImageCacheStore) {
    this.#store = store;
    // Ownership ends with the object, however it goes (a request, the controller's expiry).
    store.watch({}, (event) => {
      if (event.type === 'DELETED') this.#ownership.forget(event.object.metadata.uid);
    });
  }

  /** The wrapped store, for watches. */
  get inner(): ImageCacheStore {
    return this.#store;
  }

  // Reads and deletes own no fields: they pass through.
  find(name: string): ImageCache | undefined {
    return this.#store.find(name);
  }

  get(name: string): ImageCache {
    return this.#store.get(name);
  }

  list(options: StoreListOptions): ImageCacheList {
    return this.#store.list(options);
  }

  delete(name: string, options: StoreDeleteOptions): StoreDeleteResult {
    return this.#store.delete(name, options);
  }

  deleteCollection(options: Pick<StoreListOptions, 'labelSelector' | 'fieldSelector'> & StoreWriteOptions): ImageCache[] {
    return this.#store.deleteCollection(options);
  }

  /** Creates `object`; its manager owns every field it set. */
  create(object: JsonObject, options: ManagedWriteOptions): ImageCache {
    const created = this.#store.create(object, { dryRun: options.dryRun });
    if (!options.dryRun) this.#ownership.recordUpdate(undefined, created, options.manager);
    return created;
  }

  /** Replaces the named object; its manager takes the fields it changed. Status writes own nothing. */
  update(name: string, object: JsonObject, options: ManagedUpdateOptions): ImageCache {
    const before = this.#store.find(name);
    const updated = this.#store.update(name, object, { dryRun: options.dryRun, subresource: options.subresource });
    if (!options.dryRun && !options.subresource) this.#ownership.recordUpdate(before, updated, options.manager);
    return updated;
  }

  /**
   * Applies `configuration` to the named object, creating it when absent (not through a
   * subresource: 404). Throws 409 on conflicts with other managers unless forced.
   */
  apply(name: string, configuration: JsonObject, options: ApplyOptions, admit: AdmitApplied): ApplyResult {
    const { dryRun, subresource, manager } = options;
    const live = this.#store.find(name);
    if (!live && subresource) throw statusErrors.notFound(name);
    const plan = this.#ownership.planApply(live, configuration, manager, options.force);
    const object = admit(plan.object, live);
    if (!live) {
      const created = this.#store.create(object, { dryRun });
      if (!dryRun) plan.commit(created);
      return { object: created, created: true };
    }
    const updated = this.#store.update(name, object, { dryRun, subresource });
    if (!dryRun && !subresource) plan.commit(updated);
    return { object: updated, created: false };
  }
}
