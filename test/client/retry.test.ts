import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ImageCacheClient,
  isAlreadyExists,
  isNetworkError,
  isTooManyRequests,
  type ImageCacheClientOptions,
  type RetryLogRecord,
} from '../../src/client/index.js';
import { serverImageCache, statusOf } from './helpers/fixtures.js';

const SERVER = 'http://127.0.0.1:6443';
const COLLECTION = '/apis/eci.alibabacloud.com/v1/imagecaches';
const WEB = { metadata: { name: 'web' }, spec: { images: ['nginx:1.25'] } };

function clientWith(options: ImageCacheClientOptions = {}, retries: RetryLogRecord[] = []): ImageCacheClient {
  return new ImageCacheClient({ server: SERVER }, { retry: { baseDelayMs: 1, maxDelayMs: 2_000 }, hooks: { onRetry: (r) => retries.push(r) }, ...options });
}

/** An interceptor answering `replies` in order and counting the calls. */
function sequence(method: 'get' | 'post' | 'put' | 'delete' | 'patch', path: string, replies: Array<() => nock.ReplyFnResult>) {
  const calls = { count: 0 };
  const scope = nock(SERVER);
  for (const reply of replies) {
    scope[method](path)
      .query(true)
      .reply(() => {
        calls.count++;
        return reply();
      });
  }
  return calls;
}

