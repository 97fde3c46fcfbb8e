/**
 * `ImageCacheInformer`: a synced, indexed local copy of the cluster's ImageCaches, with handlers,
 * an async iterator of deltas, and live matchers. The loop is in reflector.ts, the copy in
 * store.ts, delivery in dispatcher.ts; this file ties them together and is the public face.
 * @packageDocumentation
 */
import type { ImageCacheMatcher } from '../../matching/matcher.js';
import type { ImageCacheMatchOptions } from '../../matching/options.js';
import type { ImageCache } from '../../types/index.js';
import type { RetryPolicy } from '../options.js';
import type { Selector } from '../paths.js';
import { Dispatcher, type InformerEventMap, type InformerHandler } from './dispatcher.js';
import { InformerSyncError } from './errors.js';
import { createLiveMatcher, type LiveImageCacheMatcher } from './live-matcher.js';
import { runReflector, type InformerSyncMode, type ReflectorSource } from './reflector.js';
import { InformerStore, type InformerDelta } from './store.js';

/** Options of {@link ImageCacheClient.informer}. */
export interface InformerOptions {
  /** Only caches whose labels match; a cache whose labels stop matching is a `delete`. */
  readonly labelSelector?: Selector;
  /** Only caches whose fields match, e.g. `metadata.name=web`. */
  readonly fieldSelector?: Selector;
  /**
   * Every this many ms after syncing, an `update(cache, cache)` for every cache in the store
   * (client-go's resync), for handlers that reconcile against the outside world. Off by default.
   */
  readonly resyncPeriodMs?: number;
  /** Stops the informer, like {@link ImageCacheInformer.stop}. */
  readonly signal?: AbortSignal;
  /**
   * How to get the initial state (and the state after a failure): `'auto'` (default) tries a
   * streaming list (`sendInitialEvents`, KEP-3157) and falls back to a paged list for good when
   * the server rejects it; `'watch-list'` only streams; `'list'` only lists.
   */
  readonly syncMode?: InformerSyncMode;
  /**
   * Deltas that may wait for slow handlers (and each `deltas()` iterator) before the informer
   * stops reading the watch until they catch up. Default 1000.
   */
  readonly maxPendingDeltas?: number;
}

/** Options of {@link ImageCacheInformer.waitForSync}. */
export interface WaitForSyncOptions {
  /** Gives up waiting (the informer goes on). */
  readonly signal?: AbortSignal;
  /** Gives up after this long. No limit by default. */
  readonly timeoutMs?: number;
}

/** What the informer needs from the client. */
export interface InformerContext {
  readonly source: ReflectorSource;
  readonly pageSize: number;
  /** Backoff between failed syncs; never exhausted. */
  readonly backoff: RetryPolicy;
}

const DEFAULT_MAX_PENDING_DELTAS = 1000;

/**
 * A local copy of the cluster's ImageCaches, kept current by one list and one watch. See the
 * README's "Informer" section for its guarantees.
 *
 * @example
 * ```ts
 * await using informer = client.informer({ labelSelector: 'team=web' });
 * informer.on('delete', (cache, { finalStateUnknown }) => console.log('gone', cache.metadata.name, finalStateUnknown));
 * informer.start();
 * await informer.waitForSync({ timeoutMs: 30_000 });
 * console.log(informer.list().length, informer.byImage('nginx:1.25').map((c) => c.metadata.name));
 * ```
 */
export class ImageCacheInformer {
  readonly #context: InformerContext;
  readonly #options: InformerOptions;
  readonly #store: InformerStore;
  readonly #dispatcher: Dispatcher;
  readonly #controller = new AbortController();
  #running: Promise<void> | undefined;
  #synced = false;
  #syncedVia: 'watch-list' | 'list' | undefined;
  #lastError: unknown;
  #syncWaiters = new Set<() => void>();
  #resyncTimer: NodeJS.Timeout | undefined;

