/**
 * The watch loop: a stream of typed events that survives dropped connections and expired
 * resourceVersions, and never ends unless the caller stops it.
 */
import type { Readable } from 'node:stream';
import type { ImageCache, Status } from '../types/index.js';
import { ImageCacheValidationError } from '../validation/errors.js';
import { backoffDelay, sleep } from './backoff.js';
import { expectImageCache } from './boundary.js';
import {
  ImageCacheClientError,
  KubernetesApiError,
  KubernetesResponseError,
  RequestAbortedError,
  RequestTimeoutError,
  WatchFailedError,
  InitialEventsIncompleteError,
  isGone,
  type RequestIdentity,
} from './errors.js';
import { readJsonLineBatches } from './json-lines.js';
import type { RetryPolicy } from './options.js';
import { COLLECTION_PATH, formatSelector, queryString, type Selector } from './paths.js';
import { excerptOf, type SecretScrubber } from './redaction.js';
import { watchRetryVerdict } from './retry-decision.js';
import { networkFailure } from './transport/responses.js';
import type { Transport } from './transport/transport.js';
import { isRecord } from '../is-record.js';
import { LazyChangeEvent } from './lazy/events.js';

/** Options of {@link ImageCacheClient.watch}. */
export interface WatchOptions {
  /**
   * Where to start: changes after this resourceVersion. Without it (or with `"0"`) the client first lists every
   * matching cache and yields one ADDED event for each, then watches from the list's
   * resourceVersion, so a connection cut during that initial state never loses an object.
   */
  readonly resourceVersion?: string | undefined;
  /** Only caches whose labels match. */
  readonly labelSelector?: Selector | undefined;
  /** Only caches whose fields match, e.g. `metadata.name=web`. */
  readonly fieldSelector?: Selector | undefined;
  /**
   * Also yield BOOKMARK events. The client always asks the server for bookmarks, to resume from a
   * recent resourceVersion; this only decides whether you see them.
   */
  readonly allowWatchBookmarks?: boolean | undefined;
  /** Stops the watch: the iteration then ends normally, without an error. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Streaming list (KEP-3157, kube-apiserver's `WatchList` feature): the first request asks for
   * `sendInitialEvents=true&resourceVersionMatch=NotOlderThan`, so the server sends the current
   * state as ADDED events and then a BOOKMARK with `initialEventsEnd: true` (yielded even without
   * `allowWatchBookmarks`). Resumes after that bookmark are ordinary watches. A stream that ends
   * before it cannot be resumed (the initial objects carry no usable order), so the watch throws
   * the failure instead, or an `InitialEventsIncompleteError` if the server just closed it. A
   * server without the feature rejects the request (400 or 422), which is thrown as well.
   */
  readonly sendInitialEvents?: boolean | undefined;
}

/** A cache was created, changed or deleted; `object` is its state after the change. */
export interface ImageCacheChangeEvent {
  /** What happened to the cache. */
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** The cache after the change; for `DELETED`, its last state. */
  readonly object: ImageCache;
}

/** The server's progress marker: nothing changed up to `resourceVersion`. Only with `allowWatchBookmarks`. */
export interface ImageCacheBookmarkEvent {
  /** Marks a bookmark. */
  readonly type: 'BOOKMARK';
  /** The resourceVersion the watch has reached; a new watch can resume from it. */
  readonly resourceVersion: string;
  /** True on the bookmark that ends a streaming list's initial events (see `sendInitialEvents`). */
  readonly initialEventsEnd?: boolean | undefined;
}

/**
 * The watch could not resume (410 Gone: the resourceVersion was compacted away), so the client
 * listed every matching cache again and resumed from the list's resourceVersion. Changes in the
 * gap were not seen as events: diff `objects` against what you hold (objects missing from it
 * were deleted meanwhile).
 */
export interface ImageCacheRelistedEvent {
  /** Marks a relist after 410 Gone. */
  readonly type: 'RELISTED';
  /** Every cache that matches the watch's selectors, as of `resourceVersion`. */
  readonly objects: readonly ImageCache[];
  /** The list's resourceVersion; the watch resumes from it. */
  readonly resourceVersion: string;
}

/** One event of {@link ImageCacheClient.watch}. */
export type WatchStreamEvent = ImageCacheChangeEvent | ImageCacheBookmarkEvent | ImageCacheRelistedEvent;

