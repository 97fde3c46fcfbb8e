/**
 * The watch loop: a stream of typed events that survives dropped connections and expired
 * resourceVersions, and never ends unless the caller stops it.
 */
import type { ImageCache, Status } from '../types/index.js';
import { ImageCacheValidationError } from '../validation/errors.js';
import { backoffDelay, sleep } from './backoff.js';
import { expectImageCache } from './boundary.js';
import { ImageCacheClientError, KubernetesApiError, KubernetesResponseError, RequestAbortedError, RequestTimeoutError, WatchFailedError, isGone, type RequestIdentity } from './errors.js';
import { readJsonLines } from './json-lines.js';
import type { RetryPolicy } from './options.js';
import { COLLECTION_PATH, formatSelector, queryString, type Selector } from './paths.js';
import { excerptOf, type SecretScrubber } from './redaction.js';
import { watchRetryVerdict } from './retry-decision.js';
import { networkFailure, type Transport } from './transport.js';
import { isRecord } from '../is-record.js';

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
}

/** A cache was created, changed or deleted; `object` is its state after the change. */
export interface ImageCacheChangeEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: ImageCache;
}

/** The server's progress marker: nothing changed up to `resourceVersion`. Only with `allowWatchBookmarks`. */
export interface ImageCacheBookmarkEvent {
  readonly type: 'BOOKMARK';
  readonly resourceVersion: string;
}

/**
 * The watch could not resume (410 Gone: the resourceVersion was compacted away), so the client
 * listed every matching cache again and resumed from the list's resourceVersion. Changes in the
 * gap were not seen as events: diff `objects` against what you hold (objects missing from it
 * were deleted meanwhile).
 */
export interface ImageCacheRelistedEvent {
  readonly type: 'RELISTED';
  readonly objects: readonly ImageCache[];
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
  /** Lists every matching cache, page by page, with the list's resourceVersion. */
  relist(selectors: Pick<WatchOptions, 'labelSelector' | 'fieldSelector' | 'signal'>): Promise<{ items: ImageCache[]; resourceVersion: string }>;
}

// One watch event is one object; anything near this is not an ImageCache.
const MAX_EVENT_LENGTH = 16 * 1024 * 1024;
const CHANGE_TYPES = new Set(['ADDED', 'MODIFIED', 'DELETED']);

type ParsedLine =
  | { readonly kind: 'change'; readonly event: ImageCacheChangeEvent }
  | { readonly kind: 'bookmark'; readonly resourceVersion: string }
  | { readonly kind: 'skip' };

/**
 * Turns one decoded line into an event; an ERROR event is thrown as the API error it carries.
 * Server text quoted in an error passes the client's scrubber.
 */
function parseLine(line: unknown, request: RequestIdentity, scrubber: SecretScrubber): ParsedLine {
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
    const resourceVersion = isRecord(object) && isRecord(object['metadata']) ? object['metadata']['resourceVersion'] : undefined;
    return typeof resourceVersion === 'string' ? { kind: 'bookmark', resourceVersion } : { kind: 'skip' };
  }
  // A newer server's event type: not ours to interpret, and not worth dropping the stream for.
  if (!CHANGE_TYPES.has(type)) return { kind: 'skip' };
  return { kind: 'change', event: { type: type as ImageCacheChangeEvent['type'], object: expectImageCache(object, { ...request, statusCode: 200, scrub: scrubber.text }) } };
}

/**
 * Watches ImageCaches: see {@link ImageCacheClient.watch} for the contract.
 *
 * @example
 * ```ts
 * for await (const event of watchImageCaches(context, { signal })) console.log(event.type);
 * ```
 */