  /** @internal Made by {@link ImageCacheClient.informer}, which supplies the context. */
  constructor(context: InformerContext, options: InformerOptions = {}) {
    this.#context = context;
    this.#options = options;
    this.#dispatcher = new Dispatcher(options.maxPendingDeltas ?? DEFAULT_MAX_PENDING_DELTAS);
    // The store makes a delta only when someone hears it: a handler, a deltas() iterator, a live matcher.
    this.#store = new InformerStore(undefined, (type) => this.#dispatcher.hears(type));
    const signal = options.signal;
    if (signal) {
      if (signal.aborted) this.#controller.abort(signal.reason);
      else signal.addEventListener('abort', () => void this.stop(), { once: true });
    }
  }

  /** True once the store has held a complete state; stays true (later relists keep it current). */
  get hasSynced(): boolean {
    return this.#synced;
  }

  /** How the last complete state was obtained: a streaming list or a paged list. */
  get syncedVia(): 'watch-list' | 'list' | undefined {
    return this.#syncedVia;
  }

  /** The resourceVersion the store is current as of. */
  get resourceVersion(): string {
    return this.#store.resourceVersion;
  }

  /** How many caches the store holds; counts without reading (parsing) any of them. */
  get size(): number {
    return this.#store.size;
  }

  /** Deltas waiting for slow handlers or iterators. */
  get pendingDeltas(): number {
    return this.#dispatcher.pending;
  }

