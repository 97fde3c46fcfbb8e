/**
 * Delivers deltas to handlers and `deltas()` iterators, one at a time and in order, from a bounded
 * queue. A handler that throws or rejects is reported, never fatal. When the queue is full the
 * informer stops reading the watch until handlers catch up (see {@link Dispatcher.whenRoom}).
 * @packageDocumentation
 */
import type { ImageCache } from '../../types/index.js';
import { InformerHandlerError } from './errors.js';
import type { InformerDelta } from './store.js';

/** What each event name passes to its handlers. */
export interface InformerEventMap {
  /** A cache appeared: the first sync lists it, or the watch saw it created. */
  add: [object: ImageCache];
  /** A cache changed: the state before and the state now. */
  update: [oldObject: ImageCache, newObject: ImageCache];
  /** A cache is gone; `finalStateUnknown` when the delete was inferred from a relist and `object` is the last state seen. */
  delete: [
    object: ImageCache,
    info: {
      /** True when the delete was inferred from a relist: the cache vanished while the watch was down. */
      readonly finalStateUnknown: boolean;
    },
  ];
  /** The store matches the server as of `resourceVersion`: after the first sync and after every relist. */
  synced: [resourceVersion: string];
  /** A list, watch or handler failed; the informer backs off and goes on. Handler failures are `InformerHandlerError`s. */
  error: [error: unknown];
}

/** A handler of one event. It may return a promise: the next delta waits for it. */
export type InformerHandler<E extends keyof InformerEventMap> = (...args: InformerEventMap[E]) => unknown;

type AnyHandler = (...args: unknown[]) => unknown;

/** A `deltas()` consumer's buffer. */
interface DeltaSink {
  push(delta: InformerDelta): Promise<void> | undefined;
  end(): void;
}

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/**
 * The informer's delivery queue.
 *
 * @example
 * ```ts
 * const dispatcher = new Dispatcher(1000);
 * dispatcher.on('add', (cache) => console.log(cache.metadata.name));
 * dispatcher.push({ type: 'add', object: cache });
 * ```
 */
export class Dispatcher {
  readonly #capacity: number;
  readonly #handlers = new Map<keyof InformerEventMap, Set<AnyHandler>>();
  readonly #sinks = new Set<DeltaSink>();
  #queue: InformerDelta[] = [];
  #head = 0;
  #draining = false;
  #closed = false;
  #roomWaiters: (() => void)[] = [];

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Deltas waiting for delivery. */
  get pending(): number {
    return this.#queue.length - this.#head;
  }

  on<E extends keyof InformerEventMap>(event: E, handler: InformerHandler<E>): void {
    let set = this.#handlers.get(event);
    if (!set) this.#handlers.set(event, (set = new Set()));
    set.add(handler as AnyHandler);
  }

  off<E extends keyof InformerEventMap>(event: E, handler: InformerHandler<E>): void {
    this.#handlers.get(event)?.delete(handler as AnyHandler);
  }

  /** Adds a `deltas()` consumer; the returned function removes it. */
  addSink(sink: DeltaSink): () => void {
    this.#sinks.add(sink);
    return () => this.#sinks.delete(sink);
  }

  /** Whether a delta of `type` pushed now would be delivered to anyone: a handler of it, or a `deltas()` iterator. */
  hears(type: InformerDelta['type']): boolean {
    return !this.#closed && (this.#sinks.size > 0 || (this.#handlers.get(type)?.size ?? 0) > 0);
  }

  /** Queues `delta` for delivery; nothing is queued when nobody listens for it. */
  push(delta: InformerDelta): void {
    if (!this.hears(delta.type)) return;
    this.#queue.push(delta);
    if (!this.#draining) void this.#drain();
  }

  /**
   * Undefined while the queue has room; otherwise a promise that resolves once it has. The
   * informer awaits it before reading the next watch event, so a slow handler holds the watch
   * (and the store) back instead of growing memory without bound.
   */
  whenRoom(): Promise<void> | undefined {
    if (this.pending < this.#capacity || this.#closed) return undefined;
    return new Promise((resolve) => this.#roomWaiters.push(resolve));
  }

  /** Tells the `error` handlers, at once and outside the queue; errors of theirs are dropped. */
  reportError(error: unknown): void {
    for (const handler of this.#handlers.get('error') ?? []) {
      try {
        const result = handler(error);
        if (isPromiseLike(result)) result.then(undefined, () => {});
      } catch {
        // An error handler that fails has nowhere left to report to.
      }
    }
  }

  /** Drops what is queued, ends every `deltas()` iterator, and delivers nothing more. */
  close(): void {
    this.#closed = true;
    this.#queue = [];
    this.#head = 0;
    for (const sink of this.#sinks) sink.end();
    this.#sinks.clear();
    this.#wakeRoomWaiters();
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (!this.#closed && this.#head < this.#queue.length) {
        const delta = this.#queue[this.#head] as InformerDelta;
        this.#queue[this.#head++] = undefined as unknown as InformerDelta;
        if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
          this.#queue = this.#queue.slice(this.#head);
          this.#head = 0;
        }
        if (this.pending < this.#capacity) this.#wakeRoomWaiters();
        await this.#deliver(delta);
      }
    } finally {
      this.#draining = false;
      this.#wakeRoomWaiters();
    }
  }

  /** Calls each handler of `delta` in turn, awaiting the ones that return promises. */
  async #deliver(delta: InformerDelta): Promise<void> {
    const args = argsOf(delta);
    for (const handler of [...(this.#handlers.get(delta.type) ?? [])]) {
      try {
        const result = handler(...args);
        if (isPromiseLike(result)) await result;
      } catch (error) {
        this.reportError(new InformerHandlerError(delta.type, delta.type === 'synced' ? undefined : delta.object.metadata.name, error));
      }
      if (this.#closed) return;
    }
    for (const sink of [...this.#sinks]) {
      const full = sink.push(delta);
      if (full) await full;
    }
  }

  #wakeRoomWaiters(): void {
    const waiters = this.#roomWaiters;
    this.#roomWaiters = [];
    for (const wake of waiters) wake();
  }
}

function argsOf(delta: InformerDelta): unknown[] {
  switch (delta.type) {
    case 'add':
      return [delta.object];
    case 'update':
      return [delta.oldObject, delta.object];
    case 'delete':
      return [delta.object, { finalStateUnknown: delta.finalStateUnknown }];
    case 'synced':
      return [delta.resourceVersion];
  }
}