export async function* watchImageCaches(context: WatchContext, options: WatchOptions = {}): AsyncGenerator<WatchStreamEvent, void, undefined> {
  const { signal } = options;
  const request = { method: 'GET', path: COLLECTION_PATH } as const satisfies RequestIdentity;
  const labelSelector = options.labelSelector !== undefined ? formatSelector(options.labelSelector, 'label') : undefined;
  const fieldSelector = options.fieldSelector !== undefined ? formatSelector(options.fieldSelector, 'field') : undefined;
  // Without a resourceVersion (or with "0", "any") the server would replay existing objects as
  // ADDED events in no order a resume can continue from (client-go's RetryWatcher refuses both
  // for this reason), so the watch starts from a list, as client-go's Reflector and kubectl get
  // --watch do.
  const fromList = !options.resourceVersion || options.resourceVersion === '0';
  let resourceVersion = fromList ? undefined : options.resourceVersion;
  let listing: 'initial' | 'relist' | undefined = fromList ? 'initial' : undefined;
  let failures = 0;
  let emptyStreams = 0;

  for (;;) {
    if (signal?.aborted) return;
    let failure: unknown;
    let delivered = false;
    let query = '';
    if (listing !== undefined) {
      let snapshot: { items: ImageCache[]; resourceVersion: string } | undefined;
      try {
        snapshot = await context.relist({ labelSelector, fieldSelector, ...(signal ? { signal } : {}) });
      } catch (error) {
        if (signal?.aborted) return;
        failure = error;
      }
      if (snapshot !== undefined) {
        resourceVersion = snapshot.resourceVersion;
        failures = 0;
        if (listing === 'initial') {
          for (const object of snapshot.items) yield { type: 'ADDED', object };
        } else {
          yield { type: 'RELISTED', objects: snapshot.items, resourceVersion };
        }
        listing = undefined;
        continue;
      }
    } else {
      query = queryString({
        watch: 'true',
        resourceVersion,
        labelSelector,
        fieldSelector,
        allowWatchBookmarks: 'true',
        timeoutSeconds: context.serverTimeoutSeconds,
      });
      try {
        const stream = await context.transport.openStream({ ...request, method: 'GET', query, retryMode: 'idempotent', ...(signal ? { signal } : {}) });
        const lines = readJsonLines(stream, {
          request,
          maxLineLength: MAX_EVENT_LENGTH,
          idleTimeoutMs: context.idleTimeoutMs,
          onIdle: () => new RequestTimeoutError({ ...request, timeoutMs: context.idleTimeoutMs, idle: true }),
          scrub: context.transport.scrubber.text,
        });
        for await (const line of lines) {
          const parsed = parseLine(line, request, context.transport.scrubber);
          if (parsed.kind === 'skip') continue;
          delivered = true;
          failures = 0;
          emptyStreams = 0;
          if (parsed.kind === 'bookmark') {
            resourceVersion = parsed.resourceVersion;
            if (options.allowWatchBookmarks) yield { type: 'BOOKMARK', resourceVersion };
            continue;
          }
          resourceVersion = parsed.event.object.metadata.resourceVersion ?? resourceVersion;
          yield parsed.event;
        }
      } catch (error) {
        if (signal?.aborted) return;
        failure = error;
      }
      if (failure !== undefined && isGone(failure)) {
        // The resume point was compacted away: list again at once, as client-go's Reflector does.
        listing = 'relist';
        continue;
      }
    }

    let delayMs = 0;
    if (failure !== undefined) {
      failures++;
      const typed = isForeign(failure) ? networkFailure(failure, request, context.transport.secrets) : failure;
      const verdict = watchRetryVerdict(typed, context.retry, failures, listing !== undefined);
      if (verdict.action === 'throw') throw verdict.budgetSpent ? new WatchFailedError(typed, failures, resourceVersion) : typed;
      delayMs = verdict.delayMs;
      context.transport.notifyRetry({ ...request, ...(query ? { query } : {}) }, failures, delayMs, verdict.reason);
    } else if (!delivered) {
      // Servers close watches after timeoutSeconds; one that closes at once must not make us spin.
      emptyStreams++;
      delayMs = backoffDelay(context.emptyStreamBackoff, emptyStreams);
    }
    if (delayMs > 0) {
      try {
        await sleep(delayMs, signal, () => new RequestAbortedError({ ...request, reason: signal?.reason }));
      } catch {
        return;
      }
    }
  }
}

/** True for errors that did not come from this SDK: raw stream errors, to be wrapped before anyone sees them. */
function isForeign(error: unknown): boolean {
  return !(error instanceof ImageCacheClientError || error instanceof ImageCacheValidationError);
}
