/**
 * The informer's list-and-watch loop (client-go's reflector): sync the store from a complete
 * state (a streaming list where the server has one, else a paged list), then watch from that
 * state's resourceVersion. It never watches without a known starting point, and it never ends by
 * itself: any failure is reported, backed off, and followed by a fresh sync whose differences
 * the store turns into deltas.
 * @packageDocumentation
 */
import { backoffDelay, sleep } from '../backoff.js';
import type { ListOptions } from '../request-options.js';
import { InitialEventsIncompleteError, KubernetesApiError } from '../errors.js';
import type { RetryPolicy } from '../options.js';
import type { Selector } from '../paths.js';
import type { ImageCacheChangeEvent, WatchOptions, WatchStreamEvent } from '../watch.js';
import { LazyChangeEvent } from '../lazy/events.js';
import { StoredCache } from '../lazy/stored-cache.js';
import type { StoreInput } from './store.js';

/** How the informer gets its initial state. */
export type InformerSyncMode = 'auto' | 'watch-list' | 'list';

/** One page of a list, as the store takes it. */
export interface ReflectorPage {
  readonly items: readonly StoreInput[];
  readonly resourceVersion: string | undefined;
  readonly continue: string | undefined;
}

/** A watch's events in batches (never empty), in order: see `watchImageCacheBatches`. */
export type WatchBatches = AsyncGenerator<readonly WatchStreamEvent[], void, undefined>;

/** What the loop needs from the client. */
export interface ReflectorSource {
  listPage(options: ListOptions): Promise<ReflectorPage>;
  /** The watch in batches: a streaming list's events cost one async step per received chunk, not per event. */
  watch(options: WatchOptions): WatchBatches;
}

/** Where the loop puts what it learns. */
export interface ReflectorSink {
  /** A complete state as of `resourceVersion`: the store takes exactly these objects. */
  replace(objects: Iterable<StoreInput>, resourceVersion: string, via: 'list' | 'relist'): void;
  /** A streaming list's complete state, by name: the store may keep the map itself, so the loop lets go of it. */
  replaceByName(objects: Map<string, StoreInput>, resourceVersion: string): void;
  upsert(object: StoreInput): void;
  delete(object: StoreInput): void;
  bookmark(resourceVersion: string): void;
  reportError(error: unknown): void;
  /** Undefined when there is room for more deltas, else a promise for when there is. */
  whenRoom(): Promise<void> | undefined;
}

/** The loop's settings. */
export interface ReflectorOptions {
  readonly labelSelector: Selector | undefined;
  readonly fieldSelector: Selector | undefined;
  readonly pageSize: number;
  readonly backoff: RetryPolicy;
  readonly syncMode: InformerSyncMode;
}

/** True when the server does not do streaming lists: it rejected the parameters, or never ended the initial events. */
export function streamingListUnsupported(error: unknown): boolean {
  if (error instanceof InitialEventsIncompleteError) return true;
  return error instanceof KubernetesApiError && (error.statusCode === 400 || error.statusCode === 422);
}

/** What the store takes from a change event: the unparsed record when the watch scanned it. */
const storeInputOf = (event: ImageCacheChangeEvent): StoreInput => (event instanceof LazyChangeEvent ? event.record : event.object);
const nameOf = (input: StoreInput): string => (input instanceof StoredCache ? input.name : (input.metadata.name as string));

/**
 * Runs until `signal` aborts; resolves then, and never rejects.
 *
 * @example
 * ```ts
 * await runReflector(client, { labelSelector: undefined, fieldSelector: undefined, pageSize: 500, backoff, syncMode: 'auto' }, sink, signal);
 * ```
 */
