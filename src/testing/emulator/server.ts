/**
 * The HTTP face of the emulator: routes kube-apiserver's paths for the ImageCache resource and its
 * status subresource, discovery and `/version` to the store, with the server's status codes.
 * Namespaced paths are 404 (the resource is cluster-scoped); unsupported methods are 405.
 * @packageDocumentation
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ImageCache } from '../../types/index.js';
import {
  IMAGE_CACHE_API_GROUP,
  IMAGE_CACHE_API_VERSION,
  IMAGE_CACHE_KIND,
  IMAGE_CACHE_LIST_KIND,
  IMAGE_CACHE_PLURAL,
} from '../../types/constants.js';
import { discoveryDocument, isEventListPath } from './discovery.js';
import { openApiDocument } from './openapi.js';
import { EMULATOR_DEFAULTS } from './defaults.js';
import { statusErrors } from './errors.js';
import { mediaTypeOf, negotiate, parseBody, readBody, send, sendError, type ResponseFormat } from './http-io.js';
import { isJsonObject, jsonTypeOf, type JsonObject, type JsonValue } from './json.js';
import { invalidOptionsError } from './field-errors.js';
import { FieldOwnership, type ApplyPlan } from './field-ownership.js';
import { applyJsonPatch, applyMergePatch, patchKindOf, PATCH_CONTENT_TYPES } from './patch.js';
import { parseObjectSelector } from './selectors.js';
import type { DeletePreconditions, ImageCacheStore } from './store.js';
import { toTable, type IncludeObject } from './table.js';
import { objectMetaDecodeProblem, pruneUnknownFields } from './validation.js';
import { serveWatch, type OpenWatches } from './watch-stream.js';

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

const forbiddenListOption = (field: string, detail: string) => invalidOptionsError('ListOptions', [{ type: 'FieldValueForbidden', field, detail }]);

/**
 * `sendInitialEvents` of a watch, checked as kube-apiserver checks it: it needs
 * `resourceVersionMatch=NotOlderThan` and bookmarks, and the `WatchList` feature.
 */
function initialEventsOf(query: URLSearchParams, watchList: boolean): boolean {
  const value = query.get('sendInitialEvents');
  if (value === null) return false;
  if (query.get('resourceVersionMatch') !== 'NotOlderThan') {
    throw forbiddenListOption('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan');
  }
  if (!watchList) throw forbiddenListOption('sendInitialEvents', 'sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled');
  const allow = query.get('allowWatchBookmarks');
  if (value === 'true' && allow !== 'true' && allow !== '1') throw forbiddenListOption('allowWatchBookmarks', 'allowWatchBookmarks required when sendInitialEvents is true');
  return value === 'true' || value === '1';
}

/** A request handler for `node:http`, and a way to end its open watches. */
export interface ImageCacheRequestHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** Ends every open watch response. */
  closeWatches(): void;
}

type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

const RESOURCE_BASE = `/apis/${IMAGE_CACHE_API_VERSION}/${IMAGE_CACHE_PLURAL}`;
const WATCH_BASE = `/apis/${IMAGE_CACHE_API_VERSION}/watch/${IMAGE_CACHE_PLURAL}`;
const HEALTH_PATHS = new Set(['/healthz', '/livez', '/readyz']);

type Route =
  | { readonly kind: 'collection' }
  | { readonly kind: 'object'; readonly name: string }
  | { readonly kind: 'status'; readonly name: string }
  | { readonly kind: 'legacyWatch'; readonly name?: string };

