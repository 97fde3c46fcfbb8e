// The transport's pure parts, driven without a socket: what an answer means (transport/responses)
// and the retry loop of one request (transport/with-retry). The HTTP-level suites reach the same
// code through nock and the emulator; these pin each rule a mutation of either module survived.
import { AxiosError } from 'axios';
import { describe, expect, it, vi } from 'vitest';
import { KubernetesApiError, KubernetesNetworkError, KubernetesResponseError, RequestAbortedError, ResponseTooLargeError } from '../../src/client/errors.js';
import { SecretScrubber } from '../../src/client/redaction.js';
import type { RetryDecision } from '../../src/client/retry-decision.js';
import { apiError, headerValue, networkFailure, parseBody, tooLarge } from '../../src/client/transport/responses.js';
import { type RetryLoop, withRetry } from '../../src/client/transport/with-retry.js';

const where = { method: 'GET', path: '/apis/eci.alibabacloud.com/v1/imagecaches/web' } as const;
const TOKEN = 'sk-live-0123456789abcdef';

function answer(statusCode: number, text: string, headers: Record<string, unknown> = {}) {
  return { statusCode, text, headers };
}

function scrubberKnowing(...secrets: string[]): SecretScrubber {
  const scrubber = new SecretScrubber();
  for (const secret of secrets) scrubber.remember(secret);
  return scrubber;
}

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('headerValue', () => {
  it('reads a single value, the first of a repeated header, and nothing else', () => {
    expect(headerValue('5')).toBe('5');
    expect(headerValue(['7', '9'])).toBe('7');
    expect(headerValue([7, '9'])).toBeUndefined();
    expect(headerValue([])).toBeUndefined();
    expect(headerValue(7)).toBeUndefined();
    expect(headerValue(undefined)).toBeUndefined();
  });
});

describe('parseBody', () => {
  it('returns the decoded JSON of a 2xx', () => {
    expect(parseBody(answer(200, '{"kind":"ImageCache","spec":{"images":["nginx"]}}'), where, [])).toEqual({
      kind: 'ImageCache',
      spec: { images: ['nginx'] },
    });
  });

  it.each([
    ['an empty body', ''],
    ['an object cut mid-way', '{"kind":'],
    ['an object cut after a value', '{"kind": "ImageCache"'],
    ['a list cut after leading blanks', '  \n [1,'],
    ['an unterminated string inside an object', '{"kind": "Image'],
  ])('calls %s truncated', (_, text) => {
    const error = thrownBy(() => parseBody(answer(200, text, { 'content-type': 'application/json' }), where, []));
    expect(error).toBeInstanceOf(KubernetesResponseError);
    expect(error).toMatchObject({ problem: 'truncated', statusCode: 200, contentType: 'application/json', method: 'GET', path: where.path });
    expect((error as Error).message).toContain('cut short');
  });

  it.each([
    ['an HTML page', '<html><body>502 Bad Gateway</body></html>'],
    ['a bare unterminated string holding a brace', '"Image {'],
    ['text that only contains a brace later', 'oops {"kind":'],
    ['JSON-looking text with a bad token', '{"kind": ImageCache}'],
  ])('calls %s not JSON', (_, text) => {
    const error = thrownBy(() => parseBody(answer(200, text), where, []));
    expect(error).toBeInstanceOf(KubernetesResponseError);
    expect(error).toMatchObject({ problem: 'not-json', statusCode: 200, contentType: undefined });
    expect((error as Error).message).toContain('not JSON');
  });

  it('takes the first content type of a repeated header, and quotes the body scrubbed', () => {
    const error = thrownBy(() => parseBody(answer(200, `<p>token ${TOKEN}</p>`, { 'content-type': ['text/html', 'text/plain'] }), where, [TOKEN]));
    expect(error).toMatchObject({ problem: 'not-json', contentType: 'text/html', excerpt: '<p>token [REDACTED]</p>' });
    expect((error as Error).message).not.toContain(TOKEN);
  });
});