export async function runReflector(source: ReflectorSource, options: ReflectorOptions, sink: ReflectorSink, signal: AbortSignal): Promise<void> {
  const selectors = {
    ...(options.labelSelector !== undefined ? { labelSelector: options.labelSelector } : {}),
    ...(options.fieldSelector !== undefined ? { fieldSelector: options.fieldSelector } : {}),
  };
  let streaming = options.syncMode !== 'list';
  let failures = 0;

  /** A synced store and the watch that goes on from its state, with the events already received after that state. */
  const sync = async (): Promise<{ batches: WatchBatches; rest: readonly WatchStreamEvent[] } | undefined> => {
    if (streaming) {
      const batches = source.watch({ ...selectors, sendInitialEvents: true, allowWatchBookmarks: true, signal });
      try {
        const rest = await streamInitialEvents(batches, sink);
        return rest && { batches, rest };
      } catch (error) {
        if (signal.aborted) return undefined;
        if (options.syncMode !== 'auto' || !streamingListUnsupported(error)) throw error;
        // This server has no streaming lists: list from now on, as client-go falls back.
        streaming = false;
      }
    }
    const { items, resourceVersion } = await listEverything(source, selectors, options.pageSize, signal);
    sink.replace(items, resourceVersion, 'list');
    return { batches: source.watch({ ...selectors, resourceVersion, allowWatchBookmarks: true, signal }), rest: [] };
  };

  while (!signal.aborted) {
    try {
      const synced = await sync();
      if (!synced) continue;
      failures = 0;
      await follow(synced.batches, synced.rest, sink, signal);
    } catch (error) {
      if (signal.aborted) break;
      failures += 1;
      sink.reportError(error);
      try {
        await sleep(backoffDelay(options.backoff, failures), signal, () => new Error('aborted'));
      } catch {
        break;
      }
    }
  }
}

/**
 * Reads a streaming list's initial events into one complete state. Returns the events that
 * came after the state's end in the same batch (ordinary watch events, for {@link follow}), or
 * undefined when the watch ended first (aborted).
 */
async function streamInitialEvents(batches: WatchBatches, sink: ReflectorSink): Promise<readonly WatchStreamEvent[] | undefined> {
  const state = new Map<string, StoreInput>();
  for (;;) {
    const next = await batches.next();
    if (next.done) return undefined;
    const batch = next.value;
    for (let i = 0; i < batch.length; i++) {
      const event = batch[i] as WatchStreamEvent;
      switch (event.type) {
        case 'BOOKMARK':
          if (!event.initialEventsEnd) break;
          sink.replaceByName(state, event.resourceVersion);
          return batch.slice(i + 1);
        case 'DELETED':
          state.delete(nameOf(storeInputOf(event)));
          break;
        case 'RELISTED':
          sink.replace(event.objects, event.resourceVersion, 'relist');
          return batch.slice(i + 1);
        default: {
          const input = storeInputOf(event);
          state.set(nameOf(input), input);
        }
      }
    }
  }
}

/** Applies `rest`, then the watch's events, until the watch ends (abort) or throws. */
async function follow(batches: WatchBatches, rest: readonly WatchStreamEvent[], sink: ReflectorSink, signal: AbortSignal): Promise<void> {
  await apply(rest, sink, signal);
  for await (const batch of batches) await apply(batch, sink, signal);
}

/**
 * Applies events in order. Backpressure is checked after every event, not once per batch: one
 * chunk can carry more events than `maxPendingDeltas`, and the queue must never hold more than
 * that. While handlers are behind, the rest of the batch waits and the stream is not read (see
 * Dispatcher.whenRoom); the batch itself is one received chunk, already in memory.
 */
async function apply(events: readonly WatchStreamEvent[], sink: ReflectorSink, signal: AbortSignal): Promise<void> {
  for (const event of events) {
    // A stop while the batch waited for room: the rest of it must not change the store.
    if (signal.aborted) return;
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED':
        sink.upsert(storeInputOf(event));
        break;
      case 'DELETED':
        sink.delete(storeInputOf(event));
        break;
      case 'RELISTED':
        sink.replace(event.objects, event.resourceVersion, 'relist');
        break;
      case 'BOOKMARK':
        sink.bookmark(event.resourceVersion);
        break;
    }
    const room = sink.whenRoom();
    if (room) await room;
  }
}

/** Every page of one consistent list, and the list's resourceVersion. */
async function listEverything(
  source: ReflectorSource,
  selectors: Pick<ListOptions, 'labelSelector' | 'fieldSelector'>,
  pageSize: number,
  signal: AbortSignal,
): Promise<{ items: StoreInput[]; resourceVersion: string }> {
  const items: StoreInput[] = [];
  let continueToken: string | undefined;
  let resourceVersion: string | undefined;
  do {
    const page = await source.listPage({ ...selectors, limit: pageSize, signal, ...(continueToken ? { continue: continueToken } : {}) });
    // The first page's resourceVersion is the snapshot every later page belongs to.
    resourceVersion ??= page.resourceVersion;
    for (const item of page.items) items.push(item);
    continueToken = page.continue || undefined;
  } while (continueToken);
  return { items, resourceVersion: resourceVersion ?? '' };
}
