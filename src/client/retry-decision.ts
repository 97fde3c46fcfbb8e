import { backoffDelay } from './backoff.js';
import { KubernetesApiError, KubernetesNetworkError, KubernetesResponseError, RequestTimeoutError } from './errors.js';
import type { RetryPolicy } from './options.js';

/**
 * How safe a request is to send again. `idempotent`: GET, LIST, DELETE, and PUT with a
 * resourceVersion (a repeat cannot apply twice). `unsafe`: POST and PATCH, resent only when the
 * server provably never saw them.
 */
export type RetryMode = 'idempotent' | 'unsafe';

const RETRYABLE_STATUS_CODES = new Set([429, 500, 503, 504]);
// Failures after which the request may or may not have reached the server.
const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
]);
// Failures that prove no byte of the request reached the server.
const NEVER_SENT_CODES = new Set(['ECONNREFUSED']);

/** A decision to retry: how long to wait and why, for the log hook. */
export interface RetryDecision {
  readonly delayMs: number;
  readonly reason: string;
}

/**
 * Whether to retry after `failure`, the `failures`-th failure in a row, and after how long;
 * undefined to give up. 429 is retried in every mode because the server rejected the request
 * before doing anything; a `Retry-After` longer than `maxDelayMs` is not waited for.
 *
 * @example
 * ```ts
 * const decision = retryDecision(err, 'idempotent', policy, 1);
 * if (decision) await sleep(decision.delayMs);
 * ```
 */
export function retryDecision(failure: unknown, mode: RetryMode, policy: RetryPolicy | false, failures: number): RetryDecision | undefined {
  if (policy === false || failures > policy.retries) return undefined;
  if (failure instanceof KubernetesApiError) {
    const code = failure.statusCode;
    if (code !== 429 && !(mode === 'idempotent' && RETRYABLE_STATUS_CODES.has(code))) return undefined;
    const reason = `${code} ${failure.reason}`;
    if (failure.retryAfterMs !== undefined) {
      return failure.retryAfterMs <= policy.maxDelayMs ? { delayMs: failure.retryAfterMs, reason } : undefined;
    }
    return { delayMs: backoffDelay(policy, failures), reason };
  }
  // The attempt's own budget ran out: sending it again would only spend it again.
  if (failure instanceof RequestTimeoutError) return undefined;
  if (failure instanceof KubernetesNetworkError) {
    const allowed = mode === 'idempotent' ? RETRYABLE_NETWORK_CODES : NEVER_SENT_CODES;
    return allowed.has(failure.code) ? { delayMs: backoffDelay(policy, failures), reason: failure.code } : undefined;
  }
  return undefined;
}

/** What a watch does after a failure: wait and reconnect, or throw. */
export type WatchRetryVerdict =
  | { readonly action: 'reconnect'; readonly delayMs: number; readonly reason: string }
  | { readonly action: 'throw'; readonly budgetSpent: boolean };

/**
 * After the `failures`-th failure in a row of a watch: reconnect after a delay, or throw. Unlike
 * single requests, a watch reconnects after any network failure, its idle timeout and a garbled
 * event too, since it resumes from the last resourceVersion and cannot apply anything twice.
 * Errors that another try cannot cure (403, 404, 422...) are thrown at once. While `listing`
 * (the initial list or the relist after a 410), a 410 means a continue token expired mid-way,
 * and listing again from the start cures it.
 *
 * @example
 * ```ts
 * const verdict = watchRetryVerdict(err, policy, failures);
 * if (verdict.action === 'throw') throw err;
 * ```
 */
export function watchRetryVerdict(failure: unknown, policy: RetryPolicy | false, failures: number, listing = false): WatchRetryVerdict {
  let reason: string;
  let retryAfterMs: number | undefined;
  if (failure instanceof KubernetesApiError) {
    const curable = RETRYABLE_STATUS_CODES.has(failure.statusCode) || (listing && failure.statusCode === 410);
    if (!curable) return { action: 'throw', budgetSpent: false };
    reason = `${failure.statusCode} ${failure.reason}`;
    retryAfterMs = failure.retryAfterMs;
  } else if (failure instanceof KubernetesNetworkError) {
    reason = failure.code;
  } else if (failure instanceof KubernetesResponseError) {
    reason = failure.problem;
  } else {
    return { action: 'throw', budgetSpent: false };
  }
  if (policy === false || failures > policy.retries) return { action: 'throw', budgetSpent: true };
  const delayMs = retryAfterMs !== undefined ? Math.min(retryAfterMs, policy.maxDelayMs) : backoffDelay(policy, failures);
  return { action: 'reconnect', delayMs, reason };
}
