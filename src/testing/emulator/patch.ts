/**
 * The PATCH formats an API server accepts for a custom resource: JSON merge patch (RFC 7386),
 * JSON patch (RFC 6902) and server-side apply, simplified to a merge (see README-section.md).
 * Strategic merge patch is refused with 415, as a real server refuses it for custom resources.
 * @packageDocumentation
 */
import { EmulatorStatusError, statusErrors } from './errors.js';
import { cloneJson, isJsonObject, jsonEqual, ownValue, setOwn, type JsonObject, type JsonValue } from './json.js';

/** The PATCH content types, by what they mean. */
export const PATCH_CONTENT_TYPES = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
  strategic: 'application/strategic-merge-patch+json',
} as const;

/** The kind of a PATCH request. */
export type PatchKind = keyof typeof PATCH_CONTENT_TYPES;

/** The media types a CRD accepts for PATCH, listed in the 415 answer. */
export const ACCEPTED_PATCH_TYPES = [PATCH_CONTENT_TYPES.json, PATCH_CONTENT_TYPES.merge, PATCH_CONTENT_TYPES.apply] as const;

/**
 * The patch kind a Content-Type names. Throws 415 for strategic merge (custom resources do not
 * support it) and for anything else.
 *
 * @example
 * ```ts
 * patchKindOf('application/merge-patch+json; charset=utf-8'); // 'merge'
 * ```
 */
export function patchKindOf(contentType: string | undefined): Exclude<PatchKind, 'strategic'> {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const found = (Object.keys(PATCH_CONTENT_TYPES) as PatchKind[]).find((kind) => PATCH_CONTENT_TYPES[kind] === mediaType);
  if (!found || found === 'strategic') throw statusErrors.unsupportedMediaType(ACCEPTED_PATCH_TYPES);
  return found;
}

/**
 * Applies an RFC 7386 JSON merge patch as the API server does (evanphx/json-patch): objects
 * merge and `null` removes a key; a value that is added, or that replaces a non-object, first has
 * its own null-valued keys dropped at every depth (null array elements stay). So a patch cannot
 * store `{ "eventTime": null }` inside a new list entry; a PUT can.
 *
 * @example
 * ```ts
 * applyMergePatch({ spec: { images: ['a'], retentionDays: 1 } }, { spec: { retentionDays: null } }); // { spec: { images: ['a'] } }
 * applyMergePatch({ status: {} }, { status: { events: [{ reason: 'x', eventTime: null }] } }); // { status: { events: [{ reason: 'x' }] } }
 * ```
 */
export function applyMergePatch(target: JsonValue, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const result: JsonObject = isJsonObject(target) ? cloneJson(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    const current = ownValue(result, key);
    if (value === null) delete result[key];
    else if (isJsonObject(current) && isJsonObject(value)) setOwn(result, key, applyMergePatch(current, value));
    // An object replaced by a non-object is taken as sent, nulls and all: the library does not prune there.
    else if (isJsonObject(current)) setOwn(result, key, cloneJson(value));
    else setOwn(result, key, withoutNulls(value));
  }
  return result;
}

/** A copy of `value` without null-valued object keys, at any depth; null array elements are kept. */
function withoutNulls(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map((item) => (item === null ? null : withoutNulls(item)));
  if (!isJsonObject(value)) return value;
  const result: JsonObject = {};
  for (const [key, child] of Object.entries(value)) if (child !== null) setOwn(result, key, withoutNulls(child));
  return result;
}

