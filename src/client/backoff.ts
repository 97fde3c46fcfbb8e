import type { RetryPolicy } from './options.js';

/**
 * Delay before retry number `failures` (1 for the first retry): `baseDelayMs` doubled per failure,
 * capped at `maxDelayMs`, then the upper half jittered so many clients do not retry in lockstep.
 *
 * @example
 * ```ts
 * backoffDelay({ retries: 4, baseDelayMs: 250, maxDelayMs: 10_000 }, 3); // between 500 and 1000
 * ```
 */
export function backoffDelay(policy: RetryPolicy, failures: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/**
 * Milliseconds a `Retry-After` header asks for: delay-seconds or an HTTP date; undefined when absent or unreadable.
 *
 * @example
 * ```ts
 * parseRetryAfter('2'); // 2000
 * ```
 */
export function parseRetryAfter(header: string | undefined, now: number = Date.now()): number | undefined {
  if (header === undefined) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Every HTTP-date form starts with the day's name; Date.parse alone also reads "-5" or "1.5" as dates.
  if (!/^[A-Za-z]{3,9},? /.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Resolves after `ms`, or rejects with `onAbort()`'s error as soon as `signal` aborts.
 *
 * @example
 * ```ts
 * await sleep(500, controller.signal, () => new Error('stopped'));
 * ```
 */
export function sleep(ms: number, signal: AbortSignal | undefined, onAbort: () => Error): Promise<void> {
  if (signal?.aborted) return Promise.reject(onAbort());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    function abort(): void {
      clearTimeout(timer);
      reject(onAbort());
    }
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent, a signal aborts at most once
    signal?.addEventListener('abort', abort, { once: true });
  });
}
