/**
 * The checks the API server applies to an ImageCache: pruning of unknown fields, ObjectMeta
 * validation and the CRD's OpenAPI schema, each reported with the server's wording.
 *
 * The emulator validates by the CRD (what a real cluster enforces), not by the SDK's stricter
 * `validateImageCache`: a real cluster accepts e.g. an image name longer than ECI's 255 characters,
 * and so does the emulator, so the client's own validation is what stops it.
 * @packageDocumentation
 */
import { MAX_OBJECT_NAME_LENGTH } from '../../types/constants.js';
import { IMAGE_CACHE_CRD_SCHEMA, type StructuralSchema } from './crd-schema.js';
import type { FieldError } from './field-errors.js';
import { isJsonObject, jsonTypeOf, type JsonObject } from './json.js';
import { OBJECT_META_FIELDS } from './object-meta.js';

const childPath = (parent: string, key: string) => (parent ? `${parent}.${key}` : key);

function pruneNode(value: unknown, schema: StructuralSchema, path: string, pruned: string[]): void {
  if (schema.type === 'array' && Array.isArray(value) && schema.items) {
    value.forEach((item, i) => pruneNode(item, schema.items!, `${path}[${i}]`, pruned));
    return;
  }
  if (schema.type !== 'object' || !isJsonObject(value)) return;
  if (path === 'metadata') {
    for (const key of Object.keys(value)) {
      if (!OBJECT_META_FIELDS.has(key)) {
        pruned.push(childPath(path, key));
        delete value[key];
      }
    }
    return;
  }
  if (!schema.properties) return;
  for (const key of Object.keys(value)) {
    // Own properties only: `__proto__` or `constructor` in a body is an unknown field, pruned like any other.
    const child = Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
    if (child) pruneNode(value[key], child, childPath(path, key), pruned);
    else {
      pruned.push(childPath(path, key));
      delete value[key];
    }
  }
}

/**
 * Removes fields the CRD does not declare, as the API server prunes them, and returns their paths
 * (for the `Warn` and `Strict` field validation modes).
 *
 * @example
 * ```ts
 * const object = { apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCache', metadata: { name: 'a' }, spec: { images: ['nginx'], size: 3 } };
 * pruneUnknownFields(object); // ['spec.size'], and object.spec.size is gone
 * ```
 */