function systemError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:6443`), { code, syscall: 'connect' });
}

describe('retries', () => {
  // Requests no interceptor matched: a duplicated create would show up here.
  let sent = 0;
  const onRequest = (): void => {
    sent++;
  };
  beforeAll(() => {
    nock.disableNetConnect();
    nock.emitter.on('no match', onRequest);
  });
  afterAll(() => {
    nock.emitter.off('no match', onRequest);
    nock.enableNetConnect();
  });
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
    sent = 0;
  });

  it('429 with Retry-After is retried after the time the server asked for', async () => {
    const retries: RetryLogRecord[] = [];
    const client = clientWith({}, retries);
    const calls = sequence('get', `${COLLECTION}/web`, [
      () => [429, statusOf(429, 'TooManyRequests', 'slow down'), { 'Retry-After': '1' }],
      () => [200, serverImageCache('web')],
    ]);
    await expect(client.get('web')).resolves.toMatchObject({ metadata: { name: 'web' } });
    expect(calls.count).toBe(2);
    expect(retries).toEqual([expect.objectContaining({ attempt: 1, delayMs: 1000, reason: '429 TooManyRequests', method: 'GET' })]);
    client.close();
  });

  it('a Retry-After beyond maxDelayMs is not waited for: the 429 is thrown with retryAfterMs', async () => {
    const client = clientWith({ retry: { baseDelayMs: 1, maxDelayMs: 50 } });
    const calls = sequence('get', `${COLLECTION}/web`, [() => [429, statusOf(429, 'TooManyRequests', 'slow down'), { 'Retry-After': '120' }]]);
    const error = await client.get('web').catch((e: unknown) => e);
    expect(isTooManyRequests(error)).toBe(true);
    expect(error).toMatchObject({ retryAfterMs: 120_000 });
    expect(calls.count).toBe(1);
    client.close();
  });

  it('500 then success: a GET is retried once and succeeds', async () => {
    const client = clientWith();
    const calls = sequence('get', `${COLLECTION}/web`, [() => [500, statusOf(500, 'InternalError', 'etcd hiccup')], () => [200, serverImageCache('web')]]);
    await expect(client.get('web')).resolves.toBeTruthy();
    expect(calls.count).toBe(2);
    client.close();
  });

  it('503 and 504 are retried until the budget is spent, then the last error is thrown', async () => {
    const client = clientWith({ retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    const calls = sequence('get', COLLECTION, [
      () => [503, statusOf(503, 'ServiceUnavailable', 'x')],
      () => [504, statusOf(504, 'Timeout', 'y')],
      () => [503, statusOf(503, 'ServiceUnavailable', 'z')],
    ]);
    await expect(client.list()).rejects.toMatchObject({ statusCode: 503, status: { message: 'z' } });
    expect(calls.count).toBe(3);
    client.close();
  });

  it('a create that got a 500 is not retried: it may have been applied', async () => {
    const client = clientWith();
    const calls = sequence('post', COLLECTION, [() => [500, statusOf(500, 'InternalError', 'x')]]);
    await expect(client.create(WEB)).rejects.toMatchObject({ statusCode: 500 });
    expect(calls.count).toBe(1);
    expect(sent).toBe(0);
    client.close();
  });

  it('a create that met a connection reset is not retried', async () => {
    const client = clientWith();
    nock(SERVER).post(COLLECTION).replyWithError(systemError('ECONNRESET'));
    const error = await client.create(WEB).catch((e: unknown) => e);
    expect(isNetworkError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ECONNRESET', method: 'POST' });
    expect(sent).toBe(0);
    client.close();
  });

  it('a create is retried after connection refused (it never reached the server), and sent once more only', async () => {
    const client = clientWith();
    nock(SERVER).post(COLLECTION).replyWithError(systemError('ECONNREFUSED'));
    let bodies = 0;
    nock(SERVER)
      .post(COLLECTION)
      .reply(201, () => {
        bodies++;
        return serverImageCache('web');
      });
    await expect(client.create(WEB)).resolves.toMatchObject({ metadata: { name: 'web' } });
    expect(bodies).toBe(1);
    client.close();
  });

  it('a create retried after 429 that then meets AlreadyExists with the same spec succeeds with the existing object', async () => {
    const client = clientWith();
    const posts = sequence('post', COLLECTION, [
      () => [429, statusOf(429, 'TooManyRequests', 'x'), { 'Retry-After': '0' }],
      () => [409, statusOf(409, 'AlreadyExists', 'imagecaches "web" already exists')],
    ]);
    const gets = sequence('get', `${COLLECTION}/web`, [() => [200, serverImageCache('web', { spec: { images: ['nginx:1.25'], imageCacheSize: 20 } })]]);
    await expect(client.create(WEB)).resolves.toMatchObject({ metadata: { name: 'web' } });
    expect(posts.count).toBe(2);
    expect(gets.count).toBe(1);
    client.close();
  });

  it('a retried create that meets AlreadyExists with another spec still fails with AlreadyExists', async () => {
    const client = clientWith();
    sequence('post', COLLECTION, [
      () => [429, statusOf(429, 'TooManyRequests', 'x'), { 'Retry-After': '0' }],
      () => [409, statusOf(409, 'AlreadyExists', 'exists')],
    ]);
    sequence('get', `${COLLECTION}/web`, [() => [200, serverImageCache('web', { spec: { images: ['redis'] } })]]);
    const error = await client.create(WEB).catch((e: unknown) => e);
    expect(isAlreadyExists(error)).toBe(true);
    client.close();
  });

  it('a first-attempt AlreadyExists is reported as is, without a GET', async () => {
    const client = clientWith();
    sequence('post', COLLECTION, [() => [409, statusOf(409, 'AlreadyExists', 'exists')]]);
    await expect(client.create(WEB)).rejects.toSatisfy(isAlreadyExists);
    expect(sent).toBe(0);
    client.close();
  });

  it('a merge patch is retried on 429 but not on 503', async () => {
    const client = clientWith();
    const first = sequence('patch', `${COLLECTION}/web`, [
      () => [429, statusOf(429, 'TooManyRequests', 'x'), { 'Retry-After': '0' }],
      () => [200, serverImageCache('web')],
    ]);
    await client.patch('web', { metadata: { labels: { a: 'b' } } });
    expect(first.count).toBe(2);
    const second = sequence('patch', `${COLLECTION}/web`, [() => [503, statusOf(503, 'ServiceUnavailable', 'x')]]);
    await expect(client.patch('web', { metadata: { labels: { a: 'b' } } })).rejects.toMatchObject({ statusCode: 503 });
    expect(second.count).toBe(1);
    client.close();
  });

  it('replace (PUT with resourceVersion) and delete are retried on connection resets', async () => {
    const client = clientWith();
    nock(SERVER).put(`${COLLECTION}/web`).replyWithError(systemError('ECONNRESET'));
    nock(SERVER)
      .put(`${COLLECTION}/web`)
      .reply(200, serverImageCache('web', { resourceVersion: '2' }));
    await client.replace(serverImageCache('web', { resourceVersion: '1' }));
    nock(SERVER).delete(`${COLLECTION}/web`).replyWithError(systemError('ECONNRESET'));
    nock(SERVER).delete(`${COLLECTION}/web`).reply(200, { kind: 'Status', status: 'Success' });
    await client.delete('web');
    client.close();
  });

  it('retry: false sends every request exactly once', async () => {
    const client = clientWith({ retry: false });
    const calls = sequence('get', `${COLLECTION}/web`, [() => [503, statusOf(503, 'ServiceUnavailable', 'x')]]);
    await expect(client.get('web')).rejects.toMatchObject({ statusCode: 503 });
    expect(calls.count).toBe(1);
    client.close();
  });

  it('4xx errors other than 429 are never retried', async () => {
    const client = clientWith();
    for (const [code, reason] of [
      [400, 'BadRequest'],
      [403, 'Forbidden'],
      [404, 'NotFound'],
      [409, 'Conflict'],
    ] as const) {
      const calls = sequence('get', `${COLLECTION}/web`, [() => [code, statusOf(code, reason, 'x')]]);
      await expect(client.get('web')).rejects.toMatchObject({ statusCode: code, reason });
      expect(calls.count).toBe(1);
    }
    client.close();
  });

  it('a credential provider is asked for a fresh token after a 401, and the request is sent once more', async () => {
    const asked: Array<boolean | undefined> = [];
    const tokens = ['old-token-1111', 'new-token-2222'];
    const client = new ImageCacheClient(
      { server: SERVER, credentials: { getToken: async (o) => (asked.push(o?.forceRefresh), tokens[asked.length - 1] ?? 'x') } },
      { retry: false, allowCredentialsOverHttp: true },
    );
    nock(SERVER)
      .post(COLLECTION)
      .matchHeader('authorization', 'Bearer old-token-1111')
      .reply(401, statusOf(401, 'Unauthorized', 'Unauthorized'));
    nock(SERVER).post(COLLECTION).matchHeader('authorization', 'Bearer new-token-2222').reply(201, serverImageCache('web'));
    await expect(client.create(WEB)).resolves.toBeTruthy();
    expect(asked).toEqual([undefined, true]);
    client.close();
  });

  it('a second 401 after the refresh is thrown', async () => {
    const client = new ImageCacheClient(
      { server: SERVER, credentials: { getToken: async () => 'tok-abcdef' } },
      { retry: false, allowCredentialsOverHttp: true },
    );
    const calls = sequence('get', `${COLLECTION}/web`, [
      () => [401, statusOf(401, 'Unauthorized', 'Unauthorized')],
      () => [401, statusOf(401, 'Unauthorized', 'Unauthorized')],
    ]);
    await expect(client.get('web')).rejects.toMatchObject({ statusCode: 401 });
    expect(calls.count).toBe(2);
    client.close();
  });
});
