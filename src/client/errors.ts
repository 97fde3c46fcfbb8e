/**
 * The client's errors. None of them holds an axios error, request config or request headers:
 * those carry the `Authorization` header and the TLS key. Every field is plain data, so
 * `JSON.stringify(error)` and `util.inspect(error)` are safe to log.
 * @packageDocumentation
 */
import { EciImageCacheError, isErrorOf } from '../errors/base.js';
import type { ImageCache, ImageCacheSpec, ImageCacheStatus, Status, StatusCause } from '../types/index.js';

/** Base of every error the client throws, apart from validation errors. */
export abstract class ImageCacheClientError extends EciImageCacheError {
  /** Plain-data view used by `JSON.stringify`: name, message and the subclass's own fields. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) json[key] = value;
    if (this.cause instanceof Error) json['cause'] = { name: this.cause.name, message: this.cause.message };
    return json;
  }
}

/** The HTTP method and API path of the request that failed, without host or query. */
export interface RequestIdentity {
  /** HTTP method, e.g. `GET` or `PATCH`. */
  readonly method: string;
  /** API path, e.g. `/apis/eci.alibabacloud.com/v1/imagecaches/web`, without host or query string. */
  readonly path: string;
}

const REASON_BY_STATUS_CODE: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/**
 * The Kubernetes reason a bare HTTP status stands for, as client-go derives it when the body is
 * not a `Status` (a proxy's HTML page, say).
 *
 * @example
 * ```ts
 * reasonForStatusCode(404); // 'NotFound'
 * reasonForStatusCode(502); // 'Unknown'
 * ```
 */
export function reasonForStatusCode(statusCode: number): string {
  return REASON_BY_STATUS_CODE[statusCode] ?? 'Unknown';
}

/** Fields of a {@link KubernetesApiError}. */
export interface KubernetesApiErrorInit extends RequestIdentity {
  /** HTTP status code of the response, e.g. 409. */
  readonly statusCode: number;
  /** The Kubernetes `Status` from the body, or one derived from the HTTP code when the body was none. */
  readonly status: Status;
  /** How long the server asked to wait (`Retry-After` or `details.retryAfterSeconds`), in milliseconds. */
  readonly retryAfterMs?: number | undefined;
  /** Start of a body that was not a `Status`, credentials already scrubbed. */
  readonly bodyExcerpt?: string | undefined;
}

/**
 * The API server (or a proxy in front of it) answered with an error status. `status` is the
 * Kubernetes `Status` it sent, or one derived from the HTTP code when the body was not a Status;
 * then `bodyExcerpt` quotes the start of the body.
 */
export class KubernetesApiError extends ImageCacheClientError {
  /** Always `'KubernetesApiError'`, for logs and for the guards that recognise the class across the ESM and CommonJS builds. */
  override readonly name = 'KubernetesApiError';
  /** HTTP status code, e.g. 404. */
  readonly statusCode: number;
  /** Machine-readable reason: `NotFound`, `AlreadyExists`, `Conflict`, `Invalid`, `Expired`... */
  readonly reason: string;
  /** The Kubernetes `Status` object. */
  readonly status: Status;
  /** Field-level causes, e.g. which field was invalid; empty when the server gave none. */
  readonly causes: readonly StatusCause[];
  /** HTTP method of the failed request. */
  readonly method: string;
  /** API path of the failed request. */
  readonly path: string;
  /** How long the server asked to wait, from `Retry-After` or `details.retryAfterSeconds`. */
  readonly retryAfterMs: number | undefined;
  /** Start of the body when it was not a Kubernetes Status (credentials scrubbed). */
  readonly bodyExcerpt: string | undefined;

