import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { ValidationOptions } from '../validation/schemas.js';
import { SDK_VERSION } from './version.js';

/** How failed requests are retried: bounded exponential backoff with jitter. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 sends each request once. */
  readonly retries: number;
  /** Delay before the first retry; each later retry doubles it, then half of it is jittered. */
  readonly baseDelayMs: number;
  /**
   * Upper bound of one delay. A `Retry-After` longer than this is not waited for: the request
   * fails with the 429/503 and its `retryAfterMs`, so the caller decides.
   */
  readonly maxDelayMs: number;
}

/** What a log hook sees before a request is sent. Credentials are already replaced by `[REDACTED]`. */
export interface RequestLogRecord {
  /** HTTP method. */
  readonly method: string;
  /** Full URL without any user info. */
  readonly url: string;
  /** Request headers, with `Authorization` and `Proxy-Authorization` values redacted. */
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  readonly attempt: number;
}

/** What a log hook sees when a request finished, well or badly. */
export interface ResponseLogRecord extends RequestLogRecord {
  /** HTTP status, absent when no response arrived. */
  readonly statusCode?: number | undefined;
  /**
   * Milliseconds from sending to the end of the body (or to the failure). A watch and a `listAll`
   * page are read as they stream: for them, to the response's headers; a body that fails later is
   * reported to `onRetry` when it is sent again, or thrown.
   */
  readonly durationMs: number;
  /** `name: message` of the failure when no response arrived; messages never hold credentials. */
  readonly error?: string | undefined;
}

/** What a log hook sees before the client waits to retry. */
export interface RetryLogRecord {
  /** HTTP method. */
  readonly method: string;
  /** Full URL without any user info. */
  readonly url: string;
  /** The attempt that failed. */
  readonly attempt: number;
  /** How long the client waits before the next attempt. */
  readonly delayMs: number;
  /** Why it retries, e.g. `429 TooManyRequests` or `ECONNRESET`. */
  readonly reason: string;
}

/** Observers for logging and metrics. A hook that throws is ignored: logging never breaks a request. */
export interface ClientHooks {
  /** Called before each attempt is sent. */
  readonly onRequest?: ((record: RequestLogRecord) => void) | undefined;
  /** Called when each attempt ends, with its status or error. */
  readonly onResponse?: ((record: ResponseLogRecord) => void) | undefined;
  /** Called before the client sleeps to retry a request or reconnect a watch. */
  readonly onRetry?: ((record: RetryLogRecord) => void) | undefined;
}

