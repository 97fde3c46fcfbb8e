import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ImageCacheClient, isWatchFailedError, type ImageCacheClientOptions, type WatchStreamEvent } from '../../src/client/index.js';
import { listOf, serverImageCache, statusOf, watchLine, withStatus } from './helpers/fixtures.js';
import { clientPerTest } from './helpers/client-per-test.js';
import { sendJson, startTestServer, type Handler, type RecordedRequest, type TestServer } from './helpers/test-server.js';

type Ending = 'end' | 'drop' | 'hold';

/** Writes watch lines, then ends the response cleanly, drops the connection, or keeps it open. */
function stream(res: ServerResponse, lines: string[], ending: Ending): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  for (const line of lines) res.write(line);
  if (ending === 'end') res.end();
  if (ending === 'drop') setTimeout(() => res.socket?.destroy(), 10);
}

const FAST: ImageCacheClientOptions = {
  retry: { baseDelayMs: 1, maxDelayMs: 2 },
  watchRetry: { retries: 3, baseDelayMs: 1, maxDelayMs: 2 },
};

function watchRequests(server: TestServer): RecordedRequest[] {
  return server.requests.filter((r) => r.query.get('watch') === 'true');
}

/** Collects events until `stop` says enough, then aborts the watch and checks it ended cleanly. */
async function collect(client: ImageCacheClient, stop: (events: WatchStreamEvent[]) => boolean, options: Parameters<ImageCacheClient['watch']>[0] = {}) {
  const controller = new AbortController();
  const events: WatchStreamEvent[] = [];
  for await (const event of client.watch({ ...options, signal: controller.signal })) {
    events.push(event);
    if (stop(events)) controller.abort();
  }
  return events;
}

