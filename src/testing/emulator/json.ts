/**
 * Plain-JSON helpers for the emulator: objects are kept as decoded JSON, the way an API server
 * keeps a custom resource as unstructured content.
 * @packageDocumentation
 */
import { isRecord } from '../../is-record.js';

/** A value that survives `JSON.stringify` and `JSON.parse` unchanged. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * True when `value` is a plain JSON object (not an array, not null).
 *
 * @example
 * ```ts
 * isJsonObject({ a: 1 }); // true
 * isJsonObject([1]); // false
 * ```
 */
export function isJsonObject(value: unknown): value is JsonObject {
  return isRecord(value);
}

/**
 * The value of an own property of `object`, never one inherited: a key such as `__proto__` or
 * `constructor` in a request is data like any other, not a way into the prototype chain.
 *
 * @example
 * ```ts
 * ownValue({}, 'constructor'); // undefined
 * ```
 */
export function ownValue(object: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/**
 * Sets `key` as an own data property of `object`. Plain assignment of `__proto__` would call the
 * prototype setter instead of storing data.
 *
 * @example
 * ```ts
 * const object: JsonObject = {};
 * setOwn(object, '__proto__', { polluted: true }); // an own key; Object.prototype is untouched
 * ```
 */
export function setOwn(object: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Structural equality of two JSON values; key order does not matter.
 *
 * @example
 * ```ts
 * jsonEqual({ a: [1, 2] }, { a: [1, 2] }); // true
 * ```
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keysA = Object.keys(a).filter((k) => a[k] !== undefined);
    const keysB = Object.keys(b).filter((k) => b[k] !== undefined);
    return keysA.length === keysB.length && keysA.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * A deep copy of a JSON value, so callers never share state with the store.
 *
 * @example
 * ```ts
 * const copy = cloneJson({ spec: { images: ['nginx'] } });
 * ```
 */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}

/**
 * The JSON type name of a value, as Kubernetes' OpenAPI validation words it: `integer` for whole
 * numbers, `number` for others.
 *
 * @example
 * ```ts
 * jsonTypeOf(20); // 'integer'
 * jsonTypeOf('20'); // 'string'
 * ```
 */
export function jsonTypeOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