describe('apiError', () => {
  const status = { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 409, reason: 'Conflict', message: `stale for ${TOKEN}` };

  it("keeps the server's Status, every string of it scrubbed", () => {
    const body = { ...status, details: { name: 'web', causes: [{ field: 'spec', message: `echo ${TOKEN}` }] } };
    const error = apiError(answer(409, JSON.stringify(body)), where, scrubberKnowing(TOKEN));
    expect(error).toBeInstanceOf(KubernetesApiError);
    expect(error.statusCode).toBe(409);
    expect(error.reason).toBe('Conflict');
    expect(error.status.message).toBe('stale for [REDACTED]');
    expect(error.causes).toEqual([{ field: 'spec', message: 'echo [REDACTED]' }]);
    expect(error.bodyExcerpt).toBeUndefined();
    expect(error.retryAfterMs).toBeUndefined();
    expect(JSON.stringify(error.status)).not.toContain(TOKEN);
  });

  it("reads the Status's retryAfterSeconds, and lets a Retry-After header win over it", () => {
    const busy = JSON.stringify({ ...status, code: 429, reason: 'TooManyRequests', details: { retryAfterSeconds: 3 } });
    expect(apiError(answer(429, busy), where, scrubberKnowing()).retryAfterMs).toBe(3_000);
    expect(apiError(answer(429, busy, { 'retry-after': '1' }), where, scrubberKnowing()).retryAfterMs).toBe(1_000);
    expect(apiError(answer(429, busy, { 'retry-after': ['2', '9'] }), where, scrubberKnowing()).retryAfterMs).toBe(2_000);
    // An unreadable header is no header: the Status's own hint stands.
    expect(apiError(answer(429, busy, { 'retry-after': 'soon' }), where, scrubberKnowing()).retryAfterMs).toBe(3_000);
  });

  it('makes a Status from the code when a proxy answered, and quotes its body scrubbed', () => {
    const error = apiError(answer(503, `<h1>down</h1> Authorization: Bearer ${TOKEN}`, { 'retry-after': '4' }), where, scrubberKnowing(TOKEN));
    expect(error.status).toEqual({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 503, reason: 'ServiceUnavailable' });
    expect(error.reason).toBe('ServiceUnavailable');
    expect(error.bodyExcerpt).toBe('<h1>down</h1> Authorization: Bearer [REDACTED]');
    expect(error.retryAfterMs).toBe(4_000);
    expect(error.message).not.toContain(TOKEN);
  });

  it('reads JSON that is not a Status as a body to quote, without a Retry-After', () => {
    const error = apiError(answer(502, '{"error":"bad gateway"}'), where, scrubberKnowing());
    expect(error.status).toEqual({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 502, reason: 'Unknown' });
    expect(error.bodyExcerpt).toBe('{"error":"bad gateway"}');
    expect(error.retryAfterMs).toBeUndefined();
  });
});

describe('tooLarge', () => {
  const limit = 1024;

  function axiosFailure(message: string, code: string, request?: unknown): AxiosError {
    return new AxiosError(message, code, undefined, request);
  }

  it("names the limit and the answer's status code when axios stopped reading at maxContentLength", () => {
    const error = tooLarge(axiosFailure('maxContentLength size of 1024 exceeded', 'ERR_BAD_RESPONSE', { res: { statusCode: 200 } }), where, limit);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ statusCode: 200, limitBytes: limit, problem: 'too-large', method: 'GET', path: where.path });
  });

  it('reports status 0 when no response is attached', () => {
    expect(tooLarge(axiosFailure('maxContentLength size of 1024 exceeded', 'ERR_BAD_RESPONSE'), where, limit)?.statusCode).toBe(0);
    expect(tooLarge(axiosFailure('maxContentLength size of 1024 exceeded', 'ERR_BAD_RESPONSE', {}), where, limit)?.statusCode).toBe(0);
  });

  it('leaves every other failure alone', () => {
    expect(tooLarge(axiosFailure('stream has been aborted', 'ERR_BAD_RESPONSE'), where, limit)).toBeUndefined();
    expect(tooLarge(axiosFailure('body: maxContentLength size of 1024 exceeded', 'ERR_BAD_RESPONSE'), where, limit)).toBeUndefined();
    expect(tooLarge(axiosFailure('maxContentLength size of 1024 exceeded', 'ECONNRESET'), where, limit)).toBeUndefined();
    const lookalike = Object.assign(new Error('maxContentLength size of 1024 exceeded'), { code: 'ERR_BAD_RESPONSE' });
    expect(tooLarge(lookalike, where, limit)).toBeUndefined();
  });
});