/** Options of {@link ImageCacheClient}; every field is optional and defaults to {@link DEFAULT_CLIENT_OPTIONS}. */
export interface ImageCacheClientOptions {
  /**
   * Budget of one attempt, from sending to the last byte of the body; `0` disables it. A timed-out
   * attempt is not retried. Watch streams are exempt and use `watchIdleTimeoutMs` instead.
   */
  readonly timeoutMs?: number | undefined;
  /** Retry policy of single requests, or `false` to send every request exactly once. */
  readonly retry?: Partial<RetryPolicy> | false | undefined;
  /**
   * Fail at once, without retries, when the first attempt of a request is refused
   * (`ECONNREFUSED`) and this client has never had a response from the server: for interactive
   * tools, where a wrong address or a stopped server should be reported in milliseconds, as
   * kubectl does. Once the server has answered, refusals (a restart), 429, 5xx and resets are
   * retried as `retry` says.
   */
  readonly failFastIfUnreachable?: boolean | undefined;
  /** Reconnect policy of watches after errors, or `false` to throw at the first error. Normal stream ends always reconnect. */
  readonly watchRetry?: Partial<RetryPolicy> | false | undefined;
  /** A watch stream that sends no byte for this long is treated as dead and reconnected. */
  readonly watchIdleTimeoutMs?: number | undefined;
  /** `timeoutSeconds` asked of the server for each watch connection, so it closes cleanly before the idle timeout. */
  readonly watchTimeoutSeconds?: number | undefined;
  /** Page size of `listAll()` and of the relist after a watch's 410 Gone. */
  readonly listPageSize?: number | undefined;
  /** Default `timeoutMs` of `waitForReady()`: building a cache pulls every image, which takes minutes. */
  readonly waitForReadyTimeoutMs?: number | undefined;
  /** The `User-Agent` header. */
  readonly userAgent?: string | undefined;
  /** Field manager for server-side apply when the call names none. */
  readonly fieldManager?: string | undefined;
  /** Limits used to validate objects before `create()`, `replace()` and `ensure()` send them. */
  readonly validation?: ValidationOptions | undefined;
  /** Logging and metrics hooks; they receive redacted records only. */
  readonly hooks?: ClientHooks | undefined;
  /**
   * Attach the connection's token, password or credential provider to a plain `http://` server.
   * Off: like kubectl, the client never sends credentials in clear text (loopback included), and
   * the constructor throws {@link PlainHttpCredentialsError} instead. Turn it on only for a local
   * test server you own.
   */
  readonly allowCredentialsOverHttp?: boolean | undefined;
  /**
   * Largest response body read, in bytes; a larger one fails with {@link ResponseTooLargeError}
   * and its connection is destroyed. Watch streams are bounded per event instead.
   */
  readonly maxResponseBytes?: number | undefined;
  /** Agent for `http://` servers, instead of the client's own keep-alive agent. */
  readonly httpAgent?: HttpAgent | undefined;
  /** Agent for `https://` servers, instead of the one the client builds from the connection's TLS fields and proxy. */
  readonly httpsAgent?: HttpsAgent | undefined;
}

/** Options with every default applied. */
export interface ResolvedClientOptions {
  /** Milliseconds one attempt may take, body included (default 30 000). */
  readonly timeoutMs: number;
  /** Retry policy of single requests, or `false` for none (default: 4 retries, 250 ms doubling to 10 s). */
  readonly retry: RetryPolicy | false;
  /** Whether a refused first contact fails at once instead of being retried (default `false`). */
  readonly failFastIfUnreachable: boolean;
  /** Reconnect policy of watches after errors, or `false` (default: 8 failures in a row, 500 ms doubling to 30 s). */
  readonly watchRetry: RetryPolicy | false;
  /** Milliseconds without a byte after which a watch stream counts as dead (default 330 000). */
  readonly watchIdleTimeoutMs: number;
  /** `timeoutSeconds` asked of the server per watch connection (default 300). */
  readonly watchTimeoutSeconds: number;
  /** Items per page of `listAll()` and of relists (default 500). */
  readonly listPageSize: number;
  /** Default budget of `waitForReady()`, in milliseconds (default 30 minutes). */
  readonly waitForReadyTimeoutMs: number;
  /** The `User-Agent` header (default `eci-imagecache/<version>`). */
  readonly userAgent: string;
  /** Field manager of writes that name none (default `eci-imagecache`). */
  readonly fieldManager: string;
  /** Limits objects are validated against before they are sent (default: ECI's documented limits). */
  readonly validation: ValidationOptions;
  /** Logging and metrics hooks (default: none). */
  readonly hooks: ClientHooks;
  /** Whether credentials may go to a plain `http://` server (default `false`, as kubectl). */
  readonly allowCredentialsOverHttp: boolean;
  /** Largest response body read, in bytes (default 256 MiB); larger ones fail with `ResponseTooLargeError`. */
  readonly maxResponseBytes: number;
  /** The caller's agent for `http://` servers, if one was given. */
  readonly httpAgent?: HttpAgent | undefined;
  /** The caller's agent for `https://` servers, if one was given. */
  readonly httpsAgent?: HttpsAgent | undefined;
}