  /** Builds the error from the response; the message is `METHOD path: code Reason: message`. The client makes these; tests and wrappers may too. */
  constructor(init: KubernetesApiErrorInit) {
    const reason = init.status.reason || reasonForStatusCode(init.statusCode);
    const detail = init.status.message ?? (init.bodyExcerpt !== undefined ? `body: ${init.bodyExcerpt}` : '');
    super(`${init.method} ${init.path}: ${init.statusCode} ${reason}${detail ? `: ${detail}` : ''}`);
    this.statusCode = init.statusCode;
    this.reason = reason;
    this.status = init.status;
    this.causes = init.status.details?.causes ?? [];
    this.method = init.method;
    this.path = init.path;
    this.retryAfterMs = init.retryAfterMs;
    this.bodyExcerpt = init.bodyExcerpt;
  }
}

/**
 * True when `value` is a {@link KubernetesApiError}.
 *
 * @example
 * ```ts
 * if (isKubernetesApiError(err)) console.log(err.statusCode, err.reason, err.causes);
 * ```
 */
export function isKubernetesApiError(value: unknown): value is KubernetesApiError {
  return isErrorOf(value, KubernetesApiError);
}

function hasReason(value: unknown, statusCode: number, reasons: readonly string[]): value is KubernetesApiError {
  if (!isErrorOf(value, KubernetesApiError)) return false;
  if (reasons.includes(value.reason)) return true;
  // A bare status code (no Status body) counts only when its reason is not more specific.
  return value.statusCode === statusCode && value.reason === reasonForStatusCode(statusCode);
}

/**
 * True when the object does not exist (404 NotFound).
 *
 * @example
 * ```ts
 * const cache = await client.get('web').catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
 * ```
 */
export function isNotFound(value: unknown): value is KubernetesApiError {
  return hasReason(value, 404, ['NotFound']);
}

/**
 * True when a create met an object of the same name (409 AlreadyExists).
 *
 * @example
 * ```ts
 * if (isAlreadyExists(err)) console.log('someone created it first');
 * ```
 */
export function isAlreadyExists(value: unknown): value is KubernetesApiError {
  return isErrorOf(value, KubernetesApiError) && value.reason === 'AlreadyExists';
}

/**
 * True when a write was based on a stale resourceVersion (409 Conflict): get the object again and retry.
 *
 * @example
 * ```ts
 * try {
 *   await client.replace(cache);
 * } catch (err) {
 *   if (isConflict(err)) await client.replace({ ...(await client.get('web')), spec: cache.spec }); // re-read, then write again
 * }
 * ```
 */
export function isConflict(value: unknown): value is KubernetesApiError {
  return hasReason(value, 409, ['Conflict']);
}

/**
 * True when the server rejected the object's content (422 Invalid); see `causes` for the fields.
 *
 * @example
 * ```ts
 * if (isInvalid(err)) for (const c of err.causes) console.log(c.field, c.message);
 * ```
 */
export function isInvalid(value: unknown): value is KubernetesApiError {
  return hasReason(value, 422, ['Invalid']);
}

/**
 * True when the credentials lack the permission (403 Forbidden).
 *
 * @example
 * ```ts
 * if (isForbidden(err)) console.log('RBAC: grant imagecaches to this user');
 * ```
 */
export function isForbidden(value: unknown): value is KubernetesApiError {
  return hasReason(value, 403, ['Forbidden']);
}

/**
 * True when the server did not accept the credentials (401 Unauthorized).
 *
 * @example
 * ```ts
 * if (isUnauthorized(err)) console.log('token expired?');
 * ```
 */
export function isUnauthorized(value: unknown): value is KubernetesApiError {
  return hasReason(value, 401, ['Unauthorized']);
}

/**
 * True when the server is throttling (429 TooManyRequests); `retryAfterMs` says how long to wait.
 *
 * @example
 * ```ts
 * if (isTooManyRequests(err)) await new Promise((wake) => setTimeout(wake, err.retryAfterMs ?? 1000));
 * ```
 */
export function isTooManyRequests(value: unknown): value is KubernetesApiError {
  return hasReason(value, 429, ['TooManyRequests']);
}

/**
 * True when a resourceVersion or continue token is too old (410 Gone or Expired).
 *
 * @example
 * ```ts
 * if (isGone(err)) console.log('list again from the start');
 * ```
 */
export function isGone(value: unknown): value is KubernetesApiError {
  return isErrorOf(value, KubernetesApiError) && (value.statusCode === 410 || value.reason === 'Gone' || value.reason === 'Expired');
}

/**
 * True when the request timed out: on the server (504 Timeout, or a `Timeout`/`ServerTimeout`
 * reason) or in this client ({@link RequestTimeoutError}).
 *
 * @example
 * ```ts
 * if (isTimeout(err)) console.log('the API server is slow; try again later');
 * ```
 */
export function isTimeout(value: unknown): value is KubernetesApiError | RequestTimeoutError {
  if (isErrorOf(value, RequestTimeoutError)) return true;
  return hasReason(value, 504, ['Timeout', 'ServerTimeout']);
}

/** Fields of a {@link KubernetesNetworkError}. */
export interface KubernetesNetworkErrorInit extends RequestIdentity {
  /** The system error code, e.g. `ECONNREFUSED`. */
  readonly code: string;
  /** What happened, in words; becomes part of the error's message. */
  readonly message: string;
  /** A copy of the system error (never the HTTP library's error object, which holds the request's headers). */
  readonly cause?: Error | undefined;
}

/**
 * No usable response arrived: connection refused or reset, DNS failure, TLS failure. `cause` is a
 * copy of the system error (message, code, syscall, address, port), never the HTTP library's error.
 */
export class KubernetesNetworkError extends ImageCacheClientError {
  /** `'KubernetesNetworkError'`, or the subclass's name (`'RequestTimeoutError'`). */
  override readonly name: string = 'KubernetesNetworkError';
  /** The system error code: `ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`, `ETIMEDOUT`, a TLS code... */
  readonly code: string;
  /** HTTP method of the failed request. */
  readonly method: string;
  /** API path of the failed request. */
  readonly path: string;

