/**
 * The emulator's storage: ImageCaches in memory with the semantics an API server gives a custom
 * resource stored in etcd. One global resourceVersion counter, uid and creationTimestamp set on
 * create, generation bumped on spec changes only, optimistic concurrency, finalizers, a bounded
 * event history for watch resume, and list snapshots for `continue` tokens.
 * @packageDocumentation
 */
import { randomUUID, randomInt } from 'node:crypto';
import type { ImageCache, ImageCacheList } from '../../types/index.js';
import { IMAGE_CACHE_API_VERSION, IMAGE_CACHE_KIND, IMAGE_CACHE_LIST_KIND } from '../../types/constants.js';
import { kubernetesTime } from './clock.js';
import { EMULATOR_DEFAULTS } from './defaults.js';
import { statusErrors } from './errors.js';
import { invalidObjectError } from './field-errors.js';
import { cloneJson, isJsonObject, jsonEqual, ownValue, type JsonObject } from './json.js';
import { isEverything, matchesObjectSelector, parseObjectSelector } from './selectors.js';
import { pruneUnknownFields, validateStoredObject } from './validation.js';

/** Options of an {@link ImageCacheStore}. */
export interface ImageCacheStoreOptions {
  /** The clock for creationTimestamp and deletionTimestamp. @defaultValue the real clock */
  readonly now?: (() => Date) | undefined;
  /** How many events are kept for watches that resume from a resourceVersion. @defaultValue 1000 */
  readonly watchHistory?: number | undefined;
  /** How many list snapshots are kept for `continue` tokens. @defaultValue 64 */
  readonly maxListSnapshots?: number | undefined;
}

/** Options of a write. */
export interface StoreWriteOptions {
  /** Check and answer as if writing, but keep nothing (`dryRun=All`). */
  readonly dryRun?: boolean | undefined;
}

/** Options of {@link ImageCacheStore.create}. */
export interface StoreCreateOptions extends StoreWriteOptions {
  /** Keep the status and any creationTimestamp of the input: for seeding fixtures only; a real create sets both. */
  readonly keepStatus?: boolean | undefined;
}

/** Options of {@link ImageCacheStore.update}. */
export interface StoreUpdateOptions extends StoreWriteOptions {
  /** `status` writes through the status subresource: only `status` changes. */
  readonly subresource?: 'status' | undefined;
}

/** What a delete request may require of the object, as `DeleteOptions.preconditions`. */
export interface DeletePreconditions {
  /** Delete only if the object still has this uid; otherwise 409 Conflict. */
  readonly uid?: string | undefined;
  /** Delete only if the object still has this resourceVersion; otherwise 409 Conflict. */
  readonly resourceVersion?: string | undefined;
}

/** Options of {@link ImageCacheStore.delete}. */
export interface StoreDeleteOptions extends StoreWriteOptions {
  /** Conditions the object must meet to be deleted, as the DeleteOptions body carries them. */
  readonly preconditions?: DeletePreconditions | undefined;
}

/**
 * Options of {@link ImageCacheStore.list}, as the list request's query carries them. Not the
 * client's `WatchOptions`/`ListOptions`: the emulator takes the raw strings a server receives.
 */
export interface StoreListOptions {
  /** Only objects whose labels match, in Kubernetes' selector syntax. */
  readonly labelSelector?: string | undefined;
  /** Only objects whose fields match, e.g. `metadata.name=web`. */
  readonly fieldSelector?: string | undefined;
  /** Page size; 0 or absent means everything. */
  readonly limit?: number | undefined;
  /** The token of the previous page. */
  readonly continue?: string | undefined;
  /** Serve a state at least this new; `0` or absent means the current one. */
  readonly resourceVersion?: string | undefined;
}

/** A change to the store, as a watch sees it. Objects in events are frozen. */
export interface StoreEvent {
  /** What happened, as a watch event's `type` says it. */
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** The object after the change; for DELETED, its last state with the deletion's resourceVersion. */
  readonly object: Readonly<ImageCache>;
  /** The object before the change (MODIFIED and DELETED). */
  readonly previous?: Readonly<ImageCache> | undefined;
  /** The store's resourceVersion after the change. */
  readonly resourceVersion: number;
}