describe('watch', () => {
  const open = clientPerTest(FAST);
  const start = open.start;

  it('yields typed events and, after the server closes the stream, resumes from the last resourceVersion', async () => {
    const c = await start((_req, res, index) => {
      if (index === 0)
        stream(res, [watchLine('ADDED', withStatus('web', '11', 'Pending')), watchLine('MODIFIED', withStatus('web', '12', 'Creating', '40%'))], 'end');
      else stream(res, [watchLine('DELETED', withStatus('web', '13', 'Ready', '100%'))], 'hold');
    });
    const events = await collect(c, (e) => e.length === 3, { labelSelector: { team: 'a' }, resourceVersion: '10' });
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    expect(events[1]).toMatchObject({ object: { status: { phase: 'Creating', progress: '40%' } } });
    const [first, second] = watchRequests(open.server!);
    expect(first?.query.get('resourceVersion')).toBe('10');
    expect(first?.query.get('labelSelector')).toBe('team=a');
    expect(first?.query.get('allowWatchBookmarks')).toBe('true');
    expect(first?.query.get('timeoutSeconds')).toBe('300');
    expect(second?.query.get('resourceVersion')).toBe('12');
    expect(second?.query.get('labelSelector')).toBe('team=a');
    expect(open.server!.requests).toHaveLength(2);
  });

  it('after a dropped connection it reconnects from the last resourceVersion seen', async () => {
    const c = await start((_req, res, index) => {
      if (index === 0) stream(res, [watchLine('ADDED', withStatus('a', '21', 'Pending'))], 'drop');
      else stream(res, [watchLine('MODIFIED', withStatus('a', '22', 'Ready'))], 'hold');
    });
    const events = await collect(c, (e) => e.length === 2, { resourceVersion: '20' });
    expect(events.map((e) => (e.type === 'MODIFIED' || e.type === 'ADDED' ? e.object.metadata.resourceVersion : e.type))).toEqual(['21', '22']);
    expect(watchRequests(open.server!).map((r) => r.query.get('resourceVersion'))).toEqual(['20', '21']);
  });

  it('bookmarks move the resume point; they are yielded only with allowWatchBookmarks', async () => {
    const handler: Handler = (req, res) => {
      if (req.query.get('resourceVersion') === '40') stream(res, [watchLine('ADDED', withStatus('b', '41', 'Pending'))], 'hold');
      else stream(res, [watchLine('BOOKMARK', { kind: 'ImageCache', apiVersion: 'eci.alibabacloud.com/v1', metadata: { resourceVersion: '40' } })], 'end');
    };
    const c = await start(handler);
    const hidden = await collect(c, (e) => e.length === 1, { resourceVersion: '30' });
    expect(hidden.map((e) => e.type)).toEqual(['ADDED']);
    expect(watchRequests(open.server!).map((r) => r.query.get('resourceVersion'))).toEqual(['30', '40']);

    const shown = await collect(c, (e) => e.length === 2, { allowWatchBookmarks: true, resourceVersion: '30' });
    expect(shown).toEqual([{ type: 'BOOKMARK', resourceVersion: '40' }, expect.objectContaining({ type: 'ADDED' })]);
  });

  it('410 Gone as an ERROR event: relists and yields RELISTED, then watches from the list resourceVersion', async () => {
    const c = await start((req, res) => {
      if (req.query.get('watch') !== 'true') {
        sendJson(res, 200, listOf([withStatus('x', '90', 'Ready'), withStatus('y', '95', 'Creating')], { resourceVersion: '100' }));
      } else if (req.query.get('resourceVersion') === '5') {
        stream(res, [watchLine('ERROR', statusOf(410, 'Expired', 'too old resource version: 5 (80)'))], 'end');
      } else {
        stream(res, [watchLine('MODIFIED', withStatus('y', '101', 'Ready'))], 'hold');
      }
    });
    const events = await collect(c, (e) => e.length === 2, { resourceVersion: '5', fieldSelector: 'metadata.name!=z' });
    expect(events[0]).toMatchObject({ type: 'RELISTED', resourceVersion: '100' });
    expect(events[0]?.type === 'RELISTED' && events[0].objects.map((o) => o.metadata.name)).toEqual(['x', 'y']);
    expect(events[1]).toMatchObject({ type: 'MODIFIED', object: { metadata: { name: 'y' } } });
    const list = open.server!.requests.find((r) => r.query.get('watch') !== 'true');
    expect(list?.query.get('fieldSelector')).toBe('metadata.name!=z');
    expect(watchRequests(open.server!).map((r) => r.query.get('resourceVersion'))).toEqual(['5', '100']);
  });

  it('410 Gone as the HTTP status of the watch request relists the same way', async () => {
    const c = await start((req, res) => {
      if (req.query.get('watch') !== 'true') sendJson(res, 200, listOf([], { resourceVersion: '300' }));
      else if (req.query.get('resourceVersion') === '1') sendJson(res, 410, statusOf(410, 'Gone', 'gone'));
      else stream(res, [watchLine('ADDED', withStatus('n', '301', 'Pending'))], 'hold');
    });
    const events = await collect(c, (e) => e.length === 2, { resourceVersion: '1' });
    expect(events.map((e) => e.type)).toEqual(['RELISTED', 'ADDED']);
  });

  it('a watch stream that keeps failing throws WatchFailedError after the retry budget', async () => {
    const c = await start((_req, res) => sendJson(res, 503, statusOf(503, 'ServiceUnavailable', 'down')));
    const iterate = async (): Promise<void> => {
      for await (const _ of c.watch({ resourceVersion: '1' })) {
        // nothing arrives
      }
    };
    const error = await iterate().catch((e: unknown) => e);
    expect(isWatchFailedError(error)).toBe(true);
    expect(error).toMatchObject({ failures: 4, cause: { statusCode: 503 } });
    expect(open.server!.requests).toHaveLength(4);
  });

  it('an error no retry can cure (403) is thrown at once', async () => {
    const c = await start((_req, res) => sendJson(res, 403, statusOf(403, 'Forbidden', 'imagecaches is forbidden: User "x" cannot watch')));
    const iterate = async (): Promise<void> => {
      for await (const _ of c.watch({ resourceVersion: '1' })) {
        // nothing arrives
      }
    };
    await expect(iterate()).rejects.toMatchObject({ name: 'KubernetesApiError', statusCode: 403 });
    expect(open.server!.requests).toHaveLength(1);
  });

  it('an ERROR event other than 410 is retried like a failed request', async () => {
    const c = await start((_req, res, index) => {
      if (index === 0) stream(res, [watchLine('ERROR', statusOf(500, 'InternalError', 'etcd'))], 'end');
      else stream(res, [watchLine('ADDED', withStatus('e', '7', 'Pending'))], 'hold');
    });
    const events = await collect(c, (e) => e.length === 1, { resourceVersion: '1' });
    expect(events.map((e) => e.type)).toEqual(['ADDED']);
    expect(open.server!.requests).toHaveLength(2);
  });

  it('a garbled event or a silent stream (idle timeout) reconnects', async () => {
    const c = await start(
      (_req, res, index) => {
        if (index === 0) stream(res, ['{"type":"ADDED","object":{nope\n'], 'hold');
        else if (index === 1) stream(res, [], 'hold');
        else stream(res, [watchLine('ADDED', withStatus('g', '9', 'Pending'))], 'hold');
      },
      { ...FAST, watchIdleTimeoutMs: 100 },
    );
    const events = await collect(c, (e) => e.length === 1, { resourceVersion: '1' });
    expect(events).toHaveLength(1);
    expect(open.server!.requests).toHaveLength(3);
  });

  it('breaking out of the loop closes the connection', async () => {
    let closed = false;
    const c = await start((_req, res) => {
      res.on('close', () => (closed = true));
      stream(res, [watchLine('ADDED', withStatus('a', '1', 'Pending')), watchLine('ADDED', withStatus('b', '2', 'Pending'))], 'hold');
    });
    for await (const event of c.watch({ resourceVersion: '1' })) {
      expect(event.type).toBe('ADDED');
      break;
    }
    for (let i = 0; i < 200 && !closed; i++) await new Promise((r) => setTimeout(r, 5));
    expect(closed).toBe(true);
    expect(open.server!.requests).toHaveLength(1);
  });

  it('an abort while waiting for events ends the iteration without an error', async () => {
    const c = await start((_req, res) => stream(res, [], 'hold'));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const events: WatchStreamEvent[] = [];
    for await (const event of c.watch({ resourceVersion: '1', signal: controller.signal })) events.push(event);
    expect(events).toEqual([]);
    expect(open.server!.requests).toHaveLength(1);
  });

  it('an abort that lands while the request is being prepared ends the watch and sends nothing', async () => {
    const controller = new AbortController();
    // The token is fetched after the watch checked its signal and before the request goes out:
    // an informer's stop() in that gap once left a watch open forever.
    const credentials = {
      getToken: async () => {
        controller.abort();
        return 'token';
      },
    };
    const server = await startTestServer((_req, res) => stream(res, [], 'hold'));
    const client = new ImageCacheClient({ server: server.url, credentials }, { ...FAST, allowCredentialsOverHttp: true });
    try {
      const events: WatchStreamEvent[] = [];
      for await (const event of client.watch({ resourceVersion: '1', signal: controller.signal })) events.push(event);
      expect(events).toEqual([]);
      expect(server.requests).toHaveLength(0);
    } finally {
      client.close();
      await server.close();
    }
  });

  it('an object of the wrong kind in the stream is never yielded', async () => {
    const c = await start((_req, res, index) => {
      if (index === 0) stream(res, [watchLine('ADDED', { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p' } })], 'hold');
      else stream(res, [watchLine('ADDED', serverImageCache('ok', { resourceVersion: '3' }))], 'hold');
    });
    const events = await collect(c, (e) => e.length === 1, { resourceVersion: '1' });
    expect(events[0]).toMatchObject({ object: { kind: 'ImageCache', metadata: { name: 'ok' } } });
  });
});
