/**
 * A watch response: newline-delimited JSON events on a chunked HTTP response, with the API
 * server's semantics for resourceVersion, selectors (an object leaving the selection is DELETED,
 * one entering it is ADDED), bookmarks and `timeoutSeconds`.
 * @packageDocumentation
 */
import type { ServerResponse } from 'node:http';
import type { ImageCache } from '../../types/index.js';
import { IMAGE_CACHE_API_VERSION, IMAGE_CACHE_KIND } from '../../types/constants.js';
import { isEmulatorStatusError } from './errors.js';
import { contentTypeOf, type ResponseFormat } from './http-io.js';
import { matchesObjectSelector, type ObjectSelector } from './selectors.js';
import type { ImageCacheStore, StoreEvent } from './store.js';
import { toTable, type IncludeObject } from './table.js';

/** What a watch request asked for. */
export interface WatchRequest {
  readonly selector: ObjectSelector;
  readonly resourceVersion?: string | undefined;
  /**
   * A streaming list (KEP-3157): the current state as ADDED events, then a BOOKMARK annotated
   * `k8s.io/initial-events-end`, then changes, whatever `resourceVersion` says (the current state
   * is never older than it).
   */
  readonly sendInitialEvents?: boolean | undefined;
  readonly allowBookmarks: boolean;
  readonly bookmarkIntervalMs: number;
  /** The server's clock, for ages in Table events. */
  readonly now: () => Date;
  readonly timeoutSeconds?: number | undefined;
  readonly format: ResponseFormat;
  readonly includeObject: IncludeObject;
}

/** Open watches, so the emulator can end them all when it closes. */
export type OpenWatches = Set<() => void>;

/**
 * Streams events from `store` to `res` until the client leaves, the timeout passes, or
 * `openWatches` are ended. A resourceVersion older than the store's history gets a 200 with one
 * ERROR event holding a 410 Expired Status, as kube-apiserver's watch cache answers.
 *
 * @example
 * ```ts
 * serveWatch(res, store, { selector, allowBookmarks: true, bookmarkIntervalMs: 60_000, now: () => new Date(), format: { kind: 'json' }, includeObject: 'Metadata' }, openWatches);
 * ```
 */
export function serveWatch(res: ServerResponse, store: ImageCacheStore, request: WatchRequest, openWatches: OpenWatches): void {
  res.writeHead(200, { 'Content-Type': contentTypeOf(request.format), 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  const encode = (object: Readonly<ImageCache>) =>
    request.format.kind === 'table'
      ? toTable([object], {
          apiVersion: request.format.apiVersion,
          now: request.now(),
          includeObject: request.includeObject,
          metadata: { resourceVersion: object.metadata.resourceVersion ?? '' },
        })
      : object;
  const write = (type: string, object: unknown) => {
    if (!res.writableEnded) res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const matches = (object: Readonly<ImageCache> | undefined) => object !== undefined && matchesObjectSelector(request.selector, object);
  const onEvent = (event: StoreEvent) => {
    const now = matches(event.object);
    const before = event.type === 'ADDED' ? false : event.type === 'DELETED' ? now : matches(event.previous);
    if (event.type === 'DELETED') {
      if (before) write('DELETED', encode(event.object));
    } else if (now && before) write('MODIFIED', encode(event.object));
    else if (now) write('ADDED', encode(event.object));
    else if (before) write('DELETED', encode(event.object));
  };

  const timers: NodeJS.Timeout[] = [];
  let stopWatch = () => {};
  const end = () => {
    stopWatch();
    for (const timer of timers) clearTimeout(timer);
    openWatches.delete(end);
    if (!res.writableEnded) res.end();
  };
  openWatches.add(end);
  res.on('close', end);

  try {
    const watch = store.watch({ resourceVersion: request.sendInitialEvents ? undefined : request.resourceVersion }, onEvent);
    stopWatch = watch.stop;
    for (const object of watch.initial) if (matches(object)) write('ADDED', encode(object));
    if (request.sendInitialEvents) {
      write('BOOKMARK', {
        kind: IMAGE_CACHE_KIND,
        apiVersion: IMAGE_CACHE_API_VERSION,
        metadata: { resourceVersion: store.resourceVersion, annotations: { 'k8s.io/initial-events-end': 'true' } },
      });
    }
  } catch (error) {
    if (!isEmulatorStatusError(error)) throw error;
    write('ERROR', error.status);
    end();
    return;
  }
  if (request.allowBookmarks) {
    const bookmark = () =>
      write('BOOKMARK', { kind: IMAGE_CACHE_KIND, apiVersion: IMAGE_CACHE_API_VERSION, metadata: { resourceVersion: store.resourceVersion } });
    timers.push(setInterval(bookmark, request.bookmarkIntervalMs));
  }
  if (request.timeoutSeconds !== undefined && request.timeoutSeconds > 0) timers.push(setTimeout(end, request.timeoutSeconds * 1000));
}