/** An open subscription to the store's events. */
export interface StoreWatch {
  /** The objects a watch from "now" starts with (as synthetic ADDED events); empty when resuming. */
  readonly initial: readonly Readonly<ImageCache>[];
  /** Ends the subscription. */
  stop(): void;
}

/** What {@link ImageCacheStore.delete} did. */
export interface StoreDeleteResult {
  /** The object's last state. */
  readonly object: ImageCache;
  /** False when finalizers keep the object: it only got a deletionTimestamp. */
  readonly deleted: boolean;
}

interface ContinueToken {
  /** The snapshot's revision; -1 for "the current state", the token offered after a compaction. */
  readonly rv: number;
  readonly start: string;
}

const GENERATE_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const CONTINUE_TOO_OLD =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.rv, start: token.start })).toString('base64url');
}

function decodeContinue(text: string): ContinueToken {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (isJsonObject(parsed) && parsed['v'] === 'meta.k8s.io/v1' && typeof parsed['rv'] === 'number' && typeof parsed['start'] === 'string') {
      return { rv: parsed['rv'], start: parsed['start'] };
    }
  } catch {
    // Reported below, like any other malformed token.
  }
  throw statusErrors.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

function parseResourceVersion(text: string): number {
  if (!/^\d+$/.test(text))
    throw statusErrors.badRequest(
      `resourceVersion: Invalid value: ${JSON.stringify(text)}: strconv.ParseUint: parsing ${JSON.stringify(text)}: invalid syntax`,
    );
  return Number(text);
}

const metadataOf = (object: JsonObject): JsonObject => {
  if (!isJsonObject(ownValue(object, 'metadata'))) object['metadata'] = {};
  return object['metadata'] as JsonObject;
};

const finalizersOf = (object: ImageCache): readonly string[] => object.metadata.finalizers ?? [];

/** ObjectMeta fields that Go's `omitempty` drops when empty: the server never stores `labels: {}`. */
const OMITTED_WHEN_EMPTY = ['labels', 'annotations', 'finalizers', 'ownerReferences'] as const;

function dropEmptyMetadata(metadata: JsonObject): void {
  for (const key of OMITTED_WHEN_EMPTY) {
    const value = metadata[key];
    if (value === null || (Array.isArray(value) && value.length === 0) || (isJsonObject(value) && Object.keys(value).length === 0)) delete metadata[key];
  }
}

/**
 * In-memory ImageCaches with API-server semantics. Every method is synchronous; failures are
 * thrown as `EmulatorStatusError`s carrying the exact Status the server would send.
 *
 * @example
 * ```ts
 * const { store, close } = await startImageCacheEmulator({ controller: false }); // the emulator's store
 * const created = store.create({ apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCache', metadata: { name: 'web' }, spec: { images: ['nginx'] } });
 * store.get('web').metadata.resourceVersion === created.metadata.resourceVersion; // true
 * await close();
 * ```
 */
export class ImageCacheStore {
  readonly #objects = new Map<string, ImageCache>();
  readonly #history: StoreEvent[] = [];
  readonly #snapshots = new Map<number, readonly ImageCache[]>();
  readonly #listeners = new Set<(event: StoreEvent) => void>();
  readonly #now: () => Date;
  readonly #historyLimit: number;
  readonly #maxSnapshots: number;
  #revision = 1;
  /** Events at or below this revision are gone: watches and continue tokens from before it get 410. */
  #compactedRevision = 1;

  constructor(options: ImageCacheStoreOptions = {}) {
    this.#now = options.now ?? (() => new Date());
    this.#historyLimit = Math.max(1, options.watchHistory ?? EMULATOR_DEFAULTS.watchHistory);
    this.#maxSnapshots = Math.max(1, options.maxListSnapshots ?? EMULATOR_DEFAULTS.maxListSnapshots);
  }

