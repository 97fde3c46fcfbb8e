// The retry rules as pure decisions: which failures are retried in which mode, how long the client
// waits, when it gives up, and that a wait never outlives its signal. Each case here is one a
// mutation of src/client/retry-decision.ts or backoff.ts survived before.
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, parseRetryAfter, sleep } from '../../src/client/backoff.js';
import { KubernetesApiError, KubernetesNetworkError, KubernetesResponseError, RequestTimeoutError } from '../../src/client/errors.js';
import { retryDecision, watchRetryVerdict } from '../../src/client/retry-decision.js';

const where = { method: 'GET', path: '/apis/eci.alibabacloud.com/v1/imagecaches' } as const;
const policy = { retries: 3, baseDelayMs: 100, maxDelayMs: 1_000 } as const;

function apiError(statusCode: number, reason: string, retryAfterMs?: number): KubernetesApiError {
  return new KubernetesApiError({
    ...where,
    statusCode,
    status: { kind: 'Status', code: statusCode, reason },
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

function networkError(code: string): KubernetesNetworkError {
  return new KubernetesNetworkError({ ...where, code, message: `connect ${code}` });
}

/** Pins the jitter: 0 gives the lower half's floor, 1 the full exponential delay. */
function withRandom<T>(value: number, run: () => T): T {
  const spy = vi.spyOn(Math, 'random').mockReturnValue(value);
  try {
    return run();
  } finally {
    spy.mockRestore();
  }
}

// Failures after which an idempotent request may be sent again (the server may or may not have seen it).
const RETRIED_NETWORK_CODES = ['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN'];

describe('retryDecision: network failures', () => {
  it.each(RETRIED_NETWORK_CODES)('an idempotent request is retried after %s, with backoff and the code as reason', (code) => {
    const decision = withRandom(1, () => retryDecision(networkError(code), 'idempotent', policy, 2));
    expect(decision).toEqual({ delayMs: 200, reason: code });
  });

  it.each(RETRIED_NETWORK_CODES.filter((code) => code !== 'ECONNREFUSED'))(
    'an unsafe request is not retried after %s: the server may have applied it',
    (code) => {
      expect(retryDecision(networkError(code), 'unsafe', policy, 1)).toBeUndefined();
    },
  );

  it('an unsafe request is retried after ECONNREFUSED: no byte reached the server', () => {
    expect(withRandom(0, () => retryDecision(networkError('ECONNREFUSED'), 'unsafe', policy, 1))).toEqual({ delayMs: 50, reason: 'ECONNREFUSED' });
  });

  it.each(['ENOTFOUND', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'EPROTO', 'EUNKNOWN'])(
    '%s is not retried: another try meets the same answer',
    (code) => {
      expect(retryDecision(networkError(code), 'idempotent', policy, 1)).toBeUndefined();
    },
  );

  it('an attempt that ran out of its own time budget is not retried, although its code is ETIMEDOUT', () => {
    const timeout = new RequestTimeoutError({ ...where, timeoutMs: 5 });
    expect(timeout.code).toBe('ETIMEDOUT');
    expect(retryDecision(timeout, 'idempotent', policy, 1)).toBeUndefined();
  });

  it("errors that are not the client's own are never retried", () => {
    expect(retryDecision(Object.assign(new Error('reset'), { code: 'ECONNRESET' }), 'idempotent', policy, 1)).toBeUndefined();
    expect(
      retryDecision(new KubernetesResponseError({ ...where, problem: 'truncated', statusCode: 200, excerpt: '{', detail: 'cut' }), 'idempotent', policy, 1),
    ).toBeUndefined();
  });
});

describe('retryDecision: status codes', () => {
  it.each([
    [500, 'InternalError'],
    [503, 'ServiceUnavailable'],
    [504, 'Timeout'],
  ])('%i is retried for idempotent requests only', (code, reason) => {
    expect(withRandom(1, () => retryDecision(apiError(code, reason), 'idempotent', policy, 1))).toEqual({ delayMs: 100, reason: `${code} ${reason}` });
    expect(retryDecision(apiError(code, reason), 'unsafe', policy, 1)).toBeUndefined();
  });

  it('429 is retried in every mode: the server refused before doing anything', () => {
    expect(withRandom(1, () => retryDecision(apiError(429, 'TooManyRequests'), 'unsafe', policy, 1))).toEqual({ delayMs: 100, reason: '429 TooManyRequests' });
    expect(withRandom(1, () => retryDecision(apiError(429, 'TooManyRequests'), 'idempotent', policy, 1))).toEqual({
      delayMs: 100,
      reason: '429 TooManyRequests',
    });
  });

  it.each([400, 401, 403, 404, 409, 410, 422, 502])('%i is never retried', (code) => {
    expect(retryDecision(apiError(code, 'Whatever'), 'idempotent', policy, 1)).toBeUndefined();
  });

  it('waits exactly as long as Retry-After asks, up to and including maxDelayMs, and gives up beyond it', () => {
    expect(retryDecision(apiError(429, 'TooManyRequests', 0), 'unsafe', policy, 1)).toEqual({ delayMs: 0, reason: '429 TooManyRequests' });
    expect(retryDecision(apiError(503, 'ServiceUnavailable', 700), 'idempotent', policy, 1)).toEqual({ delayMs: 700, reason: '503 ServiceUnavailable' });
    expect(retryDecision(apiError(429, 'TooManyRequests', 1_000), 'idempotent', policy, 1)).toEqual({ delayMs: 1_000, reason: '429 TooManyRequests' });
    expect(retryDecision(apiError(429, 'TooManyRequests', 1_001), 'idempotent', policy, 1)).toBeUndefined();
  });

  it('a Retry-After does not turn a non-retried status into a retried one', () => {
    expect(retryDecision(apiError(500, 'InternalError', 10), 'unsafe', policy, 1)).toBeUndefined();
    expect(retryDecision(apiError(403, 'Forbidden', 10), 'idempotent', policy, 1)).toBeUndefined();
  });
});

describe('retryDecision: the budget', () => {
  it('retries up to `retries` times, then gives up', () => {
    const failure = apiError(503, 'ServiceUnavailable');
    expect(retryDecision(failure, 'idempotent', policy, 3)).toBeDefined();
    expect(retryDecision(failure, 'idempotent', policy, 4)).toBeUndefined();
    expect(retryDecision(networkError('ECONNRESET'), 'idempotent', policy, 4)).toBeUndefined();
    expect(retryDecision(apiError(429, 'TooManyRequests', 5), 'idempotent', policy, 4)).toBeUndefined();
  });

  it('retries: 0 and retry: false send a request once', () => {
    expect(retryDecision(networkError('ECONNRESET'), 'idempotent', { ...policy, retries: 0 }, 1)).toBeUndefined();
    expect(retryDecision(networkError('ECONNRESET'), 'idempotent', false, 1)).toBeUndefined();
    expect(retryDecision(apiError(429, 'TooManyRequests', 5), 'idempotent', false, 1)).toBeUndefined();
  });

  it('the backoff grows with the number of failures in a row', () => {
    const delays = withRandom(1, () => [1, 2, 3].map((n) => retryDecision(networkError('ECONNRESET'), 'idempotent', policy, n)?.delayMs));
    expect(delays).toEqual([100, 200, 400]);
  });
});

describe('watchRetryVerdict', () => {
  const watchPolicy = { retries: 2, baseDelayMs: 100, maxDelayMs: 500 } as const;

  it.each([
    [apiError(429, 'TooManyRequests'), '429 TooManyRequests'],
    [apiError(500, 'InternalError'), '500 InternalError'],
    [apiError(503, 'ServiceUnavailable'), '503 ServiceUnavailable'],
    [apiError(504, 'Timeout'), '504 Timeout'],
    [networkError('ECONNRESET'), 'ECONNRESET'],
    // Unlike a single request, a watch reconnects after any network failure: it resumes, it does not repeat.
    [networkError('ENOTFOUND'), 'ENOTFOUND'],
    [new RequestTimeoutError({ ...where, timeoutMs: 5, idle: true }), 'ETIMEDOUT'],
    [new KubernetesResponseError({ ...where, problem: 'not-json', statusCode: 200, excerpt: 'x', detail: 'garbled' }), 'not-json'],
  ])('reconnects after %s with reason %s', (failure, reason) => {
    expect(withRandom(1, () => watchRetryVerdict(failure, watchPolicy, 2))).toEqual({ action: 'reconnect', delayMs: 200, reason });
  });

  it.each([400, 401, 403, 404, 409, 422, 502])('throws %i at once, without spending the budget', (code) => {
    expect(watchRetryVerdict(apiError(code, 'Whatever'), watchPolicy, 1)).toEqual({ action: 'throw', budgetSpent: false });
    expect(watchRetryVerdict(apiError(code, 'Whatever'), false, 1)).toEqual({ action: 'throw', budgetSpent: false });
  });

  it('throws a failure it does not know at once', () => {
    expect(watchRetryVerdict(new Error('bug'), watchPolicy, 1)).toEqual({ action: 'throw', budgetSpent: false });
  });

  it('relists after a 410 while listing (a continue token expired), but throws the 410 of a watch', () => {
    expect(withRandom(1, () => watchRetryVerdict(apiError(410, 'Expired'), watchPolicy, 1, true))).toEqual({
      action: 'reconnect',
      delayMs: 100,
      reason: '410 Expired',
    });
    expect(watchRetryVerdict(apiError(410, 'Expired'), watchPolicy, 1)).toEqual({ action: 'throw', budgetSpent: false });
    expect(watchRetryVerdict(apiError(410, 'Expired'), watchPolicy, 1, false)).toEqual({ action: 'throw', budgetSpent: false });
    expect(watchRetryVerdict(apiError(404, 'NotFound'), watchPolicy, 1, true)).toEqual({ action: 'throw', budgetSpent: false });
  });

  it('watchRetry: false gives up on the first retryable failure, reporting the budget as spent', () => {
    expect(watchRetryVerdict(networkError('ECONNRESET'), false, 1)).toEqual({ action: 'throw', budgetSpent: true });
    expect(watchRetryVerdict(apiError(503, 'ServiceUnavailable', 10), false, 1)).toEqual({ action: 'throw', budgetSpent: true });
  });

  it('reconnects `retries` times in a row, then gives up', () => {
    expect(watchRetryVerdict(networkError('ECONNRESET'), watchPolicy, 2).action).toBe('reconnect');
    expect(watchRetryVerdict(networkError('ECONNRESET'), watchPolicy, 3)).toEqual({ action: 'throw', budgetSpent: true });
  });

  it('waits for Retry-After, but never longer than maxDelayMs: a watch must not stall for an hour', () => {
    expect(watchRetryVerdict(apiError(429, 'TooManyRequests', 3_600_000), watchPolicy, 1)).toEqual({
      action: 'reconnect',
      delayMs: 500,
      reason: '429 TooManyRequests',
    });
    expect(watchRetryVerdict(apiError(503, 'ServiceUnavailable', 50), watchPolicy, 1)).toEqual({
      action: 'reconnect',
      delayMs: 50,
      reason: '503 ServiceUnavailable',
    });
    expect(watchRetryVerdict(apiError(503, 'ServiceUnavailable', 0), watchPolicy, 1)).toEqual({
      action: 'reconnect',
      delayMs: 0,
      reason: '503 ServiceUnavailable',
    });
  });
});

describe('backoffDelay', () => {
  const base = { retries: 9, baseDelayMs: 100, maxDelayMs: 1_000 };

  it('jitters within the upper half of the exponential delay', () => {
    expect(backoffDelay(base, 2, () => 0.5)).toBe(150);
    expect(backoffDelay(base, 3, () => 0.25)).toBe(250);
  });

  it('treats a count below 1 as the first failure', () => {
    expect(backoffDelay(base, 0, () => 1)).toBe(100);
    expect(backoffDelay(base, -3, () => 0)).toBe(50);
  });

  it('never exceeds maxDelayMs, however many failures', () => {
    expect(backoffDelay(base, 60, () => 1)).toBe(1_000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('Sun, 06 Nov 1994 08:49:00 GMT');

  it('reads delay-seconds, surrounding spaces allowed', () => {
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter(' 7 ')).toBe(7_000);
    expect(parseRetryAfter('120')).toBe(120_000);
  });

  it.each(['10abc', 'abc10', '1.5', '-5', '+5', '1e3', '0x10', '5 s', '', '  ', '06 Nov 1994 08:49:37 GMT'])(
    'does not read %j, which is neither delay-seconds nor an HTTP date',
    (header) => {
      expect(parseRetryAfter(header, now)).toBeUndefined();
    },
  );

  it('reads the HTTP date forms as the time left until then, never negative', () => {
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', now)).toBe(37_000);
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(37_000);
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:48:00 GMT', now)).toBe(0);
    // asctime has no zone, so Date.parse reads it in local time.
    const asctime = 'Sun Nov  6 08:49:37 1994';
    expect(parseRetryAfter(asctime, now)).toBe(Math.max(0, Date.parse(asctime) - now));
    expect(parseRetryAfter(asctime, now)).not.toBeUndefined();
  });
});

describe('sleep', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves after the delay, not before', async () => {
    vi.useFakeTimers();
    let done = false;
    const waiting = sleep(1_000, undefined, () => new Error('aborted')).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);
  });

  it('with an already aborted signal, rejects at once and starts no timer', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    controller.abort();
    const stopped = new Error('stopped');
    const waiting = sleep(60_000, controller.signal, () => stopped);
    expect(vi.getTimerCount()).toBe(0);
    await expect(waiting).rejects.toBe(stopped);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('rejects as soon as the signal aborts, and clears its timer', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const stopped = new Error('stopped');
    const waiting = sleep(60_000, controller.signal, () => stopped);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toBe(stopped);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves no abort listener behind once it resolved: a long watch sleeps many times on one signal', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    for (let i = 0; i < 20; i++) {
      const waiting = sleep(10, controller.signal, () => new Error('stopped'));
      await vi.advanceTimersByTimeAsync(10);
      await waiting;
    }
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