describe('networkFailure', () => {
  function systemError(code: string, message: string, fields: Record<string, unknown> = {}): Error {
    return Object.assign(new Error(message), { code, ...fields });
  }

  it("copies the system error's plain fields, never the library's request", () => {
    const system = systemError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:6443', {
      errno: -111,
      syscall: 'connect',
      address: '10.0.0.1',
      port: 6443,
      host: 'api.example',
      config: { headers: { Authorization: `Bearer ${TOKEN}` } },
    });
    const outer = Object.assign(new Error('wrapped'), { code: 'ERR_OUTER', cause: system, config: system['config' as keyof Error] });
    const error = networkFailure(outer, where, []);
    expect(error).toBeInstanceOf(KubernetesNetworkError);
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.message).toBe(`GET ${where.path}: connect ECONNREFUSED 10.0.0.1:6443 (ECONNREFUSED)`);
    const cause = error.cause as Error & Record<string, unknown>;
    expect(cause).toBeInstanceOf(Error);
    expect(cause.message).toBe('connect ECONNREFUSED 10.0.0.1:6443');
    expect(cause.name).toBe('Error');
    expect({ ...cause }).toEqual({
      name: 'Error',
      code: 'ECONNREFUSED',
      errno: -111,
      syscall: 'connect',
      address: '10.0.0.1',
      port: 6443,
      host: 'api.example',
    });
    expect(JSON.stringify({ ...cause })).not.toContain(TOKEN);
  });

  it("uses the outer error when its cause carries no code, and keeps the system error's name", () => {
    const outer = Object.assign(new TypeError('getaddrinfo EAI_AGAIN api.example'), {
      code: 'EAI_AGAIN',
      port: { not: 'plain' },
      cause: new Error('no code here'),
    });
    const error = networkFailure(outer, where, []);
    expect(error.code).toBe('EAI_AGAIN');
    expect(error.cause).not.toHaveProperty('port');
    expect((error.cause as Error).message).toBe('getaddrinfo EAI_AGAIN api.example');
    expect((error.cause as Error).name).toBe('TypeError');
  });

  it('takes the message of the outer error when the system error has none', () => {
    const inner = Object.assign(new Error(''), { code: 'ETIMEDOUT' });
    const outer = Object.assign(new Error('timed out reading'), { code: 'ECONNABORTED', cause: inner });
    const error = networkFailure(outer, where, []);
    expect(error.code).toBe('ETIMEDOUT');
    expect((error.cause as Error).message).toBe('timed out reading');
  });

  it('ignores a cause that is not an Error, and an empty code', () => {
    const outer = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', cause: { code: 'EIGNORED', message: 'not an Error' } });
    expect(networkFailure(outer, where, []).code).toBe('ECONNRESET');
    expect((networkFailure(outer, where, []).cause as Error).message).toBe('socket hang up');
    const blank = Object.assign(new Error('blank code'), { code: '' });
    expect(networkFailure(blank, where, []).code).toBe('EUNKNOWN');
  });

  it('calls a body that stopped arriving a reset connection', () => {
    expect(networkFailure(Object.assign(new Error('stream has been Aborted'), { code: 'ERR_BAD_RESPONSE' }), where, []).code).toBe('ECONNRESET');
    expect(networkFailure(Object.assign(new Error('bad header'), { code: 'ERR_BAD_RESPONSE' }), where, []).code).toBe('ERR_BAD_RESPONSE');
    expect(networkFailure(Object.assign(new Error('aborted'), { code: 'ERR_OTHER' }), where, []).code).toBe('ERR_OTHER');
  });

  it('reads anything thrown, even a string, as an unknown failure', () => {
    const error = networkFailure('socket closed', where, []);
    expect(error.code).toBe('EUNKNOWN');
    expect((error.cause as Error).message).toBe('socket closed');
    expect({ ...(error.cause as object) }).toEqual({ name: 'Error', code: 'EUNKNOWN' });
    expect(networkFailure(null, where, []).code).toBe('EUNKNOWN');
    expect((networkFailure(null, where, []).cause as Error).message).toBe('null');
  });

  it('scrubs the secrets the caller passes out of the message', () => {
    const error = networkFailure(Object.assign(new Error(`proxy refused ${TOKEN}`), { code: 'ECONNRESET' }), where, [TOKEN]);
    expect(error.message).not.toContain(TOKEN);
    expect((error.cause as Error).message).toBe('proxy refused [REDACTED]');
  });
});