export function pruneUnknownFields(object: JsonObject): string[] {
  const pruned: string[] = [];
  pruneNode(object, IMAGE_CACHE_CRD_SCHEMA, '', pruned);
  return pruned;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const patternCache = new Map<string, RegExp>();
const regexp = (pattern: string) => {
  let compiled = patternCache.get(pattern);
  if (!compiled) patternCache.set(pattern, (compiled = new RegExp(pattern, 'u')));
  return compiled;
};

function hasType(value: unknown, type: StructuralSchema['type']): boolean {
  switch (type) {
    case 'object':
      return isJsonObject(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === type;
  }
}

/**
 * `path` names the field in causes; `shown` is how the message names it ("... in body"), which
 * differs when the server validated a part of the object on its own (the status subresource).
 */
function validateNode(value: unknown, schema: StructuralSchema, path: string, errors: FieldError[], shown: (path: string) => string): void {
  if (value === null && schema.nullable) return;
  if (!hasType(value, schema.type)) {
    const actual = jsonTypeOf(value);
    errors.push({ type: 'FieldValueTypeInvalid', field: path, value: actual, detail: `${shown(path)} in body must be of type ${schema.type}: "${actual}"` });
    return;
  }
  if (typeof value === 'string') {
    if (schema.format === 'date-time' && !DATE_TIME.test(value)) {
      errors.push({ type: 'FieldValueTypeInvalid', field: path, value, detail: `${shown(path)} in body must be of type date-time: ${JSON.stringify(value)}` });
    }
    if (schema.maxLength !== undefined && Buffer.byteLength(value) > schema.maxLength) {
      errors.push({ type: 'FieldValueTooLong', field: path, detail: `may not be more than ${schema.maxLength} bytes` });
    }
    if (schema.minLength !== undefined && [...value].length < schema.minLength) {
      errors.push({ type: 'FieldValueInvalid', field: path, value, detail: `${shown(path)} in body should be at least ${schema.minLength} chars long` });
    }
    if (schema.pattern !== undefined && !regexp(schema.pattern).test(value)) {
      errors.push({ type: 'FieldValueInvalid', field: path, value, detail: `${shown(path)} in body should match '${schema.pattern}'` });
    }
    if (schema.not && regexp(schema.not.pattern).test(value)) {
      errors.push({ type: 'FieldValueInvalid', field: path, value, detail: `${shown(path)} in body must not validate the schema (not)` });
    }
  } else if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) {
      errors.push({ type: 'FieldValueInvalid', field: path, value, detail: `${shown(path)} in body should be greater than or equal to ${schema.minimum}` });
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      errors.push({ type: 'FieldValueInvalid', field: path, value, detail: `${shown(path)} in body should be less than or equal to ${schema.maximum}` });
    }
  } else if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      errors.push({
        type: 'FieldValueInvalid',
        field: path,
        value: value.length,
        detail: `${shown(path)} in body should have at least ${schema.minItems} items`,
      });
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      errors.push({ type: 'FieldValueTooMany', field: path, value: value.length, detail: `must have at most ${schema.maxItems} items` });
    }
    if (schema.items) value.forEach((item, i) => validateNode(item, schema.items!, `${path}[${i}]`, errors, shown));
  } else if (isJsonObject(value)) {
    for (const key of schema.required ?? []) {
      if (!Object.hasOwn(value, key) || value[key] === undefined) errors.push({ type: 'FieldValueRequired', field: childPath(path, key) });
    }
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      // ObjectMeta is checked by validateObjectMeta, as the server checks it apart from the schema.
      if (path === '' && key === 'metadata') continue;
      if (value[key] !== undefined) validateNode(value[key], child, childPath(path, key), errors, shown);
    }
  }
}

