// The watch's retry rules end to end against a local HTTP server: watchRetry: false, the cap on
// a server's Retry-After, and a long-lived signal that must not collect abort listeners.
import { getEventListeners } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isWatchFailedError, type RetryLogRecord, type WatchStreamEvent } from '../../src/client/index.js';
import { serverImageCache, statusOf, watchLine } from './helpers/fixtures.js';
import { clientPerTest } from './helpers/client-per-test.js';
import { sendJson } from './helpers/test-server.js';

function endStream(res: ServerResponse, lines: string[]): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  for (const line of lines) res.write(line);
  res.end();
}

describe('watch retries', () => {
  const open = clientPerTest();
  const start = open.start;

  it('watchRetry: false gives up after the first failure, with a WatchFailedError holding the last resourceVersion', async () => {
    const c = await start((_req, res) => sendJson(res, 503, statusOf(503, 'ServiceUnavailable', 'etcd is down')), {
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
      watchRetry: false,
    });
    const error = await (async () => {
      for await (const _event of c.watch({ resourceVersion: '42' })) throw new Error('no event was sent');
      return undefined;
    })().catch((e: unknown) => e);
    expect(isWatchFailedError(error)).toBe(true);
    expect(error).toMatchObject({ failures: 1, lastResourceVersion: '42' });
    expect(open.server!.requests).toHaveLength(1);
  });

  it("caps a server's Retry-After at watchRetry.maxDelayMs instead of stalling for an hour", async () => {
    const retries: RetryLogRecord[] = [];
    const c = await start(
      (_req, res, index) => {
        if (index === 0) sendJson(res, 429, statusOf(429, 'TooManyRequests', 'slow down'), { 'Retry-After': '3600' });
        else endStream(res, [watchLine('ADDED', serverImageCache('web', { resourceVersion: '7' }))]);
      },
      { retry: { baseDelayMs: 1, maxDelayMs: 2 }, watchRetry: { retries: 3, baseDelayMs: 1, maxDelayMs: 5 }, hooks: { onRetry: (r) => retries.push(r) } },
    );
    const controller = new AbortController();
    const events: WatchStreamEvent[] = [];
    for await (const event of c.watch({ resourceVersion: '1', signal: controller.signal })) {
      events.push(event);
      controller.abort();
    }
    expect(events.map((e) => e.type)).toEqual(['ADDED']);
    expect(retries).toEqual([expect.objectContaining({ attempt: 1, delayMs: 5, reason: '429 TooManyRequests' })]);
  });

  it('leaves no abort listeners on the caller’s signal while reconnecting again and again', async () => {
    let rv = 0;
    // Every stream delivers one event and ends: the watch reconnects once per event.
    const c = await start((_req, res) => endStream(res, [watchLine('MODIFIED', serverImageCache('web', { resourceVersion: String(++rv) }))]), {
      watchRetry: { retries: 3, baseDelayMs: 1, maxDelayMs: 2 },
    });
    const controller = new AbortController();
    const listeners: number[] = [];
    let seen = 0;
    for await (const _event of c.watch({ resourceVersion: '1', signal: controller.signal })) {
      listeners.push(getEventListeners(controller.signal, 'abort').length);
      if (++seen === 40) controller.abort();
    }
    expect(seen).toBe(40);
    // One reconnection's worth at most, never one per reconnection.
    expect(Math.max(...listeners)).toBeLessThanOrEqual(2);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('leaves no abort listeners behind after a request that was retried and then succeeded', async () => {
    const c = await start(
      (_req, res, index) => {
        if (index < 3) sendJson(res, 503, statusOf(503, 'ServiceUnavailable', 'busy'));
        else sendJson(res, 200, serverImageCache('web'));
      },
      { retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 2 } },
    );
    const controller = new AbortController();
    await expect(c.get('web', { signal: controller.signal })).resolves.toMatchObject({ metadata: { name: 'web' } });
    expect(open.server!.requests).toHaveLength(4);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('a request whose signal aborts during the backoff is not sent again', async () => {
    const controller = new AbortController();
    const c = await start(
      (_req, res) => {
        sendJson(res, 503, statusOf(503, 'ServiceUnavailable', 'busy'));
      },
      { retry: { retries: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 }, hooks: { onRetry: () => controller.abort() } },
    );
    await expect(c.get('web', { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(open.server!.requests).toHaveLength(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
