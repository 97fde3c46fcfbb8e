/**
 * One handler per verb: each takes its decoded action, works on the store through field
 * ownership, and answers as kube-apiserver does. Modelled on client-go's `ObjectReaction`
 * (one reaction per verb over an `ObjectTracker`).
 * @packageDocumentation
 */
import type { ServerResponse } from 'node:http';
import type { ImageCache } from '../../types/index.js';
import { IMAGE_CACHE_API_GROUP, IMAGE_CACHE_API_VERSION, IMAGE_CACHE_LIST_KIND, IMAGE_CACHE_PLURAL } from '../../types/constants.js';
import type { Action, Actions } from './actions.js';
import { statusErrors } from './errors.js';
import { send, type ResponseFormat } from './http-io.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import type { ManagedFieldsStore } from './managed-fields-store.js';
import { applyJsonPatch, applyMergePatch } from './patch.js';
import { applyFieldValidation, checkNameMatches, decodeObject } from './request-options.js';
import { toTable } from './table.js';
import { serveWatch, type OpenWatches } from './watch-stream.js';

/** What every handler shares: the store and the server's settings. */
export interface VerbContext {
  readonly store: ManagedFieldsStore;
  /** The server's clock, for the ages in Table responses. */
  readonly now: () => Date;
  readonly bookmarkIntervalMs: number;
  readonly openWatches: OpenWatches;
}

type VerbHandler<V extends keyof Actions> = (action: Actions[V], res: ServerResponse, context: VerbContext) => Promise<void>;

function sendObject(
  res: ServerResponse,
  code: number,
  object: ImageCache,
  format: ResponseFormat,
  now: () => Date,
  warnings: readonly string[] = [],
): Promise<void> {
  const body =
    format.kind === 'table'
      ? toTable([object], { apiVersion: format.apiVersion, now: now(), metadata: { resourceVersion: object.metadata.resourceVersion ?? '' } })
      : object;
  return send(res, code, body, format, warnings.length > 0 ? { Warning: warnings } : {});
}

/**
 * A patched object made ready for an update: checked to be an ImageCache with the URL's name. A
 * resourceVersion in the patch is a precondition; without one, the patch applies to what is there.
 */
function patchedObject(patched: JsonValue, live: ImageCache, name: string): JsonObject {
  const object = decodeObject(patched, JSON.stringify(patched));
  const metadata = isJsonObject(object['metadata']) ? object['metadata'] : (object['metadata'] = {});
  if (!metadata['resourceVersion']) metadata['resourceVersion'] = live.metadata.resourceVersion ?? '';
  checkNameMatches(object, name);
  return object;
}

/** Server-side apply: 201 when it created the object. Field validation runs on what the apply formed. */
async function apply(action: Actions['patch'], configuration: JsonObject, res: ServerResponse, context: VerbContext): Promise<void> {
  const { name, subresource, options } = action;
  let warnings: string[] = [];
  const admit = (formed: JsonObject, live: ImageCache | undefined) => {
    const object = live ? patchedObject(formed, live, name) : formed;
    warnings = applyFieldValidation(object, options.fieldValidation);
    return object;
  };
  const applyOptions = { dryRun: options.dryRun, subresource, manager: options.fieldManager, force: options.force };
  const result = context.store.apply(name, configuration, applyOptions, admit);
  await sendObject(res, result.created ? 201 : 200, result.object, options.format, context.now, warnings);
}

/** A PATCH: an apply goes to {@link apply}; a merge or JSON patch changes the live object, stored as an update by the patch's manager. */
async function patch(action: Actions['patch'], res: ServerResponse, context: VerbContext): Promise<void> {
  const { name, subresource, options, body } = action;
  if (body.kind === 'apply') return apply(action, body.configuration, res, context);
  const live = context.store.find(name);
  // An ImageCache is always a JSON object; the check says so to the type system.
  if (!live || !isJsonObject(live)) throw statusErrors.notFound(name);
  const patched = body.kind === 'merge' ? applyMergePatch(live, body.patch) : applyJsonPatch(live, body.patch);
  const object = patchedObject(patched, live, name);
  const warnings = applyFieldValidation(object, options.fieldValidation);
  const updated = context.store.update(name, object, { dryRun: options.dryRun, subresource, manager: options.fieldManager });
  await sendObject(res, 200, updated, options.format, context.now, warnings);
}

async function list({ options }: Actions['list'], res: ServerResponse, context: VerbContext): Promise<void> {
  const { format } = options;
  const result = context.store.list(options);
  const body =
    format.kind === 'table'
      ? toTable(result.items, { apiVersion: format.apiVersion, now: context.now(), includeObject: options.includeObject(), metadata: result.metadata })
      : result;
  await send(res, 200, body, format);
}

async function remove({ name, options }: Actions['delete'], res: ServerResponse, context: VerbContext): Promise<void> {
  const result = context.store.delete(name, options);
  if (!result.deleted) return send(res, 200, result.object);
  const details = { name, group: IMAGE_CACHE_API_GROUP, kind: IMAGE_CACHE_PLURAL, uid: result.object.metadata.uid };
  await send(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details });
}

async function removeCollection({ options }: Actions['deletecollection'], res: ServerResponse, context: VerbContext): Promise<void> {
  const items = context.store.deleteCollection(options);
  await send(res, 200, {
    apiVersion: IMAGE_CACHE_API_VERSION,
    kind: IMAGE_CACHE_LIST_KIND,
    metadata: { resourceVersion: context.store.inner.resourceVersion },
    items,
  });
}

/** The handler of each verb. A new verb gets its action in `Actions` and its handler here. */
export const VERB_HANDLERS: { readonly [V in keyof Actions]: VerbHandler<V> } = {
  get: async ({ name, options }, res, context) => sendObject(res, 200, context.store.get(name), options.format, context.now),
  list,
  watch: async ({ options }, res, context) => {
    serveWatch(res, context.store.inner, { ...options, bookmarkIntervalMs: context.bookmarkIntervalMs, now: context.now }, context.openWatches);
  },
  create: async ({ options, body }, res, context) => {
    const created = context.store.create(body.object, { dryRun: options.dryRun, manager: options.fieldManager });
    return sendObject(res, 201, created, options.format, context.now, body.warnings);
  },
  update: async ({ name, subresource, options, body }, res, context) => {
    const updated = context.store.update(name, body.object, { dryRun: options.dryRun, subresource, manager: options.fieldManager });
    return sendObject(res, 200, updated, options.format, context.now, body.warnings);
  },
  patch,
  delete: remove,
  deletecollection: removeCollection,
};

/**
 * Runs `action` through its verb's handler.
 *
 * @example
 * ```ts
 * await serveAction(await decodeAction(req, target, query, { watchList: true }), res, context);
 * ```
 */
export function serveAction(action: Action, res: ServerResponse, context: VerbContext): Promise<void> {
  return runVerb(action.verb, action, res, context);
}

// Generic over the verb so the table's entry and the action are typed together.
function runVerb<V extends keyof Actions>(verb: V, action: Actions[V], res: ServerResponse, context: VerbContext): Promise<void> {
  const handler: VerbHandler<V> = VERB_HANDLERS[verb];
  return handler(action, res, context);
}