describe('withRetry', () => {
  const unauthorized = () => new KubernetesApiError({ ...where, statusCode: 401, status: { kind: 'Status', code: 401, reason: 'Unauthorized' } });
  const unavailable = () => new KubernetesApiError({ ...where, statusCode: 503, status: { kind: 'Status', code: 503, reason: 'ServiceUnavailable' } });
  const refused = () => new KubernetesNetworkError({ ...where, code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });

  /** A loop whose sends follow `script`: a status to answer with, or an error to reject with. */
  function scripted(script: (number | Error)[], overrides: Partial<RetryLoop<number>> = {}) {
    const sends: [number, boolean][] = [];
    const events: string[] = [];
    const loop: RetryLoop<number> = {
      identity: where,
      canRefresh: true,
      send: async (number, forceRefresh) => {
        sends.push([number, forceRefresh]);
        const next = script.shift();
        if (next === undefined) throw new Error('script ran out');
        if (next instanceof Error) throw next;
        return { status: next, data: '' } as never;
      },
      interpret: (response) => {
        const { status } = response as unknown as { status: number };
        if (status === 401) throw unauthorized();
        if (status === 503) throw unavailable();
        return status;
      },
      decide: (_failure, failures) => (failures <= 2 ? { delayMs: 0, reason: `try ${failures}` } : undefined),
      onRetry: (attempt, decision) => events.push(`retry ${attempt} ${decision.reason}`),
      onResend: () => events.push('resend'),
      ...overrides,
    };
    return { loop, sends, events };
  }

  it('returns the first answer, after one send, without forcing a refresh', async () => {
    const { loop, sends, events } = scripted([200]);
    await expect(withRetry(loop)).resolves.toEqual({ value: 200, attempts: 1 });
    expect(sends).toEqual([[1, false]]);
    expect(events).toEqual([]);
  });

  it('retries what the decision allows, counting failures and attempts, and tells the hooks', async () => {
    const decide = vi.fn((_failure: unknown, failures: number, _attempt: number): RetryDecision | undefined =>
      failures <= 2 ? { delayMs: 0, reason: 'refused' } : undefined,
    );
    const { loop, sends, events } = scripted([refused(), refused(), 200], { decide });
    await expect(withRetry(loop)).resolves.toEqual({ value: 200, attempts: 3 });
    expect(sends).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ]);
    expect(decide.mock.calls.map(([failure, failures, attempt]) => [(failure as KubernetesNetworkError).code, failures, attempt])).toEqual([
      ['ECONNREFUSED', 1, 1],
      ['ECONNREFUSED', 2, 2],
    ]);
    expect(events).toEqual(['retry 1 refused', 'resend', 'retry 2 refused', 'resend']);
  });

  it('throws the failure itself when the decision gives up', async () => {
    const last = refused();
    const { loop, sends, events } = scripted([refused(), refused(), last, 200]);
    await expect(withRetry(loop)).rejects.toBe(last);
    expect(sends).toHaveLength(3);
    expect(events).toEqual(['retry 1 try 1', 'resend', 'retry 2 try 2', 'resend']);
  });

  it('cures one 401 with a fresh token outside the retry budget, and only one', async () => {
    const decide = vi.fn(() => undefined);
    const { loop, sends, events } = scripted([401, 200], { decide });
    await expect(withRetry(loop)).resolves.toEqual({ value: 200, attempts: 2 });
    expect(sends).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(decide).not.toHaveBeenCalled();
    expect(events).toEqual(['resend']);

    const twice = scripted([401, 401, 200], { decide: () => undefined });
    await expect(withRetry(twice.loop)).rejects.toMatchObject({ statusCode: 401 });
    expect(twice.sends).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('keeps asking for a fresh token until an answer arrives', async () => {
    const { loop, sends } = scripted([401, refused(), 200, 401]);
    await expect(withRetry(loop)).resolves.toEqual({ value: 200, attempts: 3 });
    expect(sends).toEqual([
      [1, false],
      [2, true],
      [3, true],
    ]);
    // An answer, even a failed one, ends the asking.
    const after = scripted([401, 503, 200]);
    await expect(withRetry(after.loop)).resolves.toEqual({ value: 200, attempts: 3 });
    expect(after.sends).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
  });

  it('hands a 401 to the decision when no fresh token can be had', async () => {
    const decide = vi.fn(() => undefined);
    const { loop, sends } = scripted([401, 200], { canRefresh: false, decide });
    await expect(withRetry(loop)).rejects.toMatchObject({ statusCode: 401 });
    expect(sends).toEqual([[1, false]]);
    expect(decide).toHaveBeenCalledTimes(1);
  });

  it('refreshes only after a 401: a 403 goes to the decision', async () => {
    const forbidden = new KubernetesApiError({ ...where, statusCode: 403, status: { kind: 'Status', code: 403, reason: 'Forbidden' } });
    const { loop, sends } = scripted([forbidden, 200], { decide: () => undefined });
    await expect(withRetry(loop)).rejects.toBe(forbidden);
    expect(sends).toEqual([[1, false]]);
  });

  it('stops waiting and sends nothing more when the signal aborts during the delay', async () => {
    const controller = new AbortController();
    const { loop, sends, events } = scripted([refused(), 200], {
      decide: () => ({ delayMs: 60_000, reason: 'refused' }),
      onRetry: () => controller.abort('shutting down'),
      signal: controller.signal,
    });
    const error = await withRetry(loop).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(error).toMatchObject({ method: 'GET', path: where.path, cause: 'shutting down' });
    expect(sends).toHaveLength(1);
    expect(events).toEqual([]);
  });
});