  /** Wraps a system error of one request; `init.cause` becomes `cause`. The client makes these; tests and wrappers may too. */
  constructor(init: KubernetesNetworkErrorInit) {
    super(`${init.method} ${init.path}: ${init.message} (${init.code})`, init.cause ? { cause: init.cause } : undefined);
    this.code = init.code;
    this.method = init.method;
    this.path = init.path;
  }
}

/**
 * True when `value` is a {@link KubernetesNetworkError} (timeouts included).
 *
 * @example
 * ```ts
 * if (isNetworkError(err) && err.code === 'ECONNREFUSED') console.log('is the API server up?');
 * ```
 */
export function isNetworkError(value: unknown): value is KubernetesNetworkError {
  return isErrorOf(value, KubernetesNetworkError);
}

/** An attempt took longer than the client's `timeoutMs`, or a watch stream stayed silent past `watchIdleTimeoutMs`. */
export class RequestTimeoutError extends KubernetesNetworkError {
  /** Always `'RequestTimeoutError'`. */
  override readonly name = 'RequestTimeoutError';
  /** The budget that was exceeded. */
  readonly timeoutMs: number;

  /** `init.timeoutMs` is the budget exceeded; `init.idle` marks a watch stream that went silent rather than a slow response. */
  constructor(init: RequestIdentity & { readonly timeoutMs: number; readonly idle?: boolean }) {
    super({
      ...init,
      code: 'ETIMEDOUT',
      message: init.idle ? `no data for ${init.timeoutMs} ms on the watch stream` : `no complete response within ${init.timeoutMs} ms`,
    });
    this.timeoutMs = init.timeoutMs;
  }
}

/**
 * True when `value` is a {@link RequestTimeoutError}.
 *
 * @example
 * ```ts
 * if (isRequestTimeout(err)) console.log(`gave up after ${err.timeoutMs} ms`);
 * ```
 */
export function isRequestTimeout(value: unknown): value is RequestTimeoutError {
  return isErrorOf(value, RequestTimeoutError);
}

/**
 * The caller's `AbortSignal` fired. Named `AbortError` like `fetch`'s; `cause` is the signal's reason.
 */
export class RequestAbortedError extends ImageCacheClientError {
  /** Always `'AbortError'`, as `fetch` names a cancelled request, so `err.name === 'AbortError'` checks keep working. */
  override readonly name = 'AbortError';
  /** HTTP method of the aborted request. */
  readonly method: string;
  /** API path of the aborted request. */
  readonly path: string;