  /** Starts listing and watching; calling it again does nothing. Errors go to `error` handlers. */
  start(): void {
    if (this.#running || this.#controller.signal.aborted) return;
    const { labelSelector, fieldSelector, syncMode = 'auto' } = this.#options;
    this.#running = runReflector(
      this.#context.source,
      { labelSelector, fieldSelector, pageSize: this.#context.pageSize, backoff: this.#context.backoff, syncMode },
      {
        replace: (objects, resourceVersion, via) => this.#replaced(this.#store.replace(objects, resourceVersion), resourceVersion, via),
        replaceByName: (objects, resourceVersion) => this.#replaced(this.#store.replaceByName(objects, resourceVersion), resourceVersion, 'watch-list'),
        upsert: (object) => this.#emit(this.#store.upsert(object)),
        delete: (object) => this.#emit(this.#store.delete(object)),
        bookmark: (resourceVersion) => (this.#store.resourceVersion = resourceVersion),
        reportError: (error) => {
          this.#lastError = error;
          this.#dispatcher.reportError(error);
        },
        whenRoom: () => this.#dispatcher.whenRoom(),
      },
      this.#controller.signal,
    );
  }

  /**
   * Resolves once the informer has synced (at once if it has). Rejects with an
   * {@link InformerSyncError} on timeout, abort or stop; the informer itself goes on unless stopped.
   */
  async waitForSync(options: WaitForSyncOptions = {}): Promise<void> {
    if (this.#synced) return;
    if (this.#controller.signal.aborted) throw new InformerSyncError('stopped', this.#lastError);
    const { signal, timeoutMs } = options;
    if (signal?.aborted) throw new InformerSyncError('aborted', this.#lastError);
    await new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (failure?: 'timeout' | 'aborted' | 'stopped') => {
        this.#syncWaiters.delete(onSynced);
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#controller.signal.removeEventListener('abort', onStop);
        if (failure) reject(new InformerSyncError(failure, this.#lastError));
        else resolve();
      };
      const onSynced = () => finish();
      const onAbort = () => finish('aborted');
      const onStop = () => finish('stopped');
      this.#syncWaiters.add(onSynced);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#controller.signal.addEventListener('abort', onStop, { once: true });
      if (timeoutMs !== undefined) timer = setTimeout(() => finish('timeout'), timeoutMs);
    });
  }

  /**
   * Stops watching and delivering: deltas not yet delivered are dropped, `deltas()` iterators end.
   * Resolves once the list/watch loop has ended. The store stays readable as it was.
   */
  async stop(): Promise<void> {
    this.#controller.abort();
    if (this.#resyncTimer) clearInterval(this.#resyncTimer);
    this.#dispatcher.close();
    await this.#running;
  }

  /** Same as {@link ImageCacheInformer.stop}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  /** The cache called `name`, as of the last event. */
  get(name: string): ImageCache | undefined {
    return this.#store.get(name);
  }

  /** Every cache in the store, in no particular order. */
  list(): ImageCache[] {
    return [...this.#store.values()];
  }

  /** The caches whose `status.imageCacheId` is `id` (normally one). */
  byImageCacheId(id: string): ImageCache[] {
    return this.#store.byImageCacheId(id);
  }

  /** The caches holding `reference`, normalized as matching does (`nginx` = `docker.io/library/nginx:latest`). */
  byImage(reference: string): ImageCache[] {
    return this.#store.byImage(reference);
  }

  /** Adds a handler. A handler may return a promise: later deltas wait for it (up to `maxPendingDeltas`). */
  on<E extends keyof InformerEventMap>(event: E, handler: InformerHandler<E>): this {
    this.#dispatcher.on(event, handler);
    return this;
  }

  /** Removes a handler added with {@link ImageCacheInformer.on}. */
  off<E extends keyof InformerEventMap>(event: E, handler: InformerHandler<E>): this {
    this.#dispatcher.off(event, handler);
    return this;
  }

  /**
   * Every delta from now on, in order, as an async iterator; it ends when the informer stops.
   * A consumer slower than the watch holds it back like a slow handler does.
   */
  deltas(): AsyncIterableIterator<InformerDelta> {
    const capacity = this.#options.maxPendingDeltas ?? DEFAULT_MAX_PENDING_DELTAS;
    const buffer: InformerDelta[] = [];
    let ended = this.#controller.signal.aborted;
    let wakeReader: (() => void) | undefined;
    let wakeWriter: (() => void) | undefined;
    const remove = this.#dispatcher.addSink({
      push: (delta) => {
        buffer.push(delta);
        wakeReader?.();
        if (buffer.length < capacity) return undefined;
        return new Promise<void>((resolve) => (wakeWriter = resolve));
      },
      end: () => {
        ended = true;
        wakeReader?.();
        wakeWriter?.();
      },
    });
    const iterator: AsyncIterableIterator<InformerDelta> = {
      next: async () => {
        while (buffer.length === 0 && !ended) await new Promise<void>((resolve) => (wakeReader = resolve));
        wakeReader = undefined;
        const delta = buffer.shift();
        if (buffer.length < capacity && wakeWriter) {
          const wake = wakeWriter;
          wakeWriter = undefined;
          wake();
        }
        return delta ? { value: delta, done: false } : { value: undefined, done: true };
      },
      return: async () => {
        ended = true;
        remove();
        wakeWriter?.();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /**
   * A matcher with `createImageCacheMatcher`'s interface whose answers always reflect the store:
   * each delta updates its index for that one cache. With `now`, expiry is judged at that fixed
   * time; without, at the current time (re-judged when a cache's expiry passes). Call `close()`
   * when done with it.
   */
  matcher(options: ImageCacheMatchOptions = {}): LiveImageCacheMatcher {
    return createLiveMatcher(this.#store, options);
  }

  #emit(delta: InformerDelta | undefined): void {
    if (delta) this.#dispatcher.push(delta);
  }

  /** The store now holds a complete state: deliver its differences, then `synced`. */
  #replaced(deltas: readonly InformerDelta[], resourceVersion: string, via: 'watch-list' | 'list' | 'relist'): void {
    for (const delta of deltas) this.#dispatcher.push(delta);
    if (via !== 'relist') this.#syncedVia = via;
    this.#dispatcher.push({ type: 'synced', resourceVersion });
    if (this.#synced) return;
    this.#synced = true;
    for (const wake of [...this.#syncWaiters]) wake();
    this.#startResync();
  }

  #startResync(): void {
    const period = this.#options.resyncPeriodMs;
    if (!period || period <= 0) return;
    this.#resyncTimer = setInterval(() => {
      for (const object of this.#store.values()) this.#dispatcher.push({ type: 'update', oldObject: object, object });
    }, period);
    this.#resyncTimer.unref();
  }
}

export type { ImageCacheMatcher };
