/**
 * Defect 3 of issue 12: a watch started without a resourceVersion must never lose an object when
 * its connection drops during the initial state. A fault server plays kube-apiserver's "most
 * recent" semantics: initial ADDED events in name order, whose resourceVersions are not in that
 * order, so resuming from the last one seen skips the rest.
 */
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ImageCacheClient, type WatchStreamEvent } from '../../src/client/index.js';
import type { ImageCache } from '../../src/types/index.js';
import { listOf, withStatus, watchLine } from '../client/helpers/fixtures.js';
import { sendJson, startTestServer, type RecordedRequest } from '../client/helpers/test-server.js';
import { closedAfterEach } from '../client/helpers/client-per-test.js';

const FAST = { retry: { baseDelayMs: 1, maxDelayMs: 2 }, watchRetry: { retries: 3, baseDelayMs: 1, maxDelayMs: 2 } };
// Name order a, b, c; resourceVersion order b, c, a.
const OBJECTS: readonly ImageCache[] = [withStatus('a', '30', 'Ready'), withStatus('b', '10', 'Ready'), withStatus('c', '20', 'Pending')];
const CURRENT = '30';

function openStream(res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
}

/** A watch from a resourceVersion: nothing changed since, so only a bookmark at the current one. */
function bookmarkAndHold(res: ServerResponse): void {
  openStream(res);
  res.write(watchLine('BOOKMARK', { kind: 'ImageCache', apiVersion: 'eci.alibabacloud.com/v1', metadata: { resourceVersion: CURRENT } }));
}

/** A watch without resourceVersion: the first initial ADDED event, then the connection drops. */
function firstInitialEventThenCut(res: ServerResponse): void {
  openStream(res);
  res.write(watchLine('ADDED', OBJECTS[0]));
  setTimeout(() => res.socket?.destroy(), 10);
}

function names(events: readonly WatchStreamEvent[]): string[] {
  return events
    .flatMap((e) =>
      e.type === 'ADDED' || e.type === 'MODIFIED' ? [e.object.metadata.name ?? ''] : e.type === 'RELISTED' ? e.objects.map((o) => o.metadata.name ?? '') : [],
    )
    .sort();
}

describe('a watch without a resourceVersion never loses objects of its initial state', () => {
  const open = closedAfterEach();

  /** Watches until the first bookmark, which the server sends only once the watch is resumed from a resourceVersion. */
  async function watchUntilBookmark(): Promise<WatchStreamEvent[]> {
    const controller = new AbortController();
    const events: WatchStreamEvent[] = [];
    for await (const event of open.client!.watch({ allowWatchBookmarks: true, signal: controller.signal })) {
      events.push(event);
      if (event.type === 'BOOKMARK') controller.abort();
    }
    return events;
  }

  const watches = (): RecordedRequest[] => open.server!.requests.filter((r) => r.query.get('watch') === 'true');

  it('cut after the first initial event: every object is still delivered, each once', async () => {
    open.server = await startTestServer((req, res) => {
      if (req.query.get('watch') !== 'true') sendJson(res, 200, listOf([...OBJECTS], { resourceVersion: CURRENT }));
      else if (req.query.get('resourceVersion')) bookmarkAndHold(res);
      else firstInitialEventThenCut(res);
    });
    open.client = new ImageCacheClient({ server: open.server.url }, FAST);
    const events = await watchUntilBookmark();
    expect(names(events)).toEqual(['a', 'b', 'c']);
    expect(events.filter((e) => e.type === 'ADDED')).toHaveLength(3);
    // The watch itself starts from the list's resourceVersion, never without one.
    expect(watches().map((r) => r.query.get('resourceVersion'))).toEqual([CURRENT]);
  });

  it('a connection dropped while listing the initial state lists again: still every object, each once', async () => {
    let listed = 0;
    open.server = await startTestServer((req, res) => {
      if (req.query.get('watch') === 'true') return bookmarkAndHold(res);
      listed++;
      if (!req.query.get('continue')) return sendJson(res, 200, listOf(OBJECTS.slice(0, 2), { resourceVersion: CURRENT, continue: 'page-2' }));
      // The second page's connection drops once (after the per-request retries too), then works.
      if (listed <= 6) return void res.socket?.destroy();
      return sendJson(res, 200, listOf(OBJECTS.slice(2), { resourceVersion: CURRENT }));
    });
    open.client = new ImageCacheClient({ server: open.server.url }, { ...FAST, retry: { retries: 4, baseDelayMs: 1, maxDelayMs: 2 } });
    const events = await watchUntilBookmark();
    expect(
      events
        .filter((e) => e.type === 'ADDED')
        .map((e) => (e.type === 'ADDED' ? e.object.metadata.name : ''))
        .sort(),
    ).toEqual(['a', 'b', 'c']);
    expect(watches().map((r) => r.query.get('resourceVersion'))).toEqual([CURRENT]);
  });

  it('resourceVersion "0" (any) starts from a list the same way', async () => {
    open.server = await startTestServer((req, res) => {
      if (req.query.get('watch') !== 'true') sendJson(res, 200, listOf([...OBJECTS], { resourceVersion: CURRENT }));
      else if (req.query.get('resourceVersion') && req.query.get('resourceVersion') !== '0') bookmarkAndHold(res);
      else firstInitialEventThenCut(res);
    });
    open.client = new ImageCacheClient({ server: open.server.url }, FAST);
    const controller = new AbortController();
    const events: WatchStreamEvent[] = [];
    for await (const event of open.client.watch({ resourceVersion: '0', allowWatchBookmarks: true, signal: controller.signal })) {
      events.push(event);
      if (event.type === 'BOOKMARK') controller.abort();
    }
    expect(names(events)).toEqual(['a', 'b', 'c']);
    expect(watches().map((r) => r.query.get('resourceVersion'))).toEqual([CURRENT]);
  });

  it('an explicit resourceVersion still watches at once, without listing', async () => {
    open.server = await startTestServer((_req, res) => bookmarkAndHold(res));
    open.client = new ImageCacheClient({ server: open.server.url }, FAST);
    const controller = new AbortController();
    for await (const event of open.client.watch({ resourceVersion: '25', allowWatchBookmarks: true, signal: controller.signal })) {
      if (event.type === 'BOOKMARK') controller.abort();
    }
    expect(open.server.requests.map((r) => r.query.get('watch'))).toEqual(['true']);
  });
});