  /** `init.reason` is the abort signal's reason; it becomes `cause`. */
  constructor(init: RequestIdentity & { readonly reason?: unknown }) {
    super(`${init.method} ${init.path}: aborted by the caller`, init.reason !== undefined ? { cause: init.reason } : undefined);
    this.method = init.method;
    this.path = init.path;
  }
}

/**
 * True when `value` is a {@link RequestAbortedError}.
 *
 * @example
 * ```ts
 * if (isAbortError(err)) console.log('cancelled'); // our own signal fired
 * ```
 */
export function isAbortError(value: unknown): value is RequestAbortedError {
  return isErrorOf(value, RequestAbortedError);
}

/**
 * What was wrong with a response: `not-json` (an HTML page from a proxy, say), `truncated`
 * (cut short), `unexpected-object` (valid JSON that is not what the API promises: wrong kind,
 * no `metadata.name`, another object than the one asked for), `too-large` (over `maxResponseBytes`,
 * see {@link ResponseTooLargeError}).
 */
export type ResponseProblem = 'not-json' | 'truncated' | 'unexpected-object' | 'too-large';

/** A successful status came with a body the client cannot use. `excerpt` quotes its start. */
export class KubernetesResponseError extends ImageCacheClientError {
  /** `'KubernetesResponseError'`, or the subclass's name (`'ResponseTooLargeError'`). */
  override readonly name: string = 'KubernetesResponseError';
  /** What was wrong. */
  readonly problem: ResponseProblem;
  /** HTTP status code of the response. */
  readonly statusCode: number;
  /** The response's `Content-Type`, if it had one. */
  readonly contentType: string | undefined;
  /** At most 200 characters of the body, credentials scrubbed. */
  readonly excerpt: string;
  /** HTTP method of the request. */
  readonly method: string;
  /** API path of the request. */
  readonly path: string;

  /** `init.detail` says what was wrong in the message; `init.excerpt` is quoted after it (already scrubbed by the caller). */
  constructor(
    init: RequestIdentity & {
      readonly problem: ResponseProblem;
      readonly statusCode: number;
      readonly contentType?: string | undefined;
      readonly excerpt: string;
      readonly detail: string;
    },
  ) {
    super(
      `${init.method} ${init.path}: ${init.detail} (status ${init.statusCode}${init.contentType ? `, ${init.contentType}` : ''}): ${JSON.stringify(init.excerpt)}`,
    );
    this.problem = init.problem;
    this.statusCode = init.statusCode;
    this.contentType = init.contentType;
    this.excerpt = init.excerpt;
    this.method = init.method;
    this.path = init.path;
  }
}

/**
 * True when `value` is a {@link KubernetesResponseError}.
 *
 * @example
 * ```ts
 * if (isResponseError(err)) console.log(err.problem, err.excerpt);
 * ```
 */
export function isResponseError(value: unknown): value is KubernetesResponseError {
  return isErrorOf(value, KubernetesResponseError);
}

/** A response body was larger than the client's `maxResponseBytes`; its connection was destroyed unread. */
export class ResponseTooLargeError extends KubernetesResponseError {
  /** Always `'ResponseTooLargeError'`. */
  override readonly name = 'ResponseTooLargeError';
  /** The limit that was exceeded, in bytes. */
  readonly limitBytes: number;

  /** `init.limitBytes` is the client's `maxResponseBytes` that the body exceeded. */
  constructor(init: RequestIdentity & { readonly statusCode: number; readonly limitBytes: number }) {
    super({
      ...init,
      problem: 'too-large',
      excerpt: '',
      detail: `the response body is larger than maxResponseBytes (${init.limitBytes} bytes); raise the client option or ask for smaller pages (limit)`,
    });
    this.limitBytes = init.limitBytes;
  }
}

/**
 * True when `value` is a {@link ResponseTooLargeError}.
 *
 * @example
 * ```ts
 * if (isResponseTooLarge(err)) console.log(`over ${err.limitBytes} bytes: list with a smaller limit`);
 * ```
 */
export function isResponseTooLarge(value: unknown): value is ResponseTooLargeError {
  return isErrorOf(value, ResponseTooLargeError);
}

/**
 * The connection names a plain `http://` server and carries credentials: the client refuses to
 * send them in clear text, as kubectl refuses (it drops them). `fields` names what was given.
 */
export class PlainHttpCredentialsError extends ImageCacheClientError {
  /** Always `'PlainHttpCredentialsError'`. */
  override readonly name = 'PlainHttpCredentialsError';
  /** The connection fields that hold credentials: `token`, `credentials`, `username`, `password`. */
  readonly fields: readonly string[];
  /** The server URL, without user info. */
  readonly server: string;