/** What the watch loop needs from the client. */
export interface WatchContext {
  readonly transport: Transport;
  readonly retry: RetryPolicy | false;
  /** Backoff for streams that end at once without an event; never exhausted. */
  readonly emptyStreamBackoff: RetryPolicy;
  readonly idleTimeoutMs: number;
  readonly serverTimeoutSeconds: number;
  /** Reads an event line without JSON.parse (the informer's scan); undefined means parse it. */
  readonly readLine?: ((line: Uint8Array) => LazyChangeEvent | undefined) | undefined;
  /** Lists every matching cache, page by page, with the list's resourceVersion. */
  relist(selectors: Pick<WatchOptions, 'labelSelector' | 'fieldSelector' | 'signal'>): Promise<{ items: ImageCache[]; resourceVersion: string }>;
}

// One watch event is one object; anything near this many bytes is not an ImageCache.
const MAX_EVENT_LENGTH = 16 * 1024 * 1024;
const CHANGE_TYPES = new Set(['ADDED', 'MODIFIED', 'DELETED']);
/** The annotation of the bookmark that ends a streaming list's initial events (KEP-3157). */
export const INITIAL_EVENTS_END_ANNOTATION = 'k8s.io/initial-events-end';

type ParsedLine =
  | { readonly kind: 'change'; readonly event: ImageCacheChangeEvent }
  | { readonly kind: 'bookmark'; readonly resourceVersion: string; readonly initialEventsEnd: boolean }
  | { readonly kind: 'skip' };

/**
 * Turns one decoded line into an event; an ERROR event is thrown as the API error it carries.
 * Server text quoted in an error passes the client's scrubber.
 */
function parseLine(line: unknown, request: RequestIdentity, scrubber: SecretScrubber): ParsedLine {
  if (line instanceof LazyChangeEvent) return { kind: 'change', event: line };
  if (!isRecord(line) || typeof line['type'] !== 'string') {
    throw new KubernetesResponseError({
      ...request,
      problem: 'unexpected-object',
      statusCode: 200,
      excerpt: excerptOf(JSON.stringify(line) ?? '', scrubber.text),
      detail: 'a watch event has no type',
    });
  }
  const type = line['type'];
  const object = line['object'];
  if (type === 'ERROR') {
    const status = scrubber.value((isRecord(object) ? object : {}) as Status);
    throw new KubernetesApiError({ ...request, statusCode: typeof status.code === 'number' ? status.code : 500, status });
  }
  if (type === 'BOOKMARK') {
    const metadata = isRecord(object) && isRecord(object['metadata']) ? object['metadata'] : undefined;
    const resourceVersion = metadata?.['resourceVersion'];
    const annotations = metadata?.['annotations'];
    const initialEventsEnd = isRecord(annotations) && annotations[INITIAL_EVENTS_END_ANNOTATION] === 'true';
    return typeof resourceVersion === 'string' ? { kind: 'bookmark', resourceVersion, initialEventsEnd } : { kind: 'skip' };
  }
  // A newer server's event type: not ours to interpret, and not worth dropping the stream for.
  if (!CHANGE_TYPES.has(type)) return { kind: 'skip' };
  return {
    kind: 'change',
    event: { type: type as ImageCacheChangeEvent['type'], object: expectImageCache(object, { ...request, statusCode: 200, scrub: scrubber.text }) },
  };
}

/** Where the watch stands between passes; each pass updates it. */
interface WatchState {
  resourceVersion: string | undefined;
  /** The next pass lists instead of watching: the first one (without a resourceVersion), or after a 410. */
  listing: 'initial' | 'relist' | undefined;
  /** Failures in a row; reset by anything received. */
  failures: number;
  /** Streams in a row that closed without an event. */
  emptyStreams: number;
  /** A streaming list's initial events are still arriving, in no order a resume could use. */
  initialEventsPending: boolean;
}

/** One watch: what it was asked for, and where it stands. */
interface WatchRun {
  readonly context: WatchContext;
  readonly options: WatchOptions;
  readonly request: RequestIdentity;
  readonly labelSelector: string | undefined;
  readonly fieldSelector: string | undefined;
  readonly state: WatchState;
}

/** How one pass (one list, or one stream) ended. */
type PassEnd =
  | { readonly kind: 'stopped' }
  | { readonly kind: 'listed' }
  | { readonly kind: 'expired' }
  | { readonly kind: 'failed'; readonly failure: unknown; readonly query: string }
  | { readonly kind: 'closed'; readonly delivered: boolean };

/**
 * Watches ImageCaches: see {@link ImageCacheClient.watch} for the contract. One event at a time
 * over {@link watchImageCacheBatches}, which has the same events in the same order.
 *
 * @example
 * ```ts
 * for await (const event of watchImageCaches(context, { signal })) console.log(event.type);
 * ```
 */
