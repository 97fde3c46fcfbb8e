/**
 * Failures as the Kubernetes API server reports them: a `Status` object with the real server's
 * reason, code and wording, carried by an error class so the store can throw and the HTTP layer
 * can answer with it unchanged.
 * @packageDocumentation
 */
import { EciImageCacheError, isErrorOf } from '../../errors/base.js';
import type { Status, StatusCause } from '../../types/index.js';
import { IMAGE_CACHE_API_GROUP, IMAGE_CACHE_KIND, IMAGE_CACHE_PLURAL } from '../../types/constants.js';

/** `imagecaches.eci.alibabacloud.com`: how the server names the resource in its messages. */
export const QUALIFIED_RESOURCE = `${IMAGE_CACHE_PLURAL}.${IMAGE_CACHE_API_GROUP}`;
/** `ImageCache.eci.alibabacloud.com`: how the server names the kind in validation messages. */
export const QUALIFIED_KIND = `${IMAGE_CACHE_KIND}.${IMAGE_CACHE_API_GROUP}`;

/** A `Status` with the fields every failure has. */
export type FailureStatus = Status & {
  /** Always `Status`. */
  kind: 'Status';
  /** Always `v1`. */
  apiVersion: 'v1';
  /** Always `Failure`. */
  status: 'Failure';
  /** The HTTP status code the response carries, e.g. 404. */
  code: number;
  /** The machine-readable reason, e.g. `NotFound`. */
  reason: string;
  /** The message, worded as the real API server words it. */
  message: string;
};

/** An error the emulator answers with: `status` is the exact body, `status.code` the HTTP status. */
export class EmulatorStatusError extends EciImageCacheError {
  /** Always `'EmulatorStatusError'`. */
  override readonly name = 'EmulatorStatusError';
  /** The Kubernetes `Status` sent as the response body. */
  readonly status: FailureStatus;

  /** `status` gives the code, reason, message and details; kind, apiVersion and `status: 'Failure'` are filled in, `metadata` defaults to `{}`. */
  constructor(status: Omit<FailureStatus, 'kind' | 'apiVersion' | 'status' | 'metadata'>, metadata: NonNullable<Status['metadata']> = {}) {
    super(status.message);
    this.status = { kind: 'Status', apiVersion: 'v1', metadata, status: 'Failure', ...status };
  }

  /** The HTTP status code. */
  get code(): number {
    return this.status.code;
  }

  /** The machine-readable reason, e.g. `NotFound`. */
  get reason(): string {
    return this.status.reason;
  }
}

/**
 * True when `value` is an {@link EmulatorStatusError}.
 *
 * @example
 * ```ts
 * try { store.get('missing'); } catch (err) { if (isEmulatorStatusError(err)) console.log(err.status.reason); }
 * ```
 */
export function isEmulatorStatusError(value: unknown): value is EmulatorStatusError {
  return isErrorOf(value, EmulatorStatusError);
}

const resourceDetails = (name: string) => ({ name, group: IMAGE_CACHE_API_GROUP, kind: IMAGE_CACHE_PLURAL });
const CONFLICT_MODIFIED = 'the object has been modified; please apply your changes to the latest version and try again';

/**
 * Builders for the failures the emulator reports, worded as kube-apiserver words them.
 *
 * @example
 * ```ts
 * throw statusErrors.notFound('web'); // 404: imagecaches.eci.alibabacloud.com "web" not found
 * ```
 */