/** A path segment decoded; bad percent-encoding is the 400 kube-apiserver answers, not a failure of ours. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    const escape = /%(?![0-9A-Fa-f]{2}).{0,2}/s.exec(segment)?.[0] ?? segment;
    throw statusErrors.badRequest(`invalid URL escape ${JSON.stringify(escape)}`);
  }
}

function routeOf(path: string): Route | undefined {
  if (path === RESOURCE_BASE) return { kind: 'collection' };
  if (path === WATCH_BASE) return { kind: 'legacyWatch' };
  const rest = (base: string) => (path.startsWith(`${base}/`) ? path.slice(base.length + 1).split('/').map(decodeSegment) : undefined);
  const watchParts = rest(WATCH_BASE);
  if (watchParts?.length === 1 && watchParts[0]) return { kind: 'legacyWatch', name: watchParts[0] };
  const parts = rest(RESOURCE_BASE);
  if (parts?.length === 1 && parts[0]) return { kind: 'object', name: parts[0] };
  if (parts?.length === 2 && parts[0] && parts[1] === 'status') return { kind: 'status', name: parts[0] };
  return undefined;
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(match[1]!.trim()), digest(token));
}

function fieldValidationOf(query: URLSearchParams): FieldValidation {
  const value = query.get('fieldValidation') ?? 'Warn';
  if (value === 'Ignore' || value === 'Warn' || value === 'Strict') return value;
  throw statusErrors.badRequest(`fieldValidation parameter unsupported: ${JSON.stringify(value)}, supported values are: "Ignore", "Warn", or "Strict"`);
}

function dryRunOf(query: URLSearchParams, body?: JsonObject): boolean {
  const values = [...query.getAll('dryRun'), ...(Array.isArray(body?.['dryRun']) ? (body['dryRun'] as JsonValue[]).map(String) : [])];
  for (const value of values) {
    if (value !== 'All') throw statusErrors.badRequest(`dryRun: Unsupported value: ${JSON.stringify(value)}: supported values: "All"`);
  }
  return values.length > 0;
}

function integerParam(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null || text === '') return undefined;
  if (!/^-?\d+$/.test(text)) throw statusErrors.badRequest(`${name}: Invalid value: ${JSON.stringify(text)}: must be an integer`);
  return Number(text);
}

function includeObjectOf(query: URLSearchParams): IncludeObject {
  const value = query.get('includeObject') ?? 'Metadata';
  if (value === 'None' || value === 'Metadata' || value === 'Object') return value;
  throw statusErrors.badRequest(`includeObject: Unsupported value: ${JSON.stringify(value)}: supported values: "None", "Metadata", "Object"`);
}

/** Checks what a body must be before it can be an ImageCache: an object of this kind and version. */
function decodeObject(value: unknown, text: string): JsonObject {
  if (!isJsonObject(value)) {
    throw statusErrors.badRequest(`couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonTypeOf(value)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`);
  }
  if (typeof value['kind'] !== 'string' || value['kind'] === '') throw statusErrors.badRequest(`Object 'Kind' is missing in '${text.trim()}'`);
  if (typeof value['apiVersion'] !== 'string' || value['apiVersion'] === '') throw statusErrors.badRequest(`Object 'apiVersion' is missing in '${text.trim()}'`);
  if (value['apiVersion'] !== IMAGE_CACHE_API_VERSION) {
    throw statusErrors.badRequest(`the API version in the data (${value['apiVersion']}) does not match the expected API version (${IMAGE_CACHE_API_VERSION})`);
  }
  if (value['kind'] !== IMAGE_CACHE_KIND) {
    throw statusErrors.badRequest(`the kind in the data (${value['kind']}) does not match the expected kind (${IMAGE_CACHE_KIND})`);
  }
  const problem = objectMetaDecodeProblem(value['metadata']);
  if (problem) throw statusErrors.badRequest(problem);
  return value;
}

/**
 * The field manager of a write: the `fieldManager` parameter, else the User-Agent up to its first
 * `/` (`kubectl-client-side-apply/v1.32` is `kubectl-client-side-apply`), else `unknown`.
 */
function fieldManagerOf(req: IncomingMessage, query: URLSearchParams): string {
  const given = query.get('fieldManager');
  if (given) return given;
  const agent = (req.headers['user-agent'] ?? '').split('/')[0]!.trim();
  return agent ? agent.slice(0, 128) : 'unknown';
}