  /** `server` is the plain-http URL (without user info), `fields` the credential fields the connection holds. */
  constructor(server: string, fields: readonly string[]) {
    super(
      `refusing to send ${fields.join(', ')} to the plain-http server ${server}: like kubectl, the client attaches credentials over https only ` +
        '(loopback included). Use an https:// server, drop the credentials (kubectl proxy needs none), ' +
        'or pass the client option { allowCredentialsOverHttp: true } to send them in clear text anyway.',
    );
    this.fields = fields;
    this.server = server;
  }
}

/**
 * True when `value` is a {@link PlainHttpCredentialsError}.
 *
 * @example
 * ```ts
 * if (isPlainHttpCredentialsError(err)) console.log('use https, or opt in with allowCredentialsOverHttp');
 * ```
 */
export function isPlainHttpCredentialsError(value: unknown): value is PlainHttpCredentialsError {
  return isErrorOf(value, PlainHttpCredentialsError);
}

/** Why {@link ImageCacheClient.waitForReady} gave up. */
export type ImageCacheWaitFailure = 'failed' | 'deleted' | 'timeout' | 'aborted';

/** `waitForReady()` ended without a Ready cache; `lastStatus` is the last status seen. */
export class ImageCacheWaitError extends ImageCacheClientError {
  /** Always `'ImageCacheWaitError'`. */
  override readonly name = 'ImageCacheWaitError';
  /** Why it gave up. */
  readonly kind: ImageCacheWaitFailure;
  /** Name of the cache waited for. */
  readonly imageCacheName: string;
  /** The last status seen, if the cache was seen at all. */
  readonly lastStatus: ImageCacheStatus | undefined;

  /** `kind` is why the wait ended, `lastStatus` the last status seen, `detail` an optional explanation appended to the message. */
  constructor(kind: ImageCacheWaitFailure, imageCacheName: string, lastStatus: ImageCacheStatus | undefined, detail?: string) {
    const seen = lastStatus?.phase ? ` (last phase ${lastStatus.phase}${lastStatus.progress ? `, ${lastStatus.progress}` : ''})` : '';
    const what: Record<ImageCacheWaitFailure, string> = {
      failed: 'failed to build',
      deleted: 'was deleted',
      timeout: 'did not become Ready in time',
      aborted: 'wait was aborted',
    };
    super(`ImageCache ${imageCacheName} ${what[kind]}${seen}${detail ? `: ${detail}` : ''}`);
    this.kind = kind;
    this.imageCacheName = imageCacheName;
    this.lastStatus = lastStatus;
  }
}

/**
 * True when `value` is an {@link ImageCacheWaitError}.
 *
 * @example
 * ```ts
 * if (isImageCacheWaitError(err) && err.kind === 'failed') console.log(err.lastStatus?.reason);
 * ```
 */
export function isImageCacheWaitError(value: unknown): value is ImageCacheWaitError {
  return isErrorOf(value, ImageCacheWaitError);
}

/** `ensure()` found a cache of that name whose spec differs; it never overwrites one. */
export class ImageCacheSpecConflictError extends ImageCacheClientError {
  /** Always `'ImageCacheSpecConflictError'`. */
  override readonly name = 'ImageCacheSpecConflictError';
  /** Name of the cache. */
  readonly imageCacheName: string;
  /** Spec fields that differ, e.g. `['images', 'retentionDays']`. */
  readonly differences: readonly string[];
  /** The spec asked for. */
  readonly desiredSpec: ImageCacheSpec;
  /** The spec on the server. */
  readonly existingSpec: ImageCacheSpec;
  /** The object on the server. */
  readonly existing: ImageCache;

