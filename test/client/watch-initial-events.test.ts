// watch({ sendInitialEvents }) against a test server that can misbehave as kube-apiserver cannot:
// a stream closed before its initial-events-end bookmark must throw, never resume mid-way.
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ImageCacheClient, InitialEventsIncompleteError, type WatchStreamEvent } from '../../src/client/index.js';
import { serverImageCache, watchLine } from './helpers/fixtures.js';
import { startTestServer } from './helpers/test-server.js';
import { closedAfterEach } from './helpers/client-per-test.js';

const END = `${JSON.stringify({ type: 'BOOKMARK', object: { kind: 'ImageCache', apiVersion: 'eci.alibabacloud.com/v1', metadata: { resourceVersion: '50', annotations: { 'k8s.io/initial-events-end': 'true' } } } })}\n`;

function stream(res: ServerResponse, lines: string[], end: boolean): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  for (const line of lines) res.write(line);
  if (end) res.end();
}

describe('watch with sendInitialEvents', () => {
  const open = closedAfterEach();

  it('asks for a streaming list once, yields the end bookmark, then resumes from it as an ordinary watch', async () => {
    const queries: URLSearchParams[] = [];
    open.server = await startTestServer((req, res) => {
      const query = new URL(req.url ?? '/', 'http://x').searchParams;
      queries.push(query);
      if (queries.length === 1) stream(res, [watchLine('ADDED', serverImageCache('a', { resourceVersion: '7' })), END], true);
      else stream(res, [watchLine('ADDED', serverImageCache('b', { resourceVersion: '51' }))], false);
    });
    open.client = new ImageCacheClient({ server: open.server.url }, { watchRetry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    const controller = new AbortController();
    const events: WatchStreamEvent[] = [];
    for await (const event of open.client.watch({ sendInitialEvents: true, signal: controller.signal })) {
      events.push(event);
      if (events.length === 3) controller.abort();
    }
    expect(
      events.map((e) =>
        e.type === 'BOOKMARK'
          ? `BOOKMARK ${e.resourceVersion} ${e.initialEventsEnd}`
          : e.type === 'RELISTED'
            ? 'RELISTED'
            : `${e.type} ${e.object.metadata.name}`,
      ),
    ).toEqual(['ADDED a', 'BOOKMARK 50 true', 'ADDED b']);
    expect(queries[0]?.get('sendInitialEvents')).toBe('true');
    expect(queries[0]?.get('resourceVersionMatch')).toBe('NotOlderThan');
    expect(queries[1]?.get('sendInitialEvents')).toBeNull();
    expect(queries[1]?.get('resourceVersion')).toBe('50');
  });

  it('throws InitialEventsIncompleteError when the stream ends before the end bookmark, instead of resuming', async () => {
    let requests = 0;
    open.server = await startTestServer((_req, res) => {
      requests++;
      stream(res, [watchLine('ADDED', serverImageCache('a', { resourceVersion: '7' }))], true);
    });
    open.client = new ImageCacheClient({ server: open.server.url }, { watchRetry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    const seen: string[] = [];
    const failure = await (async () => {
      for await (const event of open.client!.watch({ sendInitialEvents: true })) seen.push(event.type);
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InitialEventsIncompleteError);
    expect(seen).toEqual(['ADDED']);
    expect(requests).toBe(1);
  });
});