export async function* watchImageCaches(context: WatchContext, options: WatchOptions = {}): AsyncGenerator<WatchStreamEvent, void, undefined> {
  for await (const batch of watchImageCacheBatches(context, options)) {
    for (const event of batch) yield event;
  }
}

/**
 * The watch loop, yielding events in batches (never empty): the events of one received chunk,
 * or of one list. This is the loop that owns reconnects (client-go's RetryWatcher `receive`):
 * each pass lists or follows one stream, and how it ended decides the wait before the next.
 *
 * A batch's events have all been received when it is yielded, so the resume point is already
 * past them; a resume happens only when the consumer asks for the next batch, that is once it
 * has handled the whole batch. Events received before a failure on the same chunk are yielded
 * as a batch before the failure is handled.
 *
 * @example
 * ```ts
 * for await (const batch of watchImageCacheBatches(context, { signal })) {
 *   for (const event of batch) console.log(event.type);
 * }
 * ```
 */
export async function* watchImageCacheBatches(context: WatchContext, options: WatchOptions = {}): AsyncGenerator<readonly WatchStreamEvent[], void, undefined> {
  const run = startRun(context, options);
  const { signal } = options;
  for (;;) {
    if (signal?.aborted) return;
    const end = yield* run.state.listing !== undefined ? listPass(run) : streamPass(run);
    if (end.kind === 'stopped') return;
    const delayMs = delayAfter(run, end);
    if (delayMs > 0) {
      try {
        await sleep(delayMs, signal, () => new RequestAbortedError({ ...run.request, reason: signal?.reason }));
      } catch {
        return;
      }
    }
  }
}

function startRun(context: WatchContext, options: WatchOptions): WatchRun {
  // Without a resourceVersion (or with "0", "any") the server would replay existing objects as
  // ADDED events in no order a resume can continue from (client-go's RetryWatcher refuses both
  // for this reason), so the watch starts from a list, as client-go's Reflector and kubectl get
  // --watch do.
  // A streaming list (sendInitialEvents) is its own starting point.
  const fromList = options.sendInitialEvents !== true && (!options.resourceVersion || options.resourceVersion === '0');
  return {
    context,
    options,
    request: { method: 'GET', path: COLLECTION_PATH },
    labelSelector: options.labelSelector !== undefined ? formatSelector(options.labelSelector, 'label') : undefined,
    fieldSelector: options.fieldSelector !== undefined ? formatSelector(options.fieldSelector, 'field') : undefined,
    state: {
      resourceVersion: fromList ? undefined : options.resourceVersion,
      listing: fromList ? 'initial' : undefined,
      failures: 0,
      emptyStreams: 0,
      initialEventsPending: options.sendInitialEvents === true,
    },
  };
}

/** Lists every matching cache: ADDED for each the first time, one RELISTED after a 410. */
async function* listPass(run: WatchRun): AsyncGenerator<readonly WatchStreamEvent[], PassEnd, undefined> {
  const { signal } = run.options;
  let snapshot: { items: ImageCache[]; resourceVersion: string };
  try {
    snapshot = await run.context.relist({ labelSelector: run.labelSelector, fieldSelector: run.fieldSelector, ...(signal ? { signal } : {}) });
  } catch (error) {
    return signal?.aborted ? { kind: 'stopped' } : { kind: 'failed', failure: error, query: '' };
  }
  const { state } = run;
  state.resourceVersion = snapshot.resourceVersion;
  state.failures = 0;
  if (state.listing === 'initial') {
    if (snapshot.items.length > 0) yield snapshot.items.map((object): ImageCacheChangeEvent => ({ type: 'ADDED', object }));
  } else {
    yield [{ type: 'RELISTED', objects: snapshot.items, resourceVersion: snapshot.resourceVersion }];
  }
  state.listing = undefined;
  return { kind: 'listed' };
}