/**
 * Every default of the client in one place.
 *
 * - `timeoutMs: 30_000`: per attempt, body included; not retried when exceeded.
 * - `retry`: 4 retries, 250 ms doubling to at most 10 s, half-jittered; on 429 (honouring
 *   `Retry-After`), 500, 503, 504 and connection resets for GET, LIST, DELETE and PUT; on 429 and
 *   connection refused only for POST and PATCH.
 * - `failFastIfUnreachable: false`: a refused first contact is retried like any refusal.
 * - `watchRetry`: 8 consecutive failures, 500 ms doubling to 30 s (about two minutes of outage).
 * - `watchTimeoutSeconds: 300` asked of the server, `watchIdleTimeoutMs: 330_000` on the client.
 * - `allowCredentialsOverHttp: false`: credentials go over https only, as with kubectl.
 * - `maxResponseBytes: 256 MiB`: a page of 500 ImageCaches of the largest size the API server
 *   stores (its 3 MiB request limit allows ~200 KiB objects with room to spare) fits.
 */
export const DEFAULT_CLIENT_OPTIONS: ResolvedClientOptions = Object.freeze({
  timeoutMs: 30_000,
  retry: Object.freeze({ retries: 4, baseDelayMs: 250, maxDelayMs: 10_000 }),
  failFastIfUnreachable: false,
  watchRetry: Object.freeze({ retries: 8, baseDelayMs: 500, maxDelayMs: 30_000 }),
  watchIdleTimeoutMs: 330_000,
  watchTimeoutSeconds: 300,
  listPageSize: 500,
  waitForReadyTimeoutMs: 30 * 60_000,
  userAgent: `eci-imagecache/${SDK_VERSION}`,
  fieldManager: 'eci-imagecache',
  validation: Object.freeze({}),
  hooks: Object.freeze({}),
  allowCredentialsOverHttp: false,
  maxResponseBytes: 256 * 1024 * 1024,
});

function resolveRetry(given: Partial<RetryPolicy> | false | undefined, defaults: RetryPolicy | false): RetryPolicy | false {
  if (given === false) return false;
  const base = defaults === false ? DEFAULT_CLIENT_OPTIONS.retry : defaults;
  if (given === undefined) return base;
  return { ...(base as RetryPolicy), ...given };
}

/**
 * Applies {@link DEFAULT_CLIENT_OPTIONS} to what the caller gave; a partial retry policy is merged
 * over the default one.
 *
 * @example
 * ```ts
 * resolveClientOptions({ retry: { retries: 1 } }).retry; // { retries: 1, baseDelayMs: 250, maxDelayMs: 10_000 }
 * ```
 */
export function resolveClientOptions(options: ImageCacheClientOptions = {}): ResolvedClientOptions {
  const d = DEFAULT_CLIENT_OPTIONS;
  return {
    timeoutMs: options.timeoutMs ?? d.timeoutMs,
    retry: resolveRetry(options.retry, d.retry),
    failFastIfUnreachable: options.failFastIfUnreachable ?? d.failFastIfUnreachable,
    watchRetry: resolveRetry(options.watchRetry, d.watchRetry),
    watchIdleTimeoutMs: options.watchIdleTimeoutMs ?? d.watchIdleTimeoutMs,
    watchTimeoutSeconds: options.watchTimeoutSeconds ?? d.watchTimeoutSeconds,
    listPageSize: options.listPageSize ?? d.listPageSize,
    waitForReadyTimeoutMs: options.waitForReadyTimeoutMs ?? d.waitForReadyTimeoutMs,
    userAgent: options.userAgent ?? d.userAgent,
    fieldManager: options.fieldManager ?? d.fieldManager,
    validation: options.validation ?? d.validation,
    hooks: options.hooks ?? d.hooks,
    allowCredentialsOverHttp: options.allowCredentialsOverHttp ?? d.allowCredentialsOverHttp,
    maxResponseBytes: options.maxResponseBytes ?? d.maxResponseBytes,
    httpAgent: options.httpAgent,
    httpsAgent: options.httpsAgent,
  };
}
