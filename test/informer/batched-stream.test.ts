// The informer reads its watch in batches of one received chunk. What could break: the queue bound
// (a chunk carries more events than maxPendingDeltas), the events that share a chunk with the end
// of a streaming list's initial events, DELETED and repeated objects inside the initial events.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ImageCacheClient, type ImageCacheInformer, type InformerSyncMode } from '../../src/client/index.js';
import { until } from '../support/until.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const FAST = { retry: { retries: 0, baseDelayMs: 10, maxDelayMs: 50 }, watchRetry: { retries: 3, baseDelayMs: 20, maxDelayMs: 100 } };

const cacheJson = (name: string, rv: number): string =>
  JSON.stringify({
    apiVersion: 'eci.alibabacloud.com/v1',
    kind: 'ImageCache',
    metadata: { name, resourceVersion: String(rv) },
    spec: { images: [`nginx:${rv}`] },
  });
const event = (type: 'ADDED' | 'MODIFIED' | 'DELETED', name: string, rv: number): string => `{"type":"${type}","object":${cacheJson(name, rv)}}\n`;
const endBookmark = (rv: number): string =>
  `{"type":"BOOKMARK","object":{"kind":"ImageCache","apiVersion":"eci.alibabacloud.com/v1","metadata":{"resourceVersion":"${rv}","annotations":{"k8s.io/initial-events-end":"true"}}}}\n`;
const burst = (from: number, count: number): string =>
  Array.from({ length: count }, (_, i) => event('ADDED', `b${String(i).padStart(2, '0')}`, from + i)).join('');

/**
 * A server whose streaming list is `initial` (written at once, in one write), whose list is
 * `list` and whose plain watches write `watch` at once; every watch then stays open.
 */
async function server(answers: { initial?: string; list?: string; watch?: string }): Promise<string> {
  const open = new Set<ServerResponse>();
  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.searchParams.get('watch') !== 'true') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(answers.list ?? '{"kind":"ImageCacheList","apiVersion":"eci.alibabacloud.com/v1","metadata":{"resourceVersion":"1"},"items":[]}');
    }
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    res.flushHeaders();
    const body = url.searchParams.get('sendInitialEvents') === 'true' ? answers.initial : answers.watch;
    if (body) res.write(body);
    open.add(res);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        http.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

function informerAt(url: string, syncMode: InformerSyncMode, maxPendingDeltas: number): ImageCacheInformer {
  const client = new ImageCacheClient({ server: url }, FAST);
  const informer = client.informer({ syncMode, maxPendingDeltas });
  cleanups.push(
    () => client.close(),
    () => informer.stop(),
  );
  return informer;
}

/**
 * Holds every `add` handler call until released, and watches the queue: the most deltas ever
 * seen waiting, sampled at each handler call and every few milliseconds.
 */
function slowHandlers(informer: ImageCacheInformer): { added: string[]; maxPending: () => number; release: () => void } {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const added: string[] = [];
  let maxPending = 0;
  const sample = () => (maxPending = Math.max(maxPending, informer.pendingDeltas));
  const sampler = setInterval(sample, 2);
  cleanups.push(() => clearInterval(sampler));
  informer.on('add', async (cache) => {
    sample();
    await gate;
    added.push(cache.metadata.name as string);
  });
  const highest = (): number => {
    sample();
    return maxPending;
  };
  return { added, maxPending: highest, release };
}

describe('informer over batched watch events', () => {
  it('a chunk with more events than maxPendingDeltas: the queue never holds more, the watch waits, then everything arrives in order', async () => {
    const names = Array.from({ length: 40 }, (_, i) => `b${String(i).padStart(2, '0')}`);
    const url = await server({ watch: burst(11, names.length) });
    const informer = informerAt(url, 'list', 4);
    const { added, maxPending, release } = slowHandlers(informer);
    informer.start();
    await informer.waitForSync({ timeoutMs: 5000 });
    await until(() => informer.pendingDeltas === 4, 'a full queue');
    await new Promise((r) => setTimeout(r, 100));
    // The first handler call holds one delta, four wait: the informer stopped applying the chunk.
    expect(informer.size).toBe(5);
    expect(maxPending()).toBe(4);
    release();
    await until(() => added.length === names.length, 'every add');
    expect(added).toEqual(names);
    expect(maxPending()).toBe(4);
  });

  it('stop() while a chunk waits for room: the rest of that chunk does not reach the store', async () => {
    const url = await server({ watch: burst(11, 40) });
    const informer = informerAt(url, 'list', 4);
    const { added, release } = slowHandlers(informer);
    informer.start();
    await informer.waitForSync({ timeoutMs: 5000 });
    await until(() => informer.pendingDeltas === 4, 'a full queue');
    const stopped = informer.stop();
    release();
    await stopped;
    await new Promise((r) => setTimeout(r, 50));
    expect(informer.size).toBe(5);
    expect(added).toEqual(['b00']);
  });

  it('events in the same chunk as the end of the initial events are applied after the sync, under the same bound', async () => {
    const initial = `${event('ADDED', 'a', 2)}${event('ADDED', 'b', 3)}${endBookmark(5)}${event('MODIFIED', 'a', 6)}${burst(7, 20)}`;
    const url = await server({ initial });
    const informer = informerAt(url, 'watch-list', 3);
    const { added, maxPending, release } = slowHandlers(informer);
    const updated: string[] = [];
    informer.on('update', (old, cache) => void updated.push(`${cache.metadata.name} ${old.metadata.resourceVersion}->${cache.metadata.resourceVersion}`));
    informer.start();
    await informer.waitForSync({ timeoutMs: 5000 });
    expect(informer.syncedVia).toBe('watch-list');
    await new Promise((r) => setTimeout(r, 100));
    expect(maxPending()).toBeLessThanOrEqual(3);
    expect(informer.size).toBeLessThan(22);
    release();
    await until(() => added.length === 22, 'every add');
    expect(added).toEqual(['a', 'b', ...Array.from({ length: 20 }, (_, i) => `b${String(i).padStart(2, '0')}`)]);
    expect(updated).toEqual(['a 2->6']);
    expect(maxPending()).toBeLessThanOrEqual(3);
  });

  it('initial events in one chunk: a DELETED removes the cache, the last of repeated events wins, one add each', async () => {
    const initial = `${event('ADDED', 'a', 2)}${event('ADDED', 'b', 3)}${event('ADDED', 'c', 4)}${event('DELETED', 'b', 5)}${event('MODIFIED', 'a', 6)}${endBookmark(7)}`;
    const url = await server({ initial });
    const informer = informerAt(url, 'watch-list', 1000);
    const seen: string[] = [];
    informer.on('add', (cache) => void seen.push(`add ${cache.metadata.name} ${cache.metadata.resourceVersion}`));
    informer.on('update', (_old, cache) => void seen.push(`update ${cache.metadata.name}`));
    informer.on('delete', (cache) => void seen.push(`delete ${cache.metadata.name}`));
    informer.on('synced', (rv) => void seen.push(`synced ${rv}`));
    informer.start();
    await informer.waitForSync({ timeoutMs: 5000 });
    await until(() => seen.includes('synced 7'), 'the synced delta');
    expect(seen).toEqual(['add a 6', 'add c 4', 'synced 7']);
    expect(informer.list().map((c) => c.metadata.name)).toEqual(['a', 'c']);
    expect(informer.get('a')?.spec.images).toEqual(['nginx:6']);
  });
});