/** Follows one watch stream from the state's resourceVersion until it ends (client-go's `doReceive`). */
async function* streamPass(run: WatchRun): AsyncGenerator<readonly WatchStreamEvent[], PassEnd, undefined> {
  const { context, request, state, options } = run;
  const query = queryString({
    watch: 'true',
    resourceVersion: state.resourceVersion,
    labelSelector: run.labelSelector,
    fieldSelector: run.fieldSelector,
    allowWatchBookmarks: 'true',
    timeoutSeconds: context.serverTimeoutSeconds,
    ...(state.initialEventsPending ? { sendInitialEvents: 'true', resourceVersionMatch: 'NotOlderThan' } : {}),
  });
  let delivered = false;
  // The received events not yet yielded: those of the chunk at hand.
  let batch: WatchStreamEvent[] = [];
  try {
    const stream = await context.transport.openStream({
      ...request,
      method: 'GET',
      query,
      retryMode: 'idempotent',
      ...(options.signal ? { signal: options.signal } : {}),
    });
    for await (const lines of eventLineBatches(context, request, stream)) {
      for (const line of lines) {
        const parsed = parseLine(line, request, context.transport.scrubber);
        if (parsed.kind === 'skip') continue;
        delivered = true;
        state.failures = 0;
        state.emptyStreams = 0;
        const event = received(state, parsed);
        if (event.type !== 'BOOKMARK' || options.allowWatchBookmarks || event.initialEventsEnd) batch.push(event);
      }
      if (batch.length > 0) {
        const ready = batch;
        batch = [];
        yield ready;
      }
    }
  } catch (error) {
    // What arrived before the failure is delivered first (the resume point is already past it),
    // as it was when events went one at a time.
    if (batch.length > 0) yield batch;
    if (options.signal?.aborted) return { kind: 'stopped' };
    if (state.initialEventsPending) throw isForeign(error) ? networkFailure(error, request, context.transport.secrets) : error;
    // The resume point was compacted away: list again at once, as client-go's Reflector does.
    if (isGone(error)) {
      state.listing = 'relist';
      return { kind: 'expired' };
    }
    return { kind: 'failed', failure: error, query };
  }
  if (state.initialEventsPending) {
    if (options.signal?.aborted) return { kind: 'stopped' };
    throw new InitialEventsIncompleteError(request);
  }
  return { kind: 'closed', delivered };
}

function eventLineBatches(context: WatchContext, request: RequestIdentity, stream: Readable): AsyncIterable<unknown[]> {
  return readJsonLineBatches(stream, {
    request,
    maxLineLength: MAX_EVENT_LENGTH,
    idleTimeoutMs: context.idleTimeoutMs,
    onIdle: () => new RequestTimeoutError({ ...request, timeoutMs: context.idleTimeoutMs, idle: true }),
    scrub: context.transport.scrubber.text,
    decode: context.readLine,
  });
}

/** Moves the resume point past a received event and returns the event to yield. */
function received(state: WatchState, parsed: Exclude<ParsedLine, { kind: 'skip' }>): ImageCacheChangeEvent | ImageCacheBookmarkEvent {
  if (parsed.kind === 'bookmark') {
    state.resourceVersion = parsed.resourceVersion;
    if (state.initialEventsPending && parsed.initialEventsEnd) {
      state.initialEventsPending = false;
      return { type: 'BOOKMARK', resourceVersion: parsed.resourceVersion, initialEventsEnd: true };
    }
    return { type: 'BOOKMARK', resourceVersion: parsed.resourceVersion };
  }
  if (!state.initialEventsPending) state.resourceVersion = resourceVersionOf(parsed.event) ?? state.resourceVersion;
  return parsed.event;
}

/** The event's object's resourceVersion, read without parsing an unread object. */
function resourceVersionOf(event: ImageCacheChangeEvent): string | undefined {
  return event instanceof LazyChangeEvent ? event.record.resourceVersion : event.object.metadata.resourceVersion;
}

/** The wait before the next pass; throws when a failure may not be retried. */
function delayAfter(run: WatchRun, end: Exclude<PassEnd, { kind: 'stopped' }>): number {
  const { state, context, request } = run;
  if (end.kind === 'failed') {
    state.failures++;
    const typed = isForeign(end.failure) ? networkFailure(end.failure, request, context.transport.secrets) : end.failure;
    const verdict = watchRetryVerdict(typed, context.retry, state.failures, state.listing !== undefined);
    if (verdict.action === 'throw') throw verdict.budgetSpent ? new WatchFailedError(typed, state.failures, state.resourceVersion) : typed;
    context.transport.hooks.retry({ ...request, ...(end.query ? { query: end.query } : {}) }, state.failures, verdict.delayMs, verdict.reason);
    return verdict.delayMs;
  }
  if (end.kind !== 'closed' || end.delivered) return 0;
  // Servers close watches after timeoutSeconds; one that closes at once must not make us spin.
  state.emptyStreams++;
  return backoffDelay(context.emptyStreamBackoff, state.emptyStreams);
}

/** True for errors that did not come from this SDK: raw stream errors, to be wrapped before anyone sees them. */
function isForeign(error: unknown): boolean {
  return !(error instanceof ImageCacheClientError || error instanceof ImageCacheValidationError);
}