  /** `differences` lists the spec fields in which `existing` differs from `desiredSpec`. */
  constructor(desiredSpec: ImageCacheSpec, existing: ImageCache, differences: readonly string[]) {
    const name = existing.metadata.name ?? '';
    super(`ImageCache ${name} already exists with a different spec (${differences.join(', ')}); delete it or choose another name`);
    this.imageCacheName = name;
    this.differences = differences;
    this.desiredSpec = desiredSpec;
    this.existingSpec = existing.spec;
    this.existing = existing;
  }
}

/**
 * True when `value` is an {@link ImageCacheSpecConflictError}.
 *
 * @example
 * ```ts
 * if (isImageCacheSpecConflictError(err)) console.log('differs in', err.differences.join(', '));
 * ```
 */
export function isImageCacheSpecConflictError(value: unknown): value is ImageCacheSpecConflictError {
  return isErrorOf(value, ImageCacheSpecConflictError);
}

/** A watch failed more times in a row than `watchRetry` allows; `cause` is the last failure. */
export class WatchFailedError extends ImageCacheClientError {
  /** Always `'WatchFailedError'`. */
  override readonly name = 'WatchFailedError';
  /** Consecutive failures, the last included. */
  readonly failures: number;
  /** The last resourceVersion seen, from which a new watch can resume. */
  readonly lastResourceVersion: string | undefined;

  /** `cause` is the last failure, `failures` the count in a row, `lastResourceVersion` where a new watch can resume. */
  constructor(cause: unknown, failures: number, lastResourceVersion: string | undefined) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`watch on imagecaches failed ${failures} time${failures === 1 ? '' : 's'} in a row: ${why}`, { cause });
    this.failures = failures;
    this.lastResourceVersion = lastResourceVersion;
  }
}

/**
 * True when `value` is a {@link WatchFailedError}.
 *
 * @example
 * ```ts
 * if (isWatchFailedError(err)) console.error('the watch gave up at resourceVersion', err.lastResourceVersion, err.cause);
 * ```
 */
export function isWatchFailedError(value: unknown): value is WatchFailedError {
  return isErrorOf(value, WatchFailedError);
}

/**
 * Why paging through a list stopped: `repeated-continue` (the server handed back a continue token
 * the client had already followed, which would loop forever), or `restarts-exhausted` (with
 * `onContinueExpired: 'inconsistent'`, the continue token expired again and again in a row), or
 * `page-changed` (a page whose connection was cut after some of its items were yielded came back,
 * when sent again, without those items first: a first page listed again from a newer state).
 */
export type PaginationProblem = 'repeated-continue' | 'restarts-exhausted' | 'page-changed';

/** Paging through a list cannot make progress; `cause` is the last 410 for `restarts-exhausted`. */
export class PaginationError extends ImageCacheClientError {
  /** Always `'PaginationError'`. */
  override readonly name = 'PaginationError';
  /** What went wrong. */
  readonly problem: PaginationProblem;
  /** Pages received before giving up. */
  readonly pages: number;

  /** `pages` counts the pages received before `problem` stopped the list; `cause` is the last 410, if any. */
  constructor(problem: PaginationProblem, pages: number, cause?: unknown) {
    const what =
      problem === 'repeated-continue'
        ? 'the server repeated a continue token already followed'
        : problem === 'page-changed'
          ? 'a page sent again after a failure mid-way no longer starts with the items already yielded'
          : 'the continue token expired too many times in a row';
    super(`list of imagecaches stopped after ${pages} page${pages === 1 ? '' : 's'}: ${what}`, cause === undefined ? undefined : { cause });
    this.problem = problem;
    this.pages = pages;
  }
}

/**
 * True when `value` is a {@link PaginationError}.
 *
 * @example
 * ```ts
 * if (isPaginationError(err)) console.log(err.problem, err.pages);
 * ```
 */
export function isPaginationError(value: unknown): value is PaginationError {
  return isErrorOf(value, PaginationError);
}

/**
 * A streaming list (`sendInitialEvents`) ended before the bookmark that marks the end of its
 * initial events: the server closed it early, or does not know the feature and never sends one.
 */
export class InitialEventsIncompleteError extends ImageCacheClientError {
  /** Always `'InitialEventsIncompleteError'`. */
  override readonly name = 'InitialEventsIncompleteError';
  /** The watch request. */
  readonly request: RequestIdentity;

  /** `request` is the watch that ended too early. */
  constructor(request: RequestIdentity) {
    super(`${request.method} ${request.path}: the watch ended before the end of its initial events (sendInitialEvents)`);
    this.request = request;
  }
}