export const statusErrors = {
  notFound: (name: string) =>
    new EmulatorStatusError({ code: 404, reason: 'NotFound', message: `${QUALIFIED_RESOURCE} "${name}" not found`, details: resourceDetails(name) }),
  alreadyExists: (name: string) =>
    new EmulatorStatusError({ code: 409, reason: 'AlreadyExists', message: `${QUALIFIED_RESOURCE} "${name}" already exists`, details: resourceDetails(name) }),
  conflict: (name: string, why: string = CONFLICT_MODIFIED) =>
    new EmulatorStatusError({
      code: 409,
      reason: 'Conflict',
      message: `Operation cannot be fulfilled on ${QUALIFIED_RESOURCE} "${name}": ${why}`,
      details: resourceDetails(name),
    }),
  /**
   * 422 Invalid. Schema and ObjectMeta validation name the kind (`ImageCache.eci.alibabacloud.com`);
   * the update checks of the generic registry (a missing resourceVersion) name the resource.
   * An empty name is left out of the details, as Go's omitempty leaves it out.
   */
  invalid: (name: string, causes: readonly StatusCause[], summary: string, namedBy: 'kind' | 'resource' = 'kind') =>
    new EmulatorStatusError({
      code: 422,
      reason: 'Invalid',
      message: `${namedBy === 'kind' ? QUALIFIED_KIND : QUALIFIED_RESOURCE} "${name}" is invalid: ${summary}`,
      details: {
        ...(name ? { name } : {}),
        group: IMAGE_CACHE_API_GROUP,
        kind: namedBy === 'kind' ? IMAGE_CACHE_KIND : IMAGE_CACHE_PLURAL,
        causes: [...causes],
      },
    }),
  /** 409 from a delete precondition, worded by the storage layer, which names the kind. */
  preconditionFailed: (name: string, field: 'UID' | 'ResourceVersion', given: string, actual: string) =>
    new EmulatorStatusError({
      code: 409,
      reason: 'Conflict',
      message:
        `Operation cannot be fulfilled on ${QUALIFIED_KIND} "${name}": the ${field} in the precondition (${given}) does not match the ${field} in record (${actual}). ` +
        `The object might have been ${field === 'UID' ? 'deleted and then recreated' : 'modified'}`,
      details: { name, group: IMAGE_CACHE_API_GROUP, kind: IMAGE_CACHE_KIND },
    }),
  /** 422 for a JSON Patch that does not apply: the server does not say why. */
  patchNotApplicable: () =>
    new EmulatorStatusError({ code: 422, reason: 'Invalid', message: 'the server rejected our request due to an error in our request', details: {} }),
  /** 409 for a server-side apply that would take fields other managers own. */
  applyConflict: (message: string, causes: readonly StatusCause[]) =>
    new EmulatorStatusError({ code: 409, reason: 'Conflict', message, details: { causes: [...causes] } }),
  badRequest: (message: string) => new EmulatorStatusError({ code: 400, reason: 'BadRequest', message }),
  /** 410 Expired; for a too old continue token, `continueToken` resumes the list from the current state. */
  expired: (message: string, continueToken?: string) =>
    new EmulatorStatusError({ code: 410, reason: 'Expired', message }, continueToken !== undefined ? { continue: continueToken } : {}),
  tooLargeResourceVersion: (requested: number, current: number) =>
    new EmulatorStatusError({
      code: 504,
      reason: 'Timeout',
      message: `Timeout: Too large resource version: ${requested}, current: ${current}`,
      details: { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 },
    }),
  pathNotFound: () => new EmulatorStatusError({ code: 404, reason: 'NotFound', message: 'the server could not find the requested resource', details: {} }),
  methodNotAllowed: () =>
    new EmulatorStatusError({ code: 405, reason: 'MethodNotAllowed', message: 'the server does not allow this method on the requested resource', details: {} }),
  notAcceptable: (accepted: readonly string[]) =>
    new EmulatorStatusError({ code: 406, reason: 'NotAcceptable', message: `only the following media types are accepted: ${accepted.join(', ')}` }),
  unsupportedMediaType: (accepted: readonly string[]) =>
    new EmulatorStatusError({
      code: 415,
      reason: 'UnsupportedMediaType',
      message: `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    }),
  requestEntityTooLarge: (limitBytes: number) =>
    new EmulatorStatusError({ code: 413, reason: 'RequestEntityTooLarge', message: `Request entity too large: limit is ${limitBytes}` }),
  unauthorized: () => new EmulatorStatusError({ code: 401, reason: 'Unauthorized', message: 'Unauthorized' }),
  internal: (message: string) =>
    new EmulatorStatusError({ code: 500, reason: 'InternalError', message: `Internal error occurred: ${message}`, details: { causes: [{ message }] } }),
} as const;
