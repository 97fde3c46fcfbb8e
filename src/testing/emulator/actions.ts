/**
 * A request decoded once into a typed action: verb, name, subresource, options and body, each
 * checked with the server's answer for a bad value. Each verb reads its options in the order
 * kube-apiserver does, so a request with two faults gets the same error as from the server.
 * @packageDocumentation
 */
import type { IncomingMessage } from 'node:http';
import { EMULATOR_DEFAULTS } from './defaults.js';
import { statusErrors } from './errors.js';
import { invalidOptionsError } from './field-errors.js';
import { mediaTypeOf, negotiate, parseBody, readBody, type ResponseFormat } from './http-io.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { patchKindOf, PATCH_CONTENT_TYPES } from './patch.js';
import {
  applyFieldValidation,
  booleanParam,
  checkNameMatches,
  checkPatchOptions,
  decodeObject,
  dryRunOf,
  fieldManagerOf,
  fieldValidationOf,
  includeObjectOf,
  integerParam,
  type FieldValidation,
} from './request-options.js';
import type { RequestTarget, Subresource } from './request-target.js';
import { parseObjectSelector, type ObjectSelector } from './selectors.js';
import type { DeletePreconditions } from './store.js';
import type { IncludeObject } from './table.js';

/** Options of a write: dry run and the field manager. */
export interface WriteOptions {
  readonly format: ResponseFormat;
  readonly dryRun: boolean;
  readonly fieldManager: string;
}

/** An object body, unknown fields pruned; `warnings` are the Warning headers that pruning earned. */
export interface ObjectBody {
  readonly object: JsonObject;
  readonly warnings: readonly string[];
}

/** A PATCH body by its kind. Merge and JSON patches are plain JSON; an apply is an object of this kind. */
export type PatchBody =
  | { readonly kind: 'apply'; readonly configuration: JsonObject }
  | { readonly kind: 'merge'; readonly patch: JsonValue }
  | { readonly kind: 'json'; readonly patch: unknown };

/** The options of a list. */
export interface ListOptions {
  readonly format: ResponseFormat;
  readonly labelSelector: string | undefined;
  readonly fieldSelector: string | undefined;
  readonly limit: number | undefined;
  readonly continue: string | undefined;
  readonly resourceVersion: string | undefined;
  /** Read only when a Table is rendered, after the list: the server checks it only then. */
  readonly includeObject: () => IncludeObject;
}

/** The options of a watch, as `serveWatch` takes them (with the server's settings added). */
export interface WatchOptions {
  readonly format: ResponseFormat;
  readonly selector: ObjectSelector;
  readonly resourceVersion: string | undefined;
  readonly allowBookmarks: boolean;
  readonly timeoutSeconds: number | undefined;
  readonly includeObject: IncludeObject;
  /** A streaming list (KEP-3157): the current state as ADDED events, then the initial-events-end bookmark. */
  readonly sendInitialEvents: boolean;
}

/** Server features a request may need: kube-apiserver's feature gates, as the emulator was started. */
export interface ServerFeatures {
  /** Streaming lists (`sendInitialEvents`), kube-apiserver's `WatchList` feature gate. */
  readonly watchList: boolean;
}

/** The decoded actions, by verb. */
export interface Actions {
  readonly get: {
    readonly verb: 'get';
    readonly name: string;
    readonly subresource: Subresource | undefined;
    readonly options: { readonly format: ResponseFormat };
  };
  readonly list: { readonly verb: 'list'; readonly options: ListOptions };
  readonly watch: { readonly verb: 'watch'; readonly options: WatchOptions };
  readonly create: { readonly verb: 'create'; readonly options: WriteOptions; readonly body: ObjectBody };
  readonly update: {
    readonly verb: 'update';
    readonly name: string;
    readonly subresource: Subresource | undefined;
    readonly options: WriteOptions;
    readonly body: ObjectBody;
  };
  readonly patch: {
    readonly verb: 'patch';
    readonly name: string;
    readonly subresource: Subresource | undefined;
    readonly options: WriteOptions & { readonly fieldValidation: FieldValidation; readonly force: boolean };
    readonly body: PatchBody;
  };
  readonly delete: {
    readonly verb: 'delete';
    readonly name: string;
    readonly options: { readonly dryRun: boolean; readonly preconditions: DeletePreconditions };
  };
  readonly deletecollection: {
    readonly verb: 'deletecollection';
    readonly options: { readonly labelSelector: string | undefined; readonly fieldSelector: string | undefined; readonly dryRun: boolean };
  };
}