  /** The latest resourceVersion, as a list of everything would report it. */
  get resourceVersion(): string {
    return String(this.#revision);
  }

  /** How many ImageCaches are stored. */
  get size(): number {
    return this.#objects.size;
  }

  /** How many watches are subscribed now (each open HTTP watch, plus in-process ones); lets a test wait until a watch it started is open. */
  get watcherCount(): number {
    return this.#listeners.size;
  }

  /** A copy of the named object, or undefined. */
  find(name: string): ImageCache | undefined {
    const object = this.#objects.get(name);
    return object ? cloneJson(object) : undefined;
  }

  /** A copy of the named object; throws NotFound. */
  get(name: string): ImageCache {
    const object = this.find(name);
    if (!object) throw statusErrors.notFound(name);
    return object;
  }

  /** Lists objects in name order, with selectors, `limit` and `continue` as the server pages them. */
  list(options: StoreListOptions = {}): ImageCacheList {
    const selector = parseObjectSelector(options);
    let items: readonly ImageCache[];
    let revision: number;
    let start = '';
    if (options.continue) {
      if (options.resourceVersion && options.resourceVersion !== '0') {
        throw statusErrors.badRequest('specifying resource version is not allowed when using continue');
      }
      const token = decodeContinue(options.continue);
      start = token.start;
      if (token.rv === -1) {
        // The inconsistent continuation the server offers with a 410: the rest, as it is now.
        items = this.#sortedObjects();
        revision = this.#revision;
      } else {
        const snapshot = this.#snapshots.get(token.rv);
        if (!snapshot || token.rv < this.#compactedRevision) throw statusErrors.expired(CONTINUE_TOO_OLD, encodeContinue({ rv: -1, start }));
        items = snapshot;
        revision = token.rv;
      }
    } else {
      if (options.resourceVersion) {
        const requested = parseResourceVersion(options.resourceVersion);
        if (requested > this.#revision) throw statusErrors.tooLargeResourceVersion(requested, this.#revision);
      }
      items = this.#sortedObjects();
      revision = this.#revision;
    }
    const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
    const page: ImageCache[] = [];
    let index = items.findIndex((item) => (item.metadata.name ?? '') >= start);
    if (index < 0) index = items.length;
    for (; index < items.length && page.length < limit; index++) {
      if (matchesObjectSelector(selector, items[index]!)) page.push(cloneJson(items[index]!));
    }
    const metadata: ImageCacheList['metadata'] = { resourceVersion: String(revision) };
    if (index < items.length) {
      this.#keepSnapshot(revision, items);
      metadata.continue = encodeContinue({ rv: revision, start: `${page[page.length - 1]?.metadata.name ?? start}\u0000` });
      if (isEverything(selector)) metadata.remainingItemCount = items.length - index;
    }
    return { apiVersion: IMAGE_CACHE_API_VERSION, kind: IMAGE_CACHE_LIST_KIND, metadata, items: page };
  }

  /** Creates an object: server-set metadata, status dropped, CRD validation; throws Invalid or AlreadyExists. */
  create(input: ImageCache | JsonObject, options: StoreCreateOptions = {}): ImageCache {
    const object = cloneJson(input) as JsonObject;
    pruneUnknownFields(object);
    const metadata = metadataOf(object);
    if (!metadata['name'] && typeof metadata['generateName'] === 'string' && metadata['generateName']) {
      metadata['name'] = this.#generateName(metadata['generateName']);
    }
    object['apiVersion'] = IMAGE_CACHE_API_VERSION;
    object['kind'] = IMAGE_CACHE_KIND;
    for (const key of ['namespace', 'selfLink', 'resourceVersion', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields']) delete metadata[key];
    dropEmptyMetadata(metadata);
    metadata['uid'] = randomUUID();
    metadata['generation'] = 1;
    const seededTime = options.keepStatus && typeof metadata['creationTimestamp'] === 'string' ? metadata['creationTimestamp'] : undefined;
    metadata['creationTimestamp'] = seededTime ?? kubernetesTime(this.#now());
    if (!options.keepStatus) delete object['status'];
    const name = typeof metadata['name'] === 'string' ? metadata['name'] : '';
    const errors = validateStoredObject(object);
    if (errors.length > 0) throw invalidObjectError(name, errors);
    if (this.#objects.has(name)) throw statusErrors.alreadyExists(name);
    if (options.dryRun) return object as unknown as ImageCache;
    return cloneJson(this.#commit('ADDED', object));
  }

  /**
   * Replaces an object (PUT). The input's resourceVersion must be the current one (Conflict
   * otherwise); status changes are ignored unless `subresource` is `status`, where only status changes.
   */
  update(name: string, input: ImageCache | JsonObject, options: StoreUpdateOptions = {}): ImageCache {
    const current = this.#objects.get(name);
    if (!current) throw statusErrors.notFound(name);
    const next = cloneJson(input) as JsonObject;
    pruneUnknownFields(next);
    const nextMeta = metadataOf(next);
    if (nextMeta['name'] !== undefined && nextMeta['name'] !== name) {
      throw statusErrors.badRequest(`the name of the object (${String(nextMeta['name'])}) does not match the name on the URL (${name})`);
    }
    const requestedVersion = nextMeta['resourceVersion'];
    if (requestedVersion === undefined || requestedVersion === null || requestedVersion === '') {
      throw invalidObjectError(
        name,
        [{ type: 'FieldValueInvalid', field: 'metadata.resourceVersion', printedValue: '0x0', detail: 'must be specified for an update' }],
        'resource',
      );
    }
    if (requestedVersion !== current.metadata.resourceVersion) throw statusErrors.conflict(name);

    const result = options.subresource === 'status' ? this.#withStatusOf(current, next) : this.#withSpecOf(current, next, name);
    const errors = validateStoredObject(result, options.subresource ? { subresource: options.subresource } : {});
    if (errors.length > 0) throw invalidObjectError(name, errors);
    const resultMeta = metadataOf(result);
    if (!jsonEqual(result['spec'], current.spec)) resultMeta['generation'] = (current.metadata.generation ?? 1) + 1;
    if (jsonEqual(result, current)) return cloneJson(current);
    if (options.dryRun) return result as unknown as ImageCache;
    const finalizers = resultMeta['finalizers'];
    if (resultMeta['deletionTimestamp'] && (!Array.isArray(finalizers) || finalizers.length === 0)) {
      return cloneJson(this.#commit('DELETED', result, current));
    }
    return cloneJson(this.#commit('MODIFIED', result, current));
  }

  /** Deletes an object, or marks it for deletion while finalizers remain; throws NotFound or Conflict. */
  delete(name: string, options: StoreDeleteOptions = {}): StoreDeleteResult {
    const current = this.#objects.get(name);
    if (!current) throw statusErrors.notFound(name);
    const { uid, resourceVersion } = options.preconditions ?? {};
    if (uid !== undefined && uid !== current.metadata.uid) {
      throw statusErrors.preconditionFailed(name, 'UID', uid, current.metadata.uid ?? '');
    }
    if (resourceVersion !== undefined && resourceVersion !== current.metadata.resourceVersion) {
      throw statusErrors.preconditionFailed(name, 'ResourceVersion', resourceVersion, current.metadata.resourceVersion ?? '');
    }
    if (finalizersOf(current).length > 0) {
      if (current.metadata.deletionTimestamp || options.dryRun) return { object: cloneJson(current), deleted: false };
      const marked = cloneJson(current) as unknown as JsonObject;
      const meta = metadataOf(marked);
      meta['deletionTimestamp'] = kubernetesTime(this.#now());
      meta['deletionGracePeriodSeconds'] = 0;
      meta['generation'] = (current.metadata.generation ?? 1) + 1;
      return { object: cloneJson(this.#commit('MODIFIED', marked, current)), deleted: false };
    }
    if (options.dryRun) return { object: cloneJson(current), deleted: true };
    return { object: cloneJson(this.#commit('DELETED', cloneJson(current) as unknown as JsonObject, current)), deleted: true };
  }

  /** Deletes every object the selectors match; returns what was deleted or marked. */
  deleteCollection(options: Pick<StoreListOptions, 'labelSelector' | 'fieldSelector'> & StoreWriteOptions = {}): ImageCache[] {
    const selector = parseObjectSelector(options);
    return this.#sortedObjects()
      .filter((object) => matchesObjectSelector(selector, object))
      .map((object) => this.delete(object.metadata.name ?? '', { dryRun: options.dryRun }).object);
  }

  /**
   * Subscribes to changes. Without a resourceVersion (or with "0") the watch starts now and
   * `initial` holds the current objects; with one, every retained event after it is replayed to
   * `listener` before this returns. Throws 410 Expired when that version is older than the history.
   */
  watch(options: { readonly resourceVersion?: string | undefined }, listener: (event: StoreEvent) => void): StoreWatch {
    const stop = () => void this.#listeners.delete(listener);
    if (!options.resourceVersion || options.resourceVersion === '0') {
      this.#listeners.add(listener);
      return { initial: this.#sortedObjects(), stop };
    }
    const from = parseResourceVersion(options.resourceVersion);
    if (from < this.#compactedRevision) {
      throw statusErrors.expired(`too old resource version: ${from} (${this.#compactedRevision})`);
    }
    for (const event of this.#history) if (event.resourceVersion > from) listener(event);
    this.#listeners.add(listener);
    return { initial: [], stop };
  }

  /** Forgets the event history and list snapshots, like an etcd compaction: older watches and tokens get 410. */
  compact(): void {
    this.#history.length = 0;
    this.#snapshots.clear();
    this.#compactedRevision = this.#revision;
  }

  #withStatusOf(current: ImageCache, next: JsonObject): JsonObject {
    const result = cloneJson(current) as unknown as JsonObject;
    if (next['status'] !== undefined) result['status'] = next['status'];
    else delete result['status'];
    return result;
  }

  #withSpecOf(current: ImageCache, next: JsonObject, name: string): JsonObject {
    const meta = metadataOf(next);
    if (meta['uid'] && meta['uid'] !== current.metadata.uid) {
      throw invalidObjectError(name, [{ type: 'FieldValueInvalid', field: 'metadata.uid', value: meta['uid'], detail: 'field is immutable' }]);
    }
    const finalizers = Array.isArray(meta['finalizers']) ? (meta['finalizers'] as string[]) : [];
    if (current.metadata.deletionTimestamp) {
      const added = finalizers.filter((f) => !finalizersOf(current).includes(f));
      if (added.length > 0) {
        throw invalidObjectError(name, [
          {
            type: 'FieldValueForbidden',
            field: 'metadata.finalizers',
            detail: `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`,
          },
        ]);
      }
    }
    next['apiVersion'] = IMAGE_CACHE_API_VERSION;
    next['kind'] = IMAGE_CACHE_KIND;
    for (const key of ['namespace', 'selfLink', 'managedFields', 'deletionTimestamp', 'deletionGracePeriodSeconds']) delete meta[key];
    const kept = current.metadata;
    meta['name'] = name;
    meta['uid'] = kept.uid ?? '';
    meta['resourceVersion'] = kept.resourceVersion ?? '';
    meta['generation'] = kept.generation ?? 1;
    meta['creationTimestamp'] = kept.creationTimestamp ?? null;
    if (kept.deletionTimestamp) meta['deletionTimestamp'] = kept.deletionTimestamp;
    if (kept.deletionGracePeriodSeconds !== undefined) meta['deletionGracePeriodSeconds'] = kept.deletionGracePeriodSeconds;
    dropEmptyMetadata(meta);
    if (current.status !== undefined) next['status'] = cloneJson(current.status) as JsonObject;
    else delete next['status'];
    return next;
  }

  #commit(type: StoreEvent['type'], object: JsonObject, previous?: ImageCache): ImageCache {
    this.#revision += 1;
    metadataOf(object)['resourceVersion'] = String(this.#revision);
    const stored = deepFreeze(object as unknown as ImageCache);
    const name = stored.metadata.name ?? '';
    if (type === 'DELETED') this.#objects.delete(name);
    else this.#objects.set(name, stored);
    const event: StoreEvent = previous
      ? { type, object: stored, previous, resourceVersion: this.#revision }
      : { type, object: stored, resourceVersion: this.#revision };
    this.#history.push(event);
    while (this.#history.length > this.#historyLimit) {
      this.#compactedRevision = this.#history.shift()!.resourceVersion;
    }
    for (const rv of this.#snapshots.keys()) if (rv < this.#compactedRevision) this.#snapshots.delete(rv);
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch {
        // One broken watcher must not fail the write or starve the others.
      }
    }
    return stored;
  }

  #sortedObjects(): ImageCache[] {
    return [...this.#objects.values()].sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
  }

  #keepSnapshot(revision: number, items: readonly ImageCache[]): void {
    if (this.#snapshots.has(revision)) return;
    this.#snapshots.set(revision, items);
    while (this.#snapshots.size > this.#maxSnapshots) this.#snapshots.delete(this.#snapshots.keys().next().value!);
  }

  #generateName(prefix: string): string {
    for (;;) {
      let suffix = '';
      for (let i = 0; i < 5; i++) suffix += GENERATE_NAME_ALPHABET[randomInt(GENERATE_NAME_ALPHABET.length)];
      const name = `${prefix}${suffix}`;
      if (!this.#objects.has(name)) return name;
    }
  }
}
