/**
 * The options of a request as kube-apiserver reads them from the query and body, each with the
 * server's 400 (or 422) for a bad value. Pure: they take the query and return data.
 * @packageDocumentation
 */
import type { IncomingMessage } from 'node:http';
import { IMAGE_CACHE_API_VERSION, IMAGE_CACHE_KIND } from '../../types/constants.js';
import { statusErrors } from './errors.js';
import { invalidOptionsError } from './field-errors.js';
import { isJsonObject, jsonTypeOf, ownValue, type JsonObject } from './json.js';
import type { PatchKind } from './patch.js';
import type { IncludeObject } from './table.js';
import { objectMetaDecodeProblem, pruneUnknownFields } from './validation.js';

/** How unknown fields in a written object are answered: dropped, dropped with warnings, or a 400. */
export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

/** The `fieldValidation` parameter; `Warn` when absent. */
export function fieldValidationOf(query: URLSearchParams): FieldValidation {
  const value = query.get('fieldValidation') ?? 'Warn';
  if (value === 'Ignore' || value === 'Warn' || value === 'Strict') return value;
  throw statusErrors.badRequest(`fieldValidation parameter unsupported: ${JSON.stringify(value)}, supported values are: "Ignore", "Warn", or "Strict"`);
}

/** True for `dryRun=All`, given in the query or (for a delete) in the DeleteOptions body. */
export function dryRunOf(query: URLSearchParams, body?: JsonObject): boolean {
  const fromBody = body ? ownValue(body, 'dryRun') : undefined;
  const values = [...query.getAll('dryRun'), ...(Array.isArray(fromBody) ? fromBody.map(String) : [])];
  for (const value of values) {
    if (value !== 'All') throw statusErrors.badRequest(`dryRun: Unsupported value: ${JSON.stringify(value)}: supported values: "All"`);
  }
  return values.length > 0;
}

/** An integer parameter; absent or empty is undefined. */
export function integerParam(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null || text === '') return undefined;
  if (!/^-?\d+$/.test(text)) throw statusErrors.badRequest(`${name}: Invalid value: ${JSON.stringify(text)}: must be an integer`);
  return Number(text);
}

/** The `includeObject` parameter of a Table response; `Metadata` when absent. */
export function includeObjectOf(query: URLSearchParams): IncludeObject {
  const value = query.get('includeObject') ?? 'Metadata';
  if (value === 'None' || value === 'Metadata' || value === 'Object') return value;
  throw statusErrors.badRequest(`includeObject: Unsupported value: ${JSON.stringify(value)}: supported values: "None", "Metadata", "Object"`);
}

/** True for a boolean parameter given as `true` or `1`, as the server's query decoder reads them. */
export function booleanParam(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  return value === 'true' || value === '1';
}

/** Checks what a body must be before it can be an ImageCache: an object of this kind and version. */
export function decodeObject(value: unknown, text: string): JsonObject {
  if (!isJsonObject(value)) {
    throw statusErrors.badRequest(
      `couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonTypeOf(value)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
    );
  }
  if (typeof value['kind'] !== 'string' || value['kind'] === '') throw statusErrors.badRequest(`Object 'Kind' is missing in '${text.trim()}'`);
  if (typeof value['apiVersion'] !== 'string' || value['apiVersion'] === '')
    throw statusErrors.badRequest(`Object 'apiVersion' is missing in '${text.trim()}'`);
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

/** Throws the server's 400 when the object's name is not the one on the URL (PUT, apply, patched objects). */
export function checkNameMatches(object: JsonObject, name: string): void {
  const metadata = isJsonObject(object['metadata']) ? object['metadata'] : {};
  if (metadata['name'] !== name) {
    throw statusErrors.badRequest(`the name of the object (${String(metadata['name'] ?? '')}) does not match the name on the URL (${name})`);
  }
}

/**
 * The field manager of a write: the `fieldManager` parameter, else the User-Agent up to its first
 * `/` (`kubectl-client-side-apply/v1.32` is `kubectl-client-side-apply`), else `unknown`.
 */
export function fieldManagerOf(req: IncomingMessage, query: URLSearchParams): string {
  const given = query.get('fieldManager');
  if (given) return given;
  const agent = (req.headers['user-agent'] ?? '').split('/')[0]!.trim();
  return agent ? agent.slice(0, 128) : 'unknown';
}

/** Checks the patch options the server validates before anything else: `force` is for apply only, which needs a manager. */
export function checkPatchOptions(kind: Exclude<PatchKind, 'strategic'>, query: URLSearchParams): void {
  const force = query.get('force');
  if (kind !== 'apply' && force !== null) {
    throw invalidOptionsError('PatchOptions', [{ type: 'FieldValueForbidden', field: 'force', detail: 'may not be specified for non-apply patch' }]);
  }
  if (kind === 'apply' && !query.get('fieldManager')) {
    throw invalidOptionsError('PatchOptions', [{ type: 'FieldValueRequired', field: 'fieldManager', detail: 'is required for apply patch' }]);
  }
}

/** Prunes unknown fields by the field validation mode; returns the Warning headers to send (a 400 when Strict). */
export function applyFieldValidation(object: JsonObject, mode: FieldValidation): string[] {
  const unknown = pruneUnknownFields(object);
  if (unknown.length === 0 || mode === 'Ignore') return [];
  const messages = unknown.map((path) => `unknown field ${JSON.stringify(path)}`);
  if (mode === 'Strict')
    throw statusErrors.badRequest(
      `${IMAGE_CACHE_KIND} in version "v1" cannot be handled as a ${IMAGE_CACHE_KIND}: strict decoding error: ${messages.join(', ')}`,
    );
  return messages.map((message) => `299 - ${JSON.stringify(message)}`);
}