/** One RFC 6902 operation. */
interface JsonPatchOperation {
  readonly op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  readonly path: string;
  readonly from?: string | undefined;
  readonly value?: JsonValue | undefined;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPatchError(`invalid JSON pointer ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A JSON patch that cannot be applied; the server answers 422 with its message. */
class JsonPatchError extends Error {}

function arrayIndex(container: JsonValue[], token: string, forInsert: boolean): number {
  if (forInsert && token === '-') return container.length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw new JsonPatchError(`Unable to access invalid index: ${token}`);
  const index = Number(token);
  if (index > container.length || (!forInsert && index === container.length)) {
    throw new JsonPatchError(`Unable to access invalid index: ${index}`);
  }
  return index;
}

function parentOf(document: JsonValue, tokens: readonly string[], path: string): JsonValue {
  let node = document;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node)) node = node[arrayIndex(node, token, false)]!;
    else if (isJsonObject(node) && Object.hasOwn(node, token)) node = node[token]!;
    else throw new JsonPatchError(`doc is missing path: "${path}": missing value`);
  }
  return node;
}

function getAt(document: JsonValue, path: string): JsonValue {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return document;
  const parent = parentOf(document, tokens, path);
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) return parent[arrayIndex(parent, last, false)]!;
  if (isJsonObject(parent) && Object.hasOwn(parent, last)) return parent[last]!;
  throw new JsonPatchError(`doc is missing path: "${path}": missing value`);
}

function removeAt(document: JsonValue, path: string): JsonValue {
  const tokens = parsePointer(path);
  const parent = parentOf(document, tokens, path);
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, last, false), 1)[0]!;
  if (isJsonObject(parent) && Object.hasOwn(parent, last)) {
    const value = parent[last]!;
    delete parent[last];
    return value;
  }
  throw new JsonPatchError(`Unable to remove nonexistent key: ${last}: missing value`);
}

function addAt(document: JsonValue, path: string, value: JsonValue, replace: boolean): JsonValue {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const parent = parentOf(document, tokens, path);
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) {
    if (replace) parent[arrayIndex(parent, last, false)] = value;
    else parent.splice(arrayIndex(parent, last, true), 0, value);
  } else if (isJsonObject(parent)) {
    if (replace && !Object.hasOwn(parent, last)) throw new JsonPatchError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
    setOwn(parent, last, value);
  } else throw new JsonPatchError(`doc is missing path: "${path}": missing value`);
  return document;
}

function parseOperations(patch: unknown): JsonPatchOperation[] {
  if (!Array.isArray(patch)) throw statusErrors.badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  return patch.map((raw) => {
    if (!isJsonObject(raw) || typeof raw['op'] !== 'string' || typeof raw['path'] !== 'string') {
      throw statusErrors.badRequest('the server rejected our request due to an error in our request');
    }
    if (!['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(raw['op'])) {
      throw new EmulatorStatusError({ code: 422, reason: 'Invalid', message: `Unexpected kind: ${raw['op']}` });
    }
    return raw as unknown as JsonPatchOperation;
  });
}

/**
 * Applies an RFC 6902 JSON patch. A syntactically bad patch is a 400; one that does not apply
 * (a failed `test`, a missing path) is a 422, as on a real server.
 *
 * @example
 * ```ts
 * applyJsonPatch({ spec: { images: ['a'] } }, [{ op: 'add', path: '/spec/images/-', value: 'b' }]); // { spec: { images: ['a', 'b'] } }
 * ```
 */
export function applyJsonPatch(target: JsonValue, patch: unknown): JsonValue {
  const operations = parseOperations(patch);
  let document = cloneJson(target);
  try {
    for (const operation of operations) {
      switch (operation.op) {
        case 'add':
          document = addAt(document, operation.path, cloneJson(operation.value ?? null), false);
          break;
        case 'replace':
          document = addAt(document, operation.path, cloneJson(operation.value ?? null), true);
          break;
        case 'remove':
          removeAt(document, operation.path);
          break;
        case 'move': {
          const value = removeAt(document, operation.from ?? '');
          document = addAt(document, operation.path, value, false);
          break;
        }
        case 'copy':
          document = addAt(document, operation.path, cloneJson(getAt(document, operation.from ?? '')), false);
          break;
        case 'test':
          if (!jsonEqual(getAt(document, operation.path), operation.value ?? null)) {
            throw new JsonPatchError(`testing value ${operation.path} failed: test failed`);
          }
          break;
      }
    }
  } catch (error) {
    // The server answers a patch that does not apply without saying why; so does the emulator.
    if (error instanceof JsonPatchError) throw statusErrors.patchNotApplicable();
    throw error;
  }
  return document;
}

/**
 * Server-side apply, simplified: the applied configuration is merged into the live object
 * (maps merge, lists and scalars replace). Field ownership is not tracked, so a field dropped from
 * a later apply is kept, and conflicts between managers are never reported.
 *
 * @example
 * ```ts
 * applyConfiguration(live, { apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCache', metadata: { name: 'web' }, spec: { retentionDays: 7 } });
 * ```
 */
export function applyConfiguration(live: JsonValue, configuration: JsonValue): JsonValue {
  if (!isJsonObject(configuration) || !isJsonObject(live)) return cloneJson(configuration);
  const result = cloneJson(live);
  for (const [key, value] of Object.entries(configuration)) {
    setOwn(result, key, applyConfiguration(ownValue(result, key) ?? null, value));
  }
  return result;
}