/** Checks the patch options the server validates before anything else: `force` is for apply only, which needs a manager. */
function checkPatchOptions(kind: string, query: URLSearchParams): void {
  const force = query.get('force');
  if (kind !== 'apply' && force !== null) {
    throw invalidOptionsError('PatchOptions', [{ type: 'FieldValueForbidden', field: 'force', detail: 'may not be specified for non-apply patch' }]);
  }
  if (kind === 'apply' && !query.get('fieldManager')) {
    throw invalidOptionsError('PatchOptions', [{ type: 'FieldValueRequired', field: 'fieldManager', detail: 'is required for apply patch' }]);
  }
}

/** Prunes unknown fields by the field validation mode: dropped, dropped with warnings, or a 400. */
function applyFieldValidation(object: JsonObject, mode: FieldValidation): string[] {
  const unknown = pruneUnknownFields(object);
  if (unknown.length === 0 || mode === 'Ignore') return [];
  const messages = unknown.map((path) => `unknown field ${JSON.stringify(path)}`);
  if (mode === 'Strict') throw statusErrors.badRequest(`${IMAGE_CACHE_KIND} in version "v1" cannot be handled as a ${IMAGE_CACHE_KIND}: strict decoding error: ${messages.join(', ')}`);
  return messages.map((message) => `299 - ${JSON.stringify(message)}`);
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
  const { store } = options;
  const openWatches: OpenWatches = new Set();
  const bookmarkIntervalMs = options.bookmarkIntervalMs ?? EMULATOR_DEFAULTS.bookmarkIntervalMs;
  const ownership = new FieldOwnership();
  // Ownership ends with the object, however it goes (a request, the controller's expiry).
  store.watch({}, (event) => {
    if (event.type === 'DELETED') ownership.forget(event.object.metadata.uid);
  });
  const now = options.now ?? (() => new Date());

  const readObjectBody = async (req: IncomingMessage): Promise<{ object: JsonObject; text: string }> => {
    const text = await readBody(req, EMULATOR_DEFAULTS.maxRequestBytes);
    return { object: decodeObject(await parseBody(text, mediaTypeOf(req.headers['content-type'])), text), text };
  };

  const sendObject = (res: ServerResponse, code: number, object: ImageCache, format: ResponseFormat, warnings: string[] = []) => {
    const body = format.kind === 'table' ? toTable([object], { apiVersion: format.apiVersion, now: now(), metadata: { resourceVersion: object.metadata.resourceVersion ?? '' } }) : object;
    return send(res, code, body, format, warnings.length > 0 ? { Warning: warnings } : {});
  };

  const list = async (req: IncomingMessage, res: ServerResponse, query: URLSearchParams, nameFromPath?: string) => {
    const format = negotiate(req.headers.accept, true);
    const fieldSelector = [query.get('fieldSelector'), nameFromPath ? `metadata.name=${nameFromPath}` : null].filter(Boolean).join(',');
    const selectorQuery = { labelSelector: query.get('labelSelector') ?? undefined, fieldSelector: fieldSelector || undefined };
    const watch = query.get('watch');
    if (nameFromPath !== undefined || watch === 'true' || watch === '1') {
      const sendInitialEvents = initialEventsOf(query, options.watchList ?? true);
      serveWatch(res, store, {
        sendInitialEvents,
        selector: parseObjectSelector(selectorQuery),
        resourceVersion: query.get('resourceVersion') ?? undefined,
        allowBookmarks: query.get('allowWatchBookmarks') === 'true' || query.get('allowWatchBookmarks') === '1',
        bookmarkIntervalMs,
        now,
        timeoutSeconds: integerParam(query, 'timeoutSeconds'),
        format,
        includeObject: includeObjectOf(query),
      }, openWatches);
      return;
    }
    const limit = integerParam(query, 'limit');
    if (limit !== undefined && limit < 0) throw statusErrors.badRequest(`limit: Invalid value: ${limit}: must be greater than or equal to 0`);
    const result = store.list({ ...selectorQuery, limit, continue: query.get('continue') ?? undefined, resourceVersion: query.get('resourceVersion') ?? undefined });
    const body = format.kind === 'table' ? toTable(result.items, { apiVersion: format.apiVersion, now: now(), includeObject: includeObjectOf(query), metadata: result.metadata }) : result;
    await send(res, 200, body, format);
  };

  const create = async (req: IncomingMessage, res: ServerResponse, query: URLSearchParams) => {
    const format = negotiate(req.headers.accept, false);
    const { object } = await readObjectBody(req);
    const warnings = applyFieldValidation(object, fieldValidationOf(query));
    const dryRun = dryRunOf(query);
    const created = store.create(object, { dryRun });
    if (!dryRun) ownership.recordUpdate(undefined, created as unknown as JsonObject, fieldManagerOf(req, query));
    await sendObject(res, 201, created, format, warnings);
  };

  const replace = async (req: IncomingMessage, res: ServerResponse, query: URLSearchParams, name: string, subresource?: 'status') => {
    const format = negotiate(req.headers.accept, false);
    const { object } = await readObjectBody(req);
    const warnings = applyFieldValidation(object, fieldValidationOf(query));
    const metadata = isJsonObject(object['metadata']) ? object['metadata'] : {};
    if (metadata['name'] !== name) {
      throw statusErrors.badRequest(`the name of the object (${String(metadata['name'] ?? '')}) does not match the name on the URL (${name})`);
    }
    const dryRun = dryRunOf(query);
    const before = store.find(name);
    const updated = store.update(name, object, { dryRun, subresource });
    if (!dryRun && !subresource) ownership.recordUpdate(before as unknown as JsonObject | undefined, updated as unknown as JsonObject, fieldManagerOf(req, query));
    await sendObject(res, 200, updated, format, warnings);
  };

  const patch = async (req: IncomingMessage, res: ServerResponse, query: URLSearchParams, name: string, subresource?: 'status') => {
    const format = negotiate(req.headers.accept, false);
    const kind = patchKindOf(req.headers['content-type']);
    checkPatchOptions(kind, query);
    const text = await readBody(req, EMULATOR_DEFAULTS.maxRequestBytes);
    const patchBody = await parseBody(text, PATCH_CONTENT_TYPES[kind], [PATCH_CONTENT_TYPES[kind]]);
    const mode = fieldValidationOf(query);
    const dryRun = dryRunOf(query);
    const current = store.find(name);
    const manager = fieldManagerOf(req, query);
    let plan: ApplyPlan | undefined;
    if (kind === 'apply') {
      const configuration = decodeObject(patchBody, text);
      const metadata = isJsonObject(configuration['metadata']) ? configuration['metadata'] : {};
      if (metadata['name'] !== name) {
        throw statusErrors.badRequest(`the name of the object (${String(metadata['name'] ?? '')}) does not match the name on the URL (${name})`);
      }
      if (!current && subresource) throw statusErrors.notFound(name);
      plan = ownership.planApply(current as unknown as JsonObject | undefined, configuration, manager, query.get('force') === 'true');
      if (!current) {
        const warnings = applyFieldValidation(plan.object, mode);
        const created = store.create(plan.object, { dryRun });
        if (!dryRun) plan.commit(created as unknown as JsonObject);
        await sendObject(res, 201, created, format, warnings);
        return;
      }
    }
    if (!current) throw statusErrors.notFound(name);
    const live = current as unknown as JsonValue;
    const patched = plan ? plan.object : kind === 'merge' ? applyMergePatch(live, patchBody as JsonValue) : applyJsonPatch(live, patchBody);
    const object = decodeObject(patched, JSON.stringify(patched));
    const metadata = isJsonObject(object['metadata']) ? object['metadata'] : (object['metadata'] = {});
    // A resourceVersion in the patch is a precondition; without one, the patch applies to what is there.
    if (!metadata['resourceVersion']) metadata['resourceVersion'] = current.metadata.resourceVersion ?? '';
    if (metadata['name'] !== name) throw statusErrors.badRequest(`the name of the object (${String(metadata['name'] ?? '')}) does not match the name on the URL (${name})`);
    const warnings = applyFieldValidation(object, mode);
    const updated = store.update(name, object, { dryRun, subresource });
    if (!dryRun && !subresource) {
      if (plan) plan.commit(updated as unknown as JsonObject);
      else ownership.recordUpdate(current as unknown as JsonObject, updated as unknown as JsonObject, manager);
    }
    await sendObject(res, 200, updated, format, warnings);
  };

  const remove = async (req: IncomingMessage, res: ServerResponse, query: URLSearchParams, name: string) => {
    const text = await readBody(req, EMULATOR_DEFAULTS.maxRequestBytes);
    let body: JsonObject = {};
    if (text.trim() !== '') {
      const parsed = await parseBody(text, mediaTypeOf(req.headers['content-type']) || 'application/json');
      if (!isJsonObject(parsed)) throw statusErrors.badRequest('DeleteOptions must be an object');
      body = parsed;
    }
    const pre = isJsonObject(body['preconditions']) ? body['preconditions'] : {};
    const preconditions: DeletePreconditions = {
      uid: typeof pre['uid'] === 'string' ? pre['uid'] : undefined,
      resourceVersion: typeof pre['resourceVersion'] === 'string' ? pre['resourceVersion'] : undefined,
    };
    const result = store.delete(name, { preconditions, dryRun: dryRunOf(query, body) });
    if (!result.deleted) {
      await send(res, 200, result.object);
      return;
    }
    await send(res, 200, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name, group: IMAGE_CACHE_API_GROUP, kind: IMAGE_CACHE_PLURAL, uid: result.object.metadata.uid },
    });
  };

  const removeCollection = async (res: ServerResponse, query: URLSearchParams) => {
    const items = store.deleteCollection({
      labelSelector: query.get('labelSelector') ?? undefined,
      fieldSelector: query.get('fieldSelector') ?? undefined,
      dryRun: dryRunOf(query),
    });
    await send(res, 200, { apiVersion: IMAGE_CACHE_API_VERSION, kind: IMAGE_CACHE_LIST_KIND, metadata: { resourceVersion: store.resourceVersion }, items });
  };

  const dispatch = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (options.token !== undefined && !tokenMatches(req.headers.authorization, options.token)) throw statusErrors.unauthorized();
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const query = url.searchParams;
    const method = req.method ?? 'GET';

    const document = discoveryDocument(path, options.serverAddress()) ?? openApiDocument(path);
    if (document || HEALTH_PATHS.has(path)) {
      if (method !== 'GET' && method !== 'HEAD') throw statusErrors.methodNotAllowed();
      if (document) await send(res, 200, document, negotiate(req.headers.accept, false));
      else {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('ok');
      }
      return;
    }
    if (isEventListPath(path)) {
      if (method !== 'GET') throw statusErrors.methodNotAllowed();
      await send(res, 200, { kind: 'EventList', apiVersion: 'v1', metadata: { resourceVersion: store.resourceVersion }, items: [] }, negotiate(req.headers.accept, false));
      return;
    }
    const route = routeOf(path);
    if (!route) throw statusErrors.pathNotFound();
    switch (route.kind) {
      case 'collection':
        if (method === 'GET') return list(req, res, query);
        if (method === 'POST') return create(req, res, query);
        if (method === 'DELETE') return removeCollection(res, query);
        break;
      case 'legacyWatch':
        if (method === 'GET') {
          query.set('watch', 'true');
          return list(req, res, query, route.name);
        }
        break;
      case 'object':
        if (method === 'GET') return sendObject(res, 200, store.get(route.name), negotiate(req.headers.accept, true));
        if (method === 'PUT') return replace(req, res, query, route.name);
        if (method === 'PATCH') return patch(req, res, query, route.name);
        if (method === 'DELETE') return remove(req, res, query, route.name);
        break;
      case 'status':
        if (method === 'GET') return sendObject(res, 200, store.get(route.name), negotiate(req.headers.accept, true));
        if (method === 'PUT') return replace(req, res, query, route.name, 'status');
        if (method === 'PATCH') return patch(req, res, query, route.name, 'status');
        break;
    }
    throw statusErrors.methodNotAllowed();
  };

  const handler = ((req: IncomingMessage, res: ServerResponse) => {
    dispatch(req, res).catch((error: unknown) => sendError(res, error).catch(() => res.destroy()));
  }) as ImageCacheRequestHandler;
  handler.closeWatches = () => {
    for (const end of [...openWatches]) end();
  };
  return handler;
}