/** Any decoded action. */
export type Action = Actions[keyof Actions];

const readText = (req: IncomingMessage) => readBody(req, EMULATOR_DEFAULTS.maxRequestBytes);
const formatOf = (req: IncomingMessage, allowTable: boolean) => negotiate(req.headers.accept, allowTable);

/** An object body: read, parsed by its Content-Type, checked to be an ImageCache, pruned by field validation. */
async function decodeObjectBody(req: IncomingMessage, query: URLSearchParams): Promise<ObjectBody> {
  const text = await readText(req);
  const object = decodeObject(await parseBody(text, mediaTypeOf(req.headers['content-type'])), text);
  return { object, warnings: applyFieldValidation(object, fieldValidationOf(query)) };
}

/** The selectors of a list or watch; `name` (the legacy watch path) adds a field selector on it. */
function selectorsOf(query: URLSearchParams, name?: string): { labelSelector: string | undefined; fieldSelector: string | undefined } {
  const fieldSelector = [query.get('fieldSelector'), name !== undefined ? `metadata.name=${name}` : null].filter(Boolean).join(',');
  return { labelSelector: query.get('labelSelector') ?? undefined, fieldSelector: fieldSelector || undefined };
}

function decodeList(req: IncomingMessage, query: URLSearchParams): Actions['list'] {
  const format = formatOf(req, true);
  const limit = integerParam(query, 'limit');
  if (limit !== undefined && limit < 0) throw statusErrors.badRequest(`limit: Invalid value: ${limit}: must be greater than or equal to 0`);
  const page = { limit, continue: query.get('continue') ?? undefined, resourceVersion: query.get('resourceVersion') ?? undefined };
  return { verb: 'list', options: { format, ...selectorsOf(query), ...page, includeObject: () => includeObjectOf(query) } };
}

/**
 * A watch. To support a new watch parameter (e.g. `sendInitialEvents`), read it here into
 * {@link WatchOptions}; the watch handler passes the options on to `serveWatch`.
 */
const forbiddenListOption = (field: string, detail: string) => invalidOptionsError('ListOptions', [{ type: 'FieldValueForbidden', field, detail }]);

/**
 * `sendInitialEvents` of a watch, checked as kube-apiserver checks it: it needs
 * `resourceVersionMatch=NotOlderThan` and bookmarks, and the `WatchList` feature.
 */
function initialEventsOf(query: URLSearchParams, features: ServerFeatures): boolean {
  const value = query.get('sendInitialEvents');
  if (value === null) return false;
  if (query.get('resourceVersionMatch') !== 'NotOlderThan') {
    throw forbiddenListOption('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan');
  }
  if (!features.watchList)
    throw forbiddenListOption('sendInitialEvents', 'sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled');
  const allow = query.get('allowWatchBookmarks');
  if (value === 'true' && allow !== 'true' && allow !== '1')
    throw forbiddenListOption('allowWatchBookmarks', 'allowWatchBookmarks required when sendInitialEvents is true');
  return value === 'true' || value === '1';
}

function decodeWatch(req: IncomingMessage, query: URLSearchParams, name: string | undefined, features: ServerFeatures): Actions['watch'] {
  const format = formatOf(req, true);
  const sendInitialEvents = initialEventsOf(query, features);
  const selector = parseObjectSelector(selectorsOf(query, name));
  const resourceVersion = query.get('resourceVersion') ?? undefined;
  const allowBookmarks = booleanParam(query, 'allowWatchBookmarks');
  const timeoutSeconds = integerParam(query, 'timeoutSeconds');
  return {
    verb: 'watch',
    options: { format, selector, resourceVersion, allowBookmarks, timeoutSeconds, includeObject: includeObjectOf(query), sendInitialEvents },
  };
}

