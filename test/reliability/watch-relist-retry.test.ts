/**
 * Defect 4 of issue 12: the relist after a 410 is retried under `watchRetry` like a reconnect,
 * and a spent budget ends in WatchFailedError carrying the last cause, never a raw API error.
 * The outage is counted in requests, not seconds: with the default policies a 6 s run of 503s is
 * about 12 list requests (one relist attempt spends ~2.6 s on its own 5 tries), so the test
 * answers 12 503s with millisecond backoffs and asserts no time.
 */
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  ImageCacheClient,
  isWatchFailedError,
  KubernetesApiError,
  type ImageCacheClientOptions,
  type RetryLogRecord,
  type WatchStreamEvent,
} from '../../src/client/index.js';
import { listOf, statusOf, withStatus, watchLine } from '../client/helpers/fixtures.js';
import { sendJson, startTestServer } from '../client/helpers/test-server.js';
import { closedAfterEach } from '../client/helpers/client-per-test.js';

const POLICIES = { retry: { retries: 4, baseDelayMs: 1, maxDelayMs: 2 }, watchRetry: { retries: 8, baseDelayMs: 1, maxDelayMs: 2 } };
const OUTAGE_LIST_REQUESTS = 12;

function hold(res: ServerResponse, lines: string[]): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  for (const line of lines) res.write(line);
}

describe('the relist after 410 Gone is retried under watchRetry', () => {
  const open = closedAfterEach();

  /** Watch from rv 5 answers 410; the list answers 503 `outage` times, then the state at rv 100. */
  async function start(outage: number, extra: ImageCacheClientOptions = {}): Promise<ImageCacheClient> {
    let lists = 0;
    open.server = await startTestServer((req, res) => {
      const rv = req.query.get('resourceVersion');
      if (req.method === 'GET' && req.path.endsWith('/imagecaches/web')) return sendJson(res, 200, withStatus('web', '5', 'Creating', '40%'));
      if (req.query.get('watch') !== 'true') {
        lists++;
        if (lists <= outage) return sendJson(res, 503, statusOf(503, 'ServiceUnavailable', 'apiserver is restarting'));
        return sendJson(res, 200, listOf([withStatus('web', '99', 'Ready', '100%')], { resourceVersion: '100' }));
      }
      if (rv === '5') return sendJson(res, 410, statusOf(410, 'Expired', 'too old resource version: 5 (80)'));
      return hold(res, [watchLine('MODIFIED', withStatus('web', '101', 'Ready', '100%'))]);
    });
    open.client = new ImageCacheClient({ server: open.server.url }, { ...POLICIES, ...extra });
    return open.client;
  }

  it(`a 410 then ${OUTAGE_LIST_REQUESTS} 503s on the relist: the watch survives and yields RELISTED`, async () => {
    const retries: RetryLogRecord[] = [];
    const c = await start(OUTAGE_LIST_REQUESTS, { hooks: { onRetry: (r) => retries.push(r) } });
    const events: WatchStreamEvent[] = [];
    const controller = new AbortController();
    for await (const event of c.watch({ resourceVersion: '5', signal: controller.signal })) {
      events.push(event);
      if (events.length === 2) controller.abort();
    }
    expect(events.map((e) => e.type)).toEqual(['RELISTED', 'MODIFIED']);
    expect(events[0]).toMatchObject({ resourceVersion: '100' });
    // The watch loop itself retried the relist (not only the list request's own retries).
    expect(retries.filter((r) => !r.url.includes('watch=true') && r.reason.startsWith('503')).length).toBeGreaterThanOrEqual(OUTAGE_LIST_REQUESTS);
  });

  it('waitForReady survives the same outage and resolves from the relist', async () => {
    const c = await start(OUTAGE_LIST_REQUESTS);
    const ready = await c.waitForReady('web', { timeoutMs: 15_000 });
    expect(ready.status?.phase).toBe('Ready');
  });

  it('when the budget is spent the error is WatchFailedError with the 503 as cause, never the raw 503', async () => {
    const c = await start(Number.POSITIVE_INFINITY, { watchRetry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    const iterate = async (): Promise<void> => {
      for await (const _ of c.watch({ resourceVersion: '5' })) {
        // the relist never succeeds
      }
    };
    const error = await iterate().catch((e: unknown) => e);
    expect(isWatchFailedError(error)).toBe(true);
    expect(error).toMatchObject({ failures: 3, lastResourceVersion: '5' });
    expect((error as Error).cause).toBeInstanceOf(KubernetesApiError);
    expect((error as Error).cause).toMatchObject({ statusCode: 503 });
    // 3 relist attempts of 5 requests each (the list request's own retries).
    expect(open.server!.requests.filter((r) => r.query.get('watch') !== 'true')).toHaveLength(15);
  });

  it('a relist refused for good (403) is thrown at once as the API error, as for a watch', async () => {
    open.server = await startTestServer((req, res) => {
      if (req.query.get('watch') === 'true') return sendJson(res, 410, statusOf(410, 'Expired', 'too old'));
      return sendJson(res, 403, statusOf(403, 'Forbidden', 'cannot list'));
    });
    open.client = new ImageCacheClient({ server: open.server.url }, POLICIES);
    const iterate = async (): Promise<void> => {
      for await (const _ of open.client!.watch({ resourceVersion: '5' })) {
        // nothing
      }
    };
    await expect(iterate()).rejects.toMatchObject({ name: 'KubernetesApiError', statusCode: 403 });
    expect(open.server.requests.filter((r) => r.query.get('watch') !== 'true')).toHaveLength(1);
  });
});
