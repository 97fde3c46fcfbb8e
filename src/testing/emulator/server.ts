/**
 * The HTTP face of the emulator: serves discovery, OpenAPI, health and `/version`, and turns each
 * ImageCache request into a typed action (request-target.ts, actions.ts) that one handler per verb
 * answers (verbs.ts) on the store with field ownership (managed-fields-store.ts).
 * @packageDocumentation
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeAction } from './actions.js';
import { EMULATOR_DEFAULTS } from './defaults.js';
import { discoveryDocument, isEventListPath } from './discovery.js';
import { statusErrors } from './errors.js';
import { negotiate, send, sendError } from './http-io.js';
import { ManagedFieldsStore } from './managed-fields-store.js';
import { openApiDocument } from './openapi.js';
import { requestTarget } from './request-target.js';
import type { ImageCacheStore } from './store.js';
import { serveAction, type VerbContext } from './verbs.js';
import type { OpenWatches } from './watch-stream.js';

/** What the request handler needs. */
export interface RequestHandlerOptions {
  readonly store: ImageCacheStore;
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  readonly token?: string | undefined;
  readonly bookmarkIntervalMs?: number | undefined;
  /** Serve streaming lists (`sendInitialEvents`, kube-apiserver's `WatchList` feature). @defaultValue true */
  readonly watchList?: boolean | undefined;
  /** The server's clock, for the ages in Table responses. @defaultValue the real clock */
  readonly now?: (() => Date) | undefined;
  /** `host:port` reported by `/api`. */
  readonly serverAddress: () => string;
}

/** A request handler for `node:http`, and a way to end its open watches. */
export interface ImageCacheRequestHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** Ends every open watch response. */
  closeWatches(): void;
}

const HEALTH_PATHS = new Set(['/healthz', '/livez', '/readyz']);

function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(match[1]!.trim()), digest(token));
}

/** Answers the paths that are not the resource (discovery, OpenAPI, health, events); false for any other path. */
async function serveNonResource(req: IncomingMessage, res: ServerResponse, path: string, options: RequestHandlerOptions): Promise<boolean> {
  const method = req.method ?? 'GET';
  const document = discoveryDocument(path, options.serverAddress()) ?? openApiDocument(path);
  if (document || HEALTH_PATHS.has(path)) {
    if (method !== 'GET' && method !== 'HEAD') throw statusErrors.methodNotAllowed();
    if (document) await send(res, 200, document, negotiate(req.headers.accept, false));
    else {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
    }
    return true;
  }
  if (!isEventListPath(path)) return false;
  if (method !== 'GET') throw statusErrors.methodNotAllowed();
  await send(
    res,
    200,
    { kind: 'EventList', apiVersion: 'v1', metadata: { resourceVersion: options.store.resourceVersion }, items: [] },
    negotiate(req.headers.accept, false),
  );
  return true;
}

/**
 * Creates the request handler of the emulator's HTTP server.
 *
 * @example
 * ```ts
 * const handler = createRequestHandler({ store: new ImageCacheStore(), serverAddress: () => '127.0.0.1:8080' });
 * http.createServer(handler).listen(8080, '127.0.0.1');
 * ```
 */
export function createRequestHandler(options: RequestHandlerOptions): ImageCacheRequestHandler {
  const openWatches: OpenWatches = new Set();
  const context: VerbContext = {
    store: new ManagedFieldsStore(options.store),
    now: options.now ?? (() => new Date()),
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? EMULATOR_DEFAULTS.bookmarkIntervalMs,
    openWatches,
  };

  const dispatch = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (options.token !== undefined && !tokenMatches(req.headers.authorization, options.token)) throw statusErrors.unauthorized();
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    if (await serveNonResource(req, res, path, options)) return;
    const target = requestTarget(req.method ?? 'GET', path, url.searchParams);
    await serveAction(await decodeAction(req, target, url.searchParams, { watchList: options.watchList ?? true }), res, context);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    dispatch(req, res).catch((error: unknown) => sendError(res, error).catch(() => res.destroy()));
  };
  const closeWatches = () => {
    for (const end of [...openWatches]) end();
  };
  return Object.assign(handle, { closeWatches });
}
