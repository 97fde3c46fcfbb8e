/**
 * The retry loop of one logical request, as client-go's `rest/with_retry.go`: send, interpret,
 * and on failure either cure a 401 once with a fresh token or ask the decision whether and when
 * to try again. What to retry is decided elsewhere (`retryDecision`); this only loops.
 */
import type { AxiosResponse } from 'axios';
import { sleep } from '../backoff.js';
import { KubernetesApiError, RequestAbortedError, type RequestIdentity } from '../errors.js';
import type { RetryDecision } from '../retry-decision.js';

/** How to run the attempts of one request. */
export interface RetryLoop<T> {
  readonly identity: RequestIdentity;
  /** Sends attempt `number`; rejects only when no response arrived. */
  readonly send: (number: number, forceRefresh: boolean) => Promise<AxiosResponse<unknown>>;
  /** What the response means; rejects with the API error of a failed status. */
  readonly interpret: (response: AxiosResponse<unknown>) => T | Promise<T>;
  /** True when a 401 may be cured by asking the credential provider for a fresh token. */
  readonly canRefresh: boolean;
  /** The wait before the next attempt after the `failures`-th failure, or undefined to give up. */
  readonly decide: (failure: unknown, failures: number, attempt: number) => RetryDecision | undefined;
  /** Told before the loop sleeps to retry. */
  readonly onRetry?: ((attempt: number, decision: RetryDecision) => void) | undefined;
  /** Called before the request is sent again, whatever the reason. */
  readonly onResend?: (() => void) | undefined;
  readonly signal?: AbortSignal | undefined;
}

function isUnauthorizedAnswer(failure: unknown): boolean {
  return failure instanceof KubernetesApiError && failure.statusCode === 401;
}

/**
 * Runs `loop` until an attempt succeeds or the decision gives up; resolves with the value and how
 * many times the request was sent.
 *
 * @example
 * ```ts
 * const { value, attempts } = await withRetry({ identity, send, interpret, canRefresh: false, decide: () => undefined });
 * ```
 */
export async function withRetry<T>(loop: RetryLoop<T>): Promise<{ value: T; attempts: number }> {
  let failures = 0;
  let refreshed = false;
  // Asked for once after a 401 and kept until a response arrives: a token fetched for a request
  // that never reached the server proves nothing.
  let forceRefresh = false;
  for (let attempt = 1; ; attempt++) {
    let failure: unknown;
    try {
      const response = await loop.send(attempt, forceRefresh);
      forceRefresh = false;
      return { value: await loop.interpret(response), attempts: attempt };
    } catch (error) {
      failure = error;
    }
    if (isUnauthorizedAnswer(failure) && loop.canRefresh && !refreshed) {
      // A rotated credential: one more try with a fresh token, outside the retry budget.
      refreshed = forceRefresh = true;
      loop.onResend?.();
      continue;
    }
    failures++;
    const decision = loop.decide(failure, failures, attempt);
    if (!decision) throw failure;
    loop.onRetry?.(attempt, decision);
    await sleep(decision.delayMs, loop.signal, () => new RequestAbortedError({ ...loop.identity, reason: loop.signal?.reason }));
    loop.onResend?.();
  }
}
