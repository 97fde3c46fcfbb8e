/**
 * Field errors in the form of Kubernetes' `field.Error`, and their rendering into the `Invalid`
 * Status the API server answers with: the same cause reasons, value printing and aggregation.
 * @packageDocumentation
 */
import type { StatusCause } from '../../types/index.js';
import { EmulatorStatusError, statusErrors } from './errors.js';

/** The `reason` of a Status cause, one per kind of field error. */
export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueTypeInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueTooMany'
  | 'FieldValueTooLong'
  | 'FieldValueForbidden';

/** One problem with one field, like Go's `field.Error`. */
export interface FieldError {
  readonly type: FieldErrorType;
  /** The field path, e.g. `spec.images[0]`. */
  readonly field: string;
  /** The offending value, printed in the message; absent for types that never print one. */
  readonly value?: unknown | undefined;
  /** How the value is printed when Go prints it in a way JSON cannot say, e.g. `0x0` for an unsigned zero. */
  readonly printedValue?: string | undefined;
  /** What is wrong, e.g. `spec.imageCacheSize in body should be greater than or equal to 20`. */
  readonly detail?: string | undefined;
}

const TYPE_WORDS: Readonly<Record<FieldErrorType, string>> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueTypeInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueTooMany: 'Too many',
  FieldValueTooLong: 'Too long',
  FieldValueForbidden: 'Forbidden',
};

// Types whose message never shows the value, as in field.Error.ErrorBody.
const VALUELESS: ReadonlySet<FieldErrorType> = new Set(['FieldValueRequired', 'FieldValueForbidden', 'FieldValueTooLong']);

/** Prints a value as Go's `%v`/`%q`/`%#v` would for decoded JSON. */
function goValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[]interface {}{${value.map(goValue).join(', ')}}`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
  return `map[string]interface {}{${entries.map(([k, v]) => `${JSON.stringify(k)}:${goValue(v)}`).join(', ')}}`;
}

/**
 * The message of a field error without its field, e.g. `Invalid value: 10: ... should be greater than or equal to 20`.
 *
 * @example
 * ```ts
 * fieldErrorBody({ type: 'FieldValueRequired', field: 'spec.images' }); // 'Required value'
 * ```
 */
export function fieldErrorBody(error: FieldError): string {
  let text = TYPE_WORDS[error.type];
  if (!VALUELESS.has(error.type) && (error.printedValue !== undefined || 'value' in error)) {
    text += `: ${error.printedValue ?? goValue(error.value)}`;
  }
  if (error.detail) text += `: ${error.detail}`;
  return text;
}

/**
 * The 422 `Invalid` error for `errors`, worded as kube-apiserver words it: one error is quoted as
 * is, several are listed in brackets. `namedBy` says whether the message names the kind (schema
 * validation) or the resource (the registry's own update checks).
 *
 * @example
 * ```ts
 * throw invalidObjectError('web', [{ type: 'FieldValueRequired', field: 'spec.images' }]);
 * // ImageCache.eci.alibabacloud.com "web" is invalid: spec.images: Required value
 * ```
 */
export function invalidObjectError(name: string, errors: readonly FieldError[], namedBy: 'kind' | 'resource' = 'kind'): EmulatorStatusError {
  const causes: StatusCause[] = errors.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field }));
  const lines = [...new Set(errors.map((e) => `${e.field}: ${fieldErrorBody(e)}`))];
  const summary = lines.length === 1 ? lines[0]! : `[${lines.join(', ')}]`;
  return statusErrors.invalid(name, causes, summary, namedBy);
}

/**
 * The 422 for request options the server rejects before touching the object, e.g. `PatchOptions`
 * of an apply without its fieldManager.
 *
 * @example
 * ```ts
 * throw invalidOptionsError('PatchOptions', [{ type: 'FieldValueRequired', field: 'fieldManager', detail: 'is required for apply patch' }]);
 * // PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch
 * ```
 */
export function invalidOptionsError(kind: 'PatchOptions' | 'ListOptions', errors: readonly FieldError[]): EmulatorStatusError {
  const lines = errors.map((e) => `${e.field}: ${fieldErrorBody(e)}`);
  return new EmulatorStatusError({
    code: 422,
    reason: 'Invalid',
    message: `${kind}.meta.k8s.io "" is invalid: ${lines.length === 1 ? lines[0]! : `[${lines.join(', ')}]`}`,
    details: { group: 'meta.k8s.io', kind, causes: errors.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field })) },
  });
}
