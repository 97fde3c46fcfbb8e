/**
 * Defect 7 of issue 12: a server that keeps expiring or repeating continue tokens must not make
 * listAll or the watch's relist loop (13,446 requests in 3 s, 954 MB buffered in 8 s).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ImageCacheClient, isGone, isPaginationError, PaginationError, type ImageCacheClientOptions, type RetryLogRecord } from '../../src/client/index.js';
import { listOf, serverImageCache, statusOf } from '../client/helpers/fixtures.js';
import { sendJson, startTestServer, type Handler, type TestServer } from '../client/helpers/test-server.js';

const FAST: ImageCacheClientOptions = { retry: { retries: 4, baseDelayMs: 8, maxDelayMs: 16 }, watchRetry: { retries: 3, baseDelayMs: 1, maxDelayMs: 2 } };

describe('paging never loops on a misbehaving server', () => {
  let server: TestServer | undefined;
  let client: ImageCacheClient | undefined;
  const retries: RetryLogRecord[] = [];
  async function start(handler: Handler): Promise<ImageCacheClient> {
    retries.length = 0;
    server = await startTestServer(handler);
    client = new ImageCacheClient({ server: server.url }, { ...FAST, hooks: { onRetry: (r) => retries.push(r) } });
    return client;
  }
  afterEach(async () => {
    client?.close();
    await server?.close();
    server = client = undefined;
  });

  async function drain(iterable: AsyncIterable<unknown>): Promise<unknown> {
    try {
      for await (const _ of iterable) {
        // just consume
      }
    } catch (error) {
      return error;
    }
    return undefined;
  }

  it("'inconsistent': every continue answered 410 with the same fresh token stops at the repeat", async () => {
    await start((req, res) => {
      if (!req.query.get('continue')) return sendJson(res, 200, listOf([serverImageCache('a')], { continue: 'first' }));
      return sendJson(res, 410, statusOf(410, 'Expired', 'continue expired', { metadata: { continue: 'fresh' } }));
    });
    const error = await drain(client!.listAll({ onContinueExpired: 'inconsistent' }));
    expect(isPaginationError(error)).toBe(true);
    expect(error).toMatchObject({ problem: 'repeated-continue', pages: 1 });
    expect(server!.requests.map((r) => r.query.get('continue'))).toEqual([null, 'first', 'fresh']);
  });

  it("'inconsistent': a new fresh token on every 410 is followed at most 3 times in a row, with backoff, then a typed error", async () => {
    let n = 0;
    await start((req, res) => {
      if (!req.query.get('continue')) return sendJson(res, 200, listOf([serverImageCache('a')], { continue: 'first' }));
      return sendJson(res, 410, statusOf(410, 'Expired', 'continue expired', { metadata: { continue: `fresh-${++n}` } }));
    });
    const error = await drain(client!.listAll({ onContinueExpired: 'inconsistent' }));
    expect(error).toBeInstanceOf(PaginationError);
    expect(error).toMatchObject({ problem: 'restarts-exhausted', pages: 1 });
    expect(isGone((error as Error).cause)).toBe(true);
    expect(server!.requests).toHaveLength(5);
    // Each restart waited a backoff delay from the client's retry policy (half-jittered 8 ms doubling).
    expect(retries.map((r) => r.reason)).toEqual(['410 Expired continue', '410 Expired continue', '410 Expired continue']);
    expect(retries.map((r) => r.delayMs >= 4 && r.delayMs <= 16)).toEqual([true, true, true]);
  });

  it("'inconsistent': a restart that then gets a page resets the count", async () => {
    await start((req, res) => {
      const token = req.query.get('continue');
      if (!token) return sendJson(res, 200, listOf([serverImageCache('a')], { continue: 't1' }));
      if (token.startsWith('t')) {
        const next = Number(token.slice(1));
        return sendJson(res, 410, statusOf(410, 'Expired', 'expired', { metadata: { continue: `f${next}` } }));
      }
      const page = Number(token.slice(1));
      return sendJson(res, 200, listOf([serverImageCache(`p${page}`)], page < 4 ? { continue: `t${page + 1}` } : {}));
    });
    const names: string[] = [];
    for await (const cache of client!.listAll({ onContinueExpired: 'inconsistent' })) names.push(cache.metadata.name ?? '');
    expect(names).toEqual(['a', 'p1', 'p2', 'p3', 'p4']);
  });

  it('listAll: a server that repeats the continue token of a page stops after the repeat', async () => {
    await start((req, res) => sendJson(res, 200, listOf([serverImageCache(`n${req.query.get('continue') ?? '0'}`)], { continue: 'same' })));
    const names: string[] = [];
    const error = await drain(
      (async function* () {
        for await (const cache of client!.listAll()) {
          names.push(cache.metadata.name ?? '');
          yield cache;
        }
      })(),
    );
    expect(error).toMatchObject({ name: 'PaginationError', problem: 'repeated-continue', pages: 2 });
    expect(names).toEqual(['n0', 'nsame']);
    expect(server!.requests).toHaveLength(2);
  });

  it('the watch relist: a repeated continue token is thrown as PaginationError, not buffered forever', async () => {
    await start((req, res) => {
      if (req.query.get('watch') === 'true') return sendJson(res, 410, statusOf(410, 'Expired', 'too old'));
      return sendJson(res, 200, listOf([serverImageCache('a')], { continue: 'same', resourceVersion: '9' }));
    });
    const error = await drain(client!.watch({ resourceVersion: '5' }));
    expect(isPaginationError(error)).toBe(true);
    expect(server!.requests.filter((r) => r.query.get('watch') !== 'true')).toHaveLength(2);
  });

  it('the initial list of a watch without resourceVersion is guarded the same way', async () => {
    await start((_req, res) => sendJson(res, 200, listOf([serverImageCache('a')], { continue: 'same', resourceVersion: '9' })));
    const error = await drain(client!.watch());
    expect(error).toMatchObject({ name: 'PaginationError', problem: 'repeated-continue' });
    expect(server!.requests).toHaveLength(2);
  });
});