const DNS1123_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(?:(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const QUALIFIED_NAME_MESSAGE =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MESSAGE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/**
 * Problems of a label or annotation key (a qualified name), in apimachinery's words.
 *
 * @example
 * ```ts
 * qualifiedNameProblems('example.com/team'); // []
 * qualifiedNameProblems('bad key'); // ["name part must consist of alphanumeric characters, ..."]
 * ```
 */
export function qualifiedNameProblems(key: string): string[] {
  const problems: string[] = [];
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    if (prefix.length === 0) problems.push('prefix part must be non-empty');
    else {
      if (prefix.length > MAX_OBJECT_NAME_LENGTH) problems.push(`prefix part must be no more than ${MAX_OBJECT_NAME_LENGTH} characters`);
      if (!DNS1123_SUBDOMAIN.test(prefix)) problems.push(`prefix part ${DNS1123_SUBDOMAIN_MESSAGE}`);
    }
  }
  if (name.length === 0) problems.push('name part must be non-empty');
  else {
    if (name.length > 63) problems.push('name part must be no more than 63 characters');
    if (!QUALIFIED_NAME_PART.test(name)) problems.push(QUALIFIED_NAME_MESSAGE);
  }
  return problems;
}

function validateObjectMeta(metadata: JsonObject, errors: FieldError[]): void {
  const name = metadata['name'];
  if (typeof name !== 'string' || name === '') {
    errors.push({ type: 'FieldValueRequired', field: 'metadata.name', detail: 'name or generateName is required' });
  } else {
    if (name.length > MAX_OBJECT_NAME_LENGTH)
      errors.push({ type: 'FieldValueInvalid', field: 'metadata.name', value: name, detail: `must be no more than ${MAX_OBJECT_NAME_LENGTH} characters` });
    if (!DNS1123_SUBDOMAIN.test(name)) errors.push({ type: 'FieldValueInvalid', field: 'metadata.name', value: name, detail: DNS1123_SUBDOMAIN_MESSAGE });
  }
  const labels = metadata['labels'];
  if (isJsonObject(labels)) {
    for (const [key, value] of Object.entries(labels)) {
      for (const problem of qualifiedNameProblems(key)) errors.push({ type: 'FieldValueInvalid', field: 'metadata.labels', value: key, detail: problem });
      if (typeof value === 'string') {
        if (value.length > 63) errors.push({ type: 'FieldValueInvalid', field: 'metadata.labels', value, detail: 'must be no more than 63 characters' });
        if (!LABEL_VALUE.test(value)) errors.push({ type: 'FieldValueInvalid', field: 'metadata.labels', value, detail: LABEL_VALUE_MESSAGE });
      }
    }
  }
  const annotations = metadata['annotations'];
  if (isJsonObject(annotations)) {
    for (const key of Object.keys(annotations)) {
      for (const problem of qualifiedNameProblems(key.toLowerCase()))
        errors.push({ type: 'FieldValueInvalid', field: 'metadata.annotations', value: key, detail: problem });
    }
  }
}

/**
 * Every problem the API server would report for `object`: ObjectMeta first, then the CRD schema.
 * `object` is expected to be pruned already; `subresource: 'status'` words the messages as a
 * status write's are worded.
 *
 * @example
 * ```ts
 * validateStoredObject({ apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCache', metadata: { name: 'a' }, spec: { images: [] } });
 * // [{ type: 'FieldValueInvalid', field: 'spec.images', value: 0, detail: 'spec.images in body should have at least 1 items' }]
 * ```
 */
export function validateStoredObject(object: JsonObject, options: { readonly subresource?: 'status' } = {}): FieldError[] {
  const errors: FieldError[] = [];
  validateObjectMeta(isJsonObject(object['metadata']) ? object['metadata'] : {}, errors);
  // A status write is validated against the status schema alone: its messages say `phase in
  // body`, not `status.phase in body`, while the causes keep the full path.
  const shown = options.subresource === 'status' ? (path: string) => path.replace(/^status\./, '') : (path: string) => path;
  validateNode(object, IMAGE_CACHE_CRD_SCHEMA, '', errors, shown);
  return errors;
}

/**
 * Why `metadata` cannot be decoded into an ObjectMeta (a 400 on a real server, before any
 * validation), or undefined when it can.
 *
 * @example
 * ```ts
 * objectMetaDecodeProblem({ labels: { a: 1 } }); // 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string'
 * ```
 */
export function objectMetaDecodeProblem(metadata: unknown): string | undefined {
  if (metadata === undefined) return undefined;
  if (!isJsonObject(metadata)) return `json: cannot unmarshal ${jsonTypeOf(metadata)} into Go struct field ImageCache.metadata of type v1.ObjectMeta`;
  const goType = (value: unknown) => (jsonTypeOf(value) === 'integer' ? 'number' : jsonTypeOf(value));
  for (const field of ['labels', 'annotations'] as const) {
    const map = metadata[field];
    if (map === undefined || map === null) continue;
    if (!isJsonObject(map)) return `json: cannot unmarshal ${goType(map)} into Go struct field ObjectMeta.metadata.${field} of type map[string]string`;
    for (const value of Object.values(map)) {
      if (typeof value !== 'string') return `json: cannot unmarshal ${goType(value)} into Go struct field ObjectMeta.metadata.${field} of type string`;
    }
  }
  for (const field of ['name', 'generateName', 'uid', 'resourceVersion'] as const) {
    const value = metadata[field];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      return `json: cannot unmarshal ${goType(value)} into Go struct field ObjectMeta.metadata.${field} of type string`;
    }
  }
  const finalizers = metadata['finalizers'];
  if (finalizers !== undefined && finalizers !== null && (!Array.isArray(finalizers) || finalizers.some((f) => typeof f !== 'string'))) {
    return 'json: cannot unmarshal into Go struct field ObjectMeta.metadata.finalizers of type []string';
  }
  return undefined;
}