async function decodeCreate(req: IncomingMessage, query: URLSearchParams): Promise<Actions['create']> {
  const format = formatOf(req, false);
  const body = await decodeObjectBody(req, query);
  return { verb: 'create', options: { format, dryRun: dryRunOf(query), fieldManager: fieldManagerOf(req, query) }, body };
}

async function decodeUpdate(req: IncomingMessage, query: URLSearchParams, name: string, subresource: Subresource | undefined): Promise<Actions['update']> {
  const format = formatOf(req, false);
  const body = await decodeObjectBody(req, query);
  checkNameMatches(body.object, name);
  return { verb: 'update', name, subresource, options: { format, dryRun: dryRunOf(query), fieldManager: fieldManagerOf(req, query) }, body };
}

/** A PATCH: its kind (415 for others) and options are checked before the body is read, as the server does. */
async function decodePatch(req: IncomingMessage, query: URLSearchParams, name: string, subresource: Subresource | undefined): Promise<Actions['patch']> {
  const format = formatOf(req, false);
  const kind = patchKindOf(req.headers['content-type']);
  checkPatchOptions(kind, query);
  const text = await readText(req);
  const parsed = await parseBody(text, PATCH_CONTENT_TYPES[kind], [PATCH_CONTENT_TYPES[kind]]);
  const options = {
    format,
    fieldValidation: fieldValidationOf(query),
    dryRun: dryRunOf(query),
    fieldManager: fieldManagerOf(req, query),
    force: query.get('force') === 'true',
  };
  return { verb: 'patch', name, subresource, options, body: patchBodyOf(kind, parsed, text, name) };
}

function patchBodyOf(kind: PatchBody['kind'], parsed: unknown, text: string, name: string): PatchBody {
  if (kind === 'json') return { kind, patch: parsed };
  // A merge patch body is JSON.parse's output, so a JSON value.
  if (kind === 'merge') return { kind, patch: parsed as JsonValue };
  const configuration = decodeObject(parsed, text);
  checkNameMatches(configuration, name);
  return { kind, configuration };
}

/** A DELETE: DeleteOptions come in the body (optional, JSON unless said otherwise) and the query. */
async function decodeDelete(req: IncomingMessage, query: URLSearchParams, name: string): Promise<Actions['delete']> {
  const text = await readText(req);
  let body: JsonObject = {};
  if (text.trim() !== '') {
    const parsed = await parseBody(text, mediaTypeOf(req.headers['content-type']) || 'application/json');
    if (!isJsonObject(parsed)) throw statusErrors.badRequest('DeleteOptions must be an object');
    body = parsed;
  }
  const given = isJsonObject(body['preconditions']) ? body['preconditions'] : {};
  const preconditions: DeletePreconditions = {
    uid: typeof given['uid'] === 'string' ? given['uid'] : undefined,
    resourceVersion: typeof given['resourceVersion'] === 'string' ? given['resourceVersion'] : undefined,
  };
  return { verb: 'delete', name, options: { preconditions, dryRun: dryRunOf(query, body) } };
}

function decodeDeleteCollection(query: URLSearchParams): Actions['deletecollection'] {
  const options = { labelSelector: query.get('labelSelector') ?? undefined, fieldSelector: query.get('fieldSelector') ?? undefined, dryRun: dryRunOf(query) };
  return { verb: 'deletecollection', options };
}

/**
 * Decodes the request for `target` into its action, reading the body where the verb has one.
 *
 * @example
 * ```ts
 * const action = await decodeAction(req, requestTarget(req.method ?? 'GET', path, query), query, { watchList: true });
 * ```
 */
export async function decodeAction(req: IncomingMessage, target: RequestTarget, query: URLSearchParams, features: ServerFeatures): Promise<Action> {
  switch (target.verb) {
    case 'get':
      return { verb: 'get', name: target.name, subresource: target.subresource, options: { format: formatOf(req, true) } };
    case 'list':
      return decodeList(req, query);
    case 'watch':
      return decodeWatch(req, query, target.name, features);
    case 'create':
      return decodeCreate(req, query);
    case 'update':
      return decodeUpdate(req, query, target.name, target.subresource);
    case 'patch':
      return decodePatch(req, query, target.name, target.subresource);
    case 'delete':
      return decodeDelete(req, query, target.name);
    case 'deletecollection':
      return decodeDeleteCollection(query);
  }
}
