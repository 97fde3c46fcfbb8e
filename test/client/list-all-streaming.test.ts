/**
 * listAll reads each page as it streams in (issue #15): hostile servers over real HTTP. Each test's
 * server writes real ImageCacheList JSON in controlled pieces (part of a body, a pause, a cut
 * socket, a body that never ends) and the test checks what the caller sees: every item exactly
 * once and in order, or the typed error after the items that came before it.
 *
 * Cuts are placed deterministically: the server writes the bytes up to the cut, then waits until the
 * consumer has seen the last complete item before it (a gate), and only then destroys the socket.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { constants, createGzip, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  ImageCacheClient,
  KubernetesNetworkError,
  isAbortError,
  isForbidden,
  isGone,
  isKubernetesApiError,
  isNetworkError,
  isPaginationError,
  isRequestTimeout,
  isResponseError,
  isResponseTooLarge,
  type ImageCacheClientOptions,
  type RetryLogRecord,
} from '../../src/client/index.js';
import type { ImageCache } from '../../src/types/index.js';
import { everythingAbout } from '../support/errors.js';
import { until } from '../support/until.js';
import { SECRET_TOKEN, serverImageCache, statusOf } from './helpers/fixtures.js';
import { closedAfterEach } from './helpers/client-per-test.js';
import { sendJson, startTestServer, type Handler } from './helpers/test-server.js';

const API_VERSION = 'eci.alibabacloud.com/v1';
/** Millisecond backoffs: the retries are counted, never timed. */
const FAST_RETRY = { retries: 3, baseDelayMs: 1, maxDelayMs: 2 } as const;

// ---------------------------------------------------------------------------------------------
// Bodies

/** A cache a little larger than the fixture's, so a page spans more than one TCP segment. */
function cache(name: string, resourceVersion = '100', extra: Record<string, string> = {}): ImageCache {
  const base = serverImageCache(name, { resourceVersion });
  return {
    ...base,
    metadata: { ...base.metadata, labels: { team: 'web' }, annotations: { note: `cache ${name}`, ...extra } },
    spec: { images: ['registry.example.com/app/web:1.2.3', 'nginx:1.25', `busybox:${name}`] },
  };
}

function caches(prefix: string, count: number, resourceVersion = '100'): ImageCache[] {
  return Array.from({ length: count }, (_, i) => cache(`${prefix}${i}`, resourceVersion));
}

/** The field order of the page's top level: kube-apiserver writes a custom resource's list with sorted keys (items before kind and metadata). */
type Order = 'metadata-first' | 'items-first';

/** An ImageCacheList as JSON text. */
function pageText(items: readonly unknown[], options: { continue?: string; order?: Order; kind?: string } = {}): string {
  const metadata = { resourceVersion: '500', ...(options.continue ? { continue: options.continue } : {}) };
  const kind = options.kind ?? 'ImageCacheList';
  if (options.order === 'items-first') return JSON.stringify({ apiVersion: API_VERSION, items, kind, metadata });
  return JSON.stringify({ apiVersion: API_VERSION, kind, metadata, items });
}

/** The byte offset of the middle of item `name` in `text`: every item before it is whole, it is not. */
function middleOf(text: string, name: string): number {
  const at = text.indexOf(`"name":"${name}"`);
  if (at < 0) throw new Error(`no item ${name}`);
  return Buffer.byteLength(text.slice(0, at + 4));
}

// ---------------------------------------------------------------------------------------------
// Server side

/** Writes the headers of a 200 with a chunked body. */
function startBody(res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.flushHeaders();
}

/** Writes `bytes` and resolves once they were handed to the kernel. */
function write(res: ServerResponse, bytes: Buffer | string): Promise<void> {
  return new Promise((resolve, reject) => res.write(bytes, (error) => (error ? reject(error) : resolve())));
}

/** A one-shot signal from the consumer to the server. */
interface Gate {
  readonly open: () => void;
  /** Resolves when opened, or after the fallback (3 s) so a broken client fails an assertion instead of hanging the test. */
  readonly opened: Promise<void>;
  /** True when the consumer opened it before the fallback ran out. */
  readonly byConsumer: boolean;
}

function gate(fallbackMs = 3000): Gate {
  let open!: () => void;
  let byConsumer: boolean | undefined;
  const consumer = new Promise<void>((resolve) => {
    open = resolve;
  });
  const fallback = new Promise<void>((resolve) => setTimeout(resolve, fallbackMs).unref());
  const opened = Promise.race([consumer.then(() => (byConsumer ??= true)), fallback.then(() => (byConsumer ??= false))]).then(() => undefined);
  return {
    open,
    opened,
    get byConsumer() {
      return byConsumer === true;
    },
  };
}

/**
 * Writes `text` up to `cutAt` bytes, waits for `before` (the consumer saw the items before the cut),
 * then destroys the connection as a load balancer or a dying API server would.
 */
async function cutAfter(res: ServerResponse, text: string, cutAt: number, before?: Gate): Promise<void> {
  startBody(res);
  await write(res, Buffer.from(text).subarray(0, cutAt));
  await before?.opened;
  res.socket?.destroy();
}

/** Sends `text` as a whole page (chunked, no Content-Length). */
function whole(res: ServerResponse, text: string): void {
  startBody(res);
  res.end(text);
}

/** Resolves once the connection `raw` arrived on is closed. */
function socketClosed(raw: IncomingMessage): Promise<void> {
  const socket = raw.socket;
  if (socket.destroyed) return Promise.resolve();
  return new Promise((resolve) => socket.once('close', () => resolve()));
}

// ---------------------------------------------------------------------------------------------
// Client side

const open = closedAfterEach();
const retries: RetryLogRecord[] = [];

async function start(handler: Handler, options: ImageCacheClientOptions = {}, token?: string): Promise<ImageCacheClient> {
  retries.length = 0;
  open.server = await startTestServer(handler);
  open.client = new ImageCacheClient(
    { server: open.server.url, ...(token ? { token } : {}) },
    { retry: FAST_RETRY, listPageSize: 4, hooks: { onRetry: (r) => retries.push(r) }, ...options },
  );
  return open.client;
}

/** What the caller of listAll saw: the items' names in order, then the error that ended the loop. */
interface Outcome {
  readonly names: string[];
  readonly items: ImageCache[];
  readonly error: unknown;
}

/** Iterates `iterable` to its end or its error; `onItem` runs after each item is recorded (it may wait, like a slow consumer). */
async function consume(iterable: AsyncIterable<ImageCache>, onItem?: (cache: ImageCache, index: number) => unknown): Promise<Outcome> {
  const names: string[] = [];
  const items: ImageCache[] = [];
  try {
    for await (const item of iterable) {
      names.push(item.metadata.name ?? '');
      items.push(item);
      await onItem?.(item, items.length - 1);
    }
  } catch (error) {
    return { names, items, error };
  }
  return { names, items, error: undefined };
}

function namesOf(items: readonly ImageCache[]): string[] {
  return items.map((i) => i.metadata.name ?? '');
}

function continueOf(requests: readonly { query: URLSearchParams }[]): (string | null)[] {
  return requests.map((r) => r.query.get('continue'));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------------

describe('listAll: a connection cut while a page streams', () => {
  it('a page fetched with a continue token is sent again; every item once, in order, and the retry is reported', async () => {
    const first = caches('a', 4);
    const second = caches('b', 4);
    const secondText = pageText(second);
    const sawB1 = gate();
    const c = await start(async (req, res, index) => {
      if (!req.query.get('continue')) return whole(res, pageText(first, { continue: 'c1' }));
      if (index === 1) return cutAfter(res, secondText, middleOf(secondText, 'b2'), sawB1);
      return whole(res, secondText);
    });
    const { names, error } = await consume(c.listAll(), (item) => item.metadata.name === 'b1' && sawB1.open());
    expect(error).toBeUndefined();
    expect(names).toEqual([...namesOf(first), ...namesOf(second)]);
    expect(continueOf(open.server!.requests)).toEqual([null, 'c1', 'c1']);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ method: 'GET', attempt: 1, reason: 'ECONNRESET' });
    expect(retries[0]!.url).toContain('continue=c1');
  });

  it('the first page sent again unchanged: every item once', async () => {
    const items = caches('a', 6);
    const text = pageText(items);
    const sawA2 = gate();
    const c = await start((_req, res, index) => (index === 0 ? cutAfter(res, text, middleOf(text, 'a3'), sawA2) : whole(res, text)), {
      listPageSize: 10,
    });
    const { names, error } = await consume(
      c.listAll({ labelSelector: 'team=web', resourceVersion: '0' }),
      (item) => item.metadata.name === 'a2' && sawA2.open(),
    );
    expect(error).toBeUndefined();
    expect(names).toEqual(namesOf(items));
    expect(continueOf(open.server!.requests)).toEqual([null, null]);
    // The very same request: limit, selectors and resourceVersion as the first attempt.
    expect(open.server!.requests[1]!.url).toBe(open.server!.requests[0]!.url);
    expect(open.server!.requests[0]!.query.get('resourceVersion')).toBe('0');
    expect(retries.map((r) => r.reason)).toEqual(['ECONNRESET']);
  });

  const changes: [string, (items: ImageCache[]) => ImageCache[]][] = [
    ['an item before the cut got a new resourceVersion', (items) => items.map((i, n) => (n === 1 ? cache(i.metadata.name!, '200') : i))],
    ['an item before the cut was deleted', (items) => items.filter((_, n) => n !== 0)],
    ['an item was created before the ones yielded', (items) => [cache('a-new', '201'), ...items]],
    ['the page now ends before the items yielded (the last ones deleted)', (items) => items.slice(0, 2)],
  ];

  it.each(changes)('the first page sent again changed (%s): PaginationError page-changed, nothing yielded twice', async (_what, change) => {
    const items = caches('a', 6);
    const text = pageText(items);
    const sawA2 = gate();
    const c = await start((_req, res, index) => (index === 0 ? cutAfter(res, text, middleOf(text, 'a3'), sawA2) : whole(res, pageText(change(items)))), {
      listPageSize: 10,
    });
    const { names, error } = await consume(c.listAll(), (item) => item.metadata.name === 'a2' && sawA2.open());
    expect(isPaginationError(error)).toBe(true);
    expect(error).toMatchObject({ problem: 'page-changed', pages: 0 });
    expect(names).toEqual(['a0', 'a1', 'a2']);
    expect(open.server!.requests).toHaveLength(2);
  });

  it("'inconsistent': the changed first page goes on, names already yielded are skipped, new ones yielded", async () => {
    const items = caches('a', 6);
    const text = pageText(items);
    // a0 changed, a1 deleted, a new cache between, a2 unchanged, the rest as before.
    const changed = [cache('a0', '300'), cache('a-new', '301'), items[2]!, ...items.slice(3)];
    const sawA2 = gate();
    const c = await start((_req, res, index) => (index === 0 ? cutAfter(res, text, middleOf(text, 'a3'), sawA2) : whole(res, pageText(changed))), {
      listPageSize: 10,
    });
    const { names, error } = await consume(c.listAll({ onContinueExpired: 'inconsistent' }), (item) => item.metadata.name === 'a2' && sawA2.open());
    expect(error).toBeUndefined();
    expect(names).toEqual(['a0', 'a1', 'a2', 'a-new', 'a3', 'a4', 'a5']);
  });

  it('a server that cuts every time: KubernetesNetworkError ECONNRESET after the retry budget, items before the cut once', async () => {
    const items = caches('a', 6);
    const text = pageText(items);
    const sawA2 = gate();
    const c = await start((_req, res, index) => cutAfter(res, text, middleOf(text, 'a3'), index === 0 ? sawA2 : undefined), { listPageSize: 10 });
    const { names, error } = await consume(c.listAll(), (item) => item.metadata.name === 'a2' && sawA2.open());
    expect(error).toBeInstanceOf(KubernetesNetworkError);
    expect(isNetworkError(error) && error.code).toBe('ECONNRESET');
    expect(names).toEqual(['a0', 'a1', 'a2']);
    // The first attempt and FAST_RETRY.retries more, each reported.
    expect(open.server!.requests).toHaveLength(1 + FAST_RETRY.retries);
    expect(retries.map((r) => [r.attempt, r.reason])).toEqual([
      [1, 'ECONNRESET'],
      [2, 'ECONNRESET'],
      [3, 'ECONNRESET'],
    ]);
  });

  it('a cut on a later page after progress on each attempt: the budget counts failures in a row, not in all', async () => {
    // Each attempt gets one item further before its cut: 5 cuts in all, more than the budget of 3,
    // but never two without progress.
    const items = caches('a', 6);
    const text = pageText(items);
    const gates = Array.from({ length: 5 }, () => gate());
    const c = await start((_req, res, index) => (index < 5 ? cutAfter(res, text, middleOf(text, `a${index + 1}`), gates[index]) : whole(res, text)), {
      listPageSize: 10,
    });
    const { names, error } = await consume(c.listAll(), (_item, n) => gates[n]?.open());
    expect(error).toBeUndefined();
    expect(names).toEqual(namesOf(items));
    expect(open.server!.requests).toHaveLength(6);
  });

  it('a gzip-compressed page cut mid-way is sent again; every item once', async () => {
    const items = caches('a', 6);
    const text = pageText(items);
    const cutAt = middleOf(text, 'a3');
    const sawA2 = gate();
    const c = await start(
      async (req, res, index) => {
        expect(req.headers['accept-encoding']).toContain('gzip');
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
        const gzip = createGzip();
        gzip.pipe(res);
        if (index > 0) return void gzip.end(text);
        gzip.write(text.slice(0, cutAt));
        // Flush what was compressed so far, so the client can inflate the items before the cut.
        await new Promise<void>((resolve) => gzip.flush(constants.Z_SYNC_FLUSH, () => resolve()));
        await sawA2.opened;
        res.socket?.destroy();
      },
      { listPageSize: 10 },
    );
    const { names, error } = await consume(c.listAll(), (item) => item.metadata.name === 'a2' && sawA2.open());
    expect(error).toBeUndefined();
    expect(names).toEqual(namesOf(items));
    expect(sawA2.byConsumer).toBe(true);
    expect(retries.map((r) => r.reason)).toEqual(['ECONNRESET']);
  });

  it("'inconsistent': a page cut mid-way whose token expired meanwhile goes on from the offered token, without repeating names", async () => {
    const second = caches('b', 4);
    const secondText = pageText(second);
    const sawB1 = gate();
    const c = await start(async (req, res) => {
      const token = req.query.get('continue');
      if (!token) return whole(res, pageText(caches('a', 2), { continue: 'c1' }));
      if (token === 'c1' && !sawB1.byConsumer) return cutAfter(res, secondText, middleOf(secondText, 'b2'), sawB1);
      if (token === 'c1') return sendJson(res, 410, statusOf(410, 'Expired', 'continue too old', { metadata: { continue: 'fresh' } }));
      // From a newer state: b0 changed, b1 deleted, b1x created.
      return whole(res, pageText([cache('b0', '300'), cache('b1x', '301'), ...second.slice(2)]));
    });
    const { names, error } = await consume(c.listAll({ onContinueExpired: 'inconsistent' }), (item) => item.metadata.name === 'b1' && sawB1.open());
    expect(error).toBeUndefined();
    expect(names).toEqual(['a0', 'a1', 'b0', 'b1', 'b1x', 'b2', 'b3']);
    expect(continueOf(open.server!.requests)).toEqual([null, 'c1', 'c1', 'fresh']);
  });

  it('default mode: a page cut mid-way whose token expired meanwhile throws the 410, nothing yielded twice', async () => {
    const second = caches('b', 4);
    const secondText = pageText(second);
    const sawB1 = gate();
    const c = await start(async (req, res, index) => {
      if (!req.query.get('continue')) return whole(res, pageText(caches('a', 2), { continue: 'c1' }));
      if (index === 1) return cutAfter(res, secondText, middleOf(secondText, 'b2'), sawB1);
      return sendJson(res, 410, statusOf(410, 'Expired', 'continue too old', { metadata: { continue: 'fresh' } }));
    });
    const { names, error } = await consume(c.listAll(), (item) => item.metadata.name === 'b1' && sawB1.open());
    expect(isGone(error)).toBe(true);
    expect(names).toEqual(['a0', 'a1', 'b0', 'b1']);
    expect(open.server!.requests).toHaveLength(3);
  });

  it('items-first order (kube-apiserver for custom resources): a cut after the items, before metadata.continue, is sent again and the next page followed', async () => {
    const first = caches('a', 4);
    const text = pageText(first, { continue: 'c1', order: 'items-first' });
    const cutAt = Buffer.byteLength(text.slice(0, text.indexOf('"kind":"ImageCacheList"')));
    const sawA3 = gate();
    const c = await start((req, res, index) => {
      if (req.query.get('continue')) return whole(res, pageText(caches('b', 2), { order: 'items-first' }));
      return index === 0 ? cutAfter(res, text, cutAt, sawA3) : whole(res, text);
    });
    const { names, error } = await consume(c.listAll(), (item) => item.metadata.name === 'a3' && sawA3.open());
    expect(error).toBeUndefined();
    expect(names).toEqual(['a0', 'a1', 'a2', 'a3', 'b0', 'b1']);
    expect(continueOf(open.server!.requests)).toEqual([null, null, 'c1']);
  });

  it('a cut before the first byte of the body is sent again like any other', async () => {
    const items = caches('a', 3);
    const c = await start((_req, res, index) => (index === 0 ? cutAfter(res, '', 0) : whole(res, pageText(items))));
    const { names, error } = await consume(c.listAll());
    expect(error).toBeUndefined();
    expect(names).toEqual(namesOf(items));
    expect(open.server!.requests).toHaveLength(2);
  });

  it('with retry: false a cut is not cured: the items before it, then KubernetesNetworkError, one request', async () => {
    const text = pageText(caches('a', 6));
    const sawA2 = gate();
    const c = await start((_req, res) => cutAfter(res, text, middleOf(text, 'a3'), sawA2), { retry: false, listPageSize: 10 });
    const { names, error } = await consume(c.listAll(), (item) => item.metadata.name === 'a2' && sawA2.open());
    expect(names).toEqual(['a0', 'a1', 'a2']);
    expect(isNetworkError(error) && error.code).toBe('ECONNRESET');
    expect(open.server!.requests).toHaveLength(1);
    expect(retries).toEqual([]);
  });
});

describe('listAll: items are handed out as they arrive', () => {
  /** A page of three large items whose second item, a1, is written in 64-byte pieces; then `after` runs. */
  function a1InPieces(after: (res: ServerResponse, rest: Buffer) => Promise<void>): Handler {
    const items = caches('a', 3).map((i) => cache(i.metadata.name!, '100', { padding: 'p'.repeat(2000) }));
    const text = pageText(items);
    const bytes = Buffer.from(text);
    const a1Start = Buffer.byteLength(text.slice(0, text.indexOf('{"apiVersion"', middleOf(text, 'a0'))));
    const a1End = Buffer.byteLength(text.slice(0, text.indexOf(',{"apiVersion"', middleOf(text, 'a1'))));
    return async (_req, res) => {
      startBody(res);
      await write(res, bytes.subarray(0, a1Start));
      for (let at = a1Start; at < a1End; at += 64) {
        await write(res, bytes.subarray(at, Math.min(at + 64, a1End)));
        // Pace the pieces so they arrive as separate reads.
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      await after(res, bytes.subarray(a1End));
    };
  }

  // An item is handed out as soon as its last byte has arrived (an earlier reader looked at an
  // unfinished item again only once the bytes held had doubled, and a1 waited for the next item).
  it('an item whose last byte arrived is yielded before any byte of the next one is sent', async () => {
    // The server waits until the consumer has seen a1 before it sends anything more. A client that
    // holds a complete item until more bytes come leaves both sides waiting (the gate's fallback
    // ends the wait, and the test fails).
    const sawA1 = gate(1500);
    const c = await start(
      a1InPieces(async (res, rest) => {
        await sawA1.opened;
        res.end(rest);
      }),
    );
    const { names, error } = await consume(c.listAll(), (item) => item.metadata.name === 'a1' && sawA1.open());
    expect(error).toBeUndefined();
    expect(names).toEqual(['a0', 'a1', 'a2']);
    expect(sawA1.byConsumer).toBe(true);
  });

  // The same, seen as a promise: a fault later in a page comes after the items before it.
  it('a server that stalls after an item arrived in pieces: the item is yielded before RequestTimeoutError', async () => {
    const c = await start(
      a1InPieces(async () => {
        // ...and nothing more: the connection stays open until the client gives up on it.
      }),
      { timeoutMs: 300 },
    );
    const { names, error } = await consume(c.listAll());
    expect(isRequestTimeout(error)).toBe(true);
    expect(names).toEqual(['a0', 'a1']);
  });

  it('items whose nested values repeat the opening bytes of an item are read whole', async () => {
    // The items' first two members, after a `},`, inside an item: a cheap scan for where the next
    // item starts would cut the item there.
    const lookalike = { apiVersion: API_VERSION, kind: 'ImageCache', metadata: { name: 'inner' } };
    const items = [0, 1, 2, 3].map((i) => ({ ...cache(`n${i}`), spec: { images: ['nginx:1.25'], extra: [{ a: i }, lookalike, { b: [lookalike] }] } }));
    const c = await start((_req, res) => whole(res, pageText(items)));
    const { items: got, error } = await consume(c.listAll({ pageSize: 10 }));
    expect(error).toBeUndefined();
    expect(got).toEqual(items);
  });
});

describe('listAll: a fault later in a page is thrown after the items before it', () => {
  it.each([
    ['a bad token', (items: string[]) => `${items.slice(0, 2).join(',')},{"metadata":nope},${items[2]}`],
    ['an item cut off before the body ends', (items: string[]) => `${items.slice(0, 2).join(',')},{"metadata":`],
    ['a raw control character in a string', (items: string[]) => `${items.slice(0, 2).join(',')},${items[2]!.replace('cache a2', 'cache\u0001a2')}`],
  ])('a malformed item (%s): the items before it, then not-json, not sent again', async (_what, itemsText) => {
    const items = caches('a', 3).map((i) => JSON.stringify(i));
    const body = `{"apiVersion":"${API_VERSION}","kind":"ImageCacheList","metadata":{"resourceVersion":"5"},"items":[${itemsText(items)}]}`;
    const c = await start((_req, res) => whole(res, body));
    const { names, error } = await consume(c.listAll());
    expect(names).toEqual(['a0', 'a1']);
    expect(isResponseError(error)).toBe(true);
    expect(error).toMatchObject({ problem: 'not-json', statusCode: 200 });
    expect(open.server!.requests).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it('a body that ends cleanly in the middle of an item: the items before it, then truncated, not sent again', async () => {
    const text = pageText(caches('a', 4));
    const c = await start((_req, res) => {
      startBody(res);
      res.end(text.slice(0, middleOf(text, 'a2')));
    });
    const { names, error } = await consume(c.listAll());
    expect(names).toEqual(['a0', 'a1']);
    expect(error).toMatchObject({ name: 'KubernetesResponseError', problem: 'truncated' });
    expect(open.server!.requests).toHaveLength(1);
  });

  it('an item that is JSON but not an ImageCache: unexpected-object naming its index, after the items before it', async () => {
    const items: unknown[] = [cache('a0'), cache('a1'), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'intruder' } }, cache('a3')];
    const c = await start((_req, res) => whole(res, pageText(items)));
    const { names, error } = await consume(c.listAll());
    expect(names).toEqual(['a0', 'a1']);
    expect(error).toMatchObject({ name: 'KubernetesResponseError', problem: 'unexpected-object' });
    expect((error as Error).message).toContain('item 2 of the list: expected kind ImageCache, got "Pod"');
    expect(open.server!.requests).toHaveLength(1);
  });

  it('an unexpected item on the second page is named by its index in that page', async () => {
    const bad = { ...cache('b1'), metadata: { resourceVersion: '1' } };
    const c = await start((req, res) =>
      whole(res, req.query.get('continue') ? pageText([cache('b0'), bad]) : pageText([cache('a0'), cache('a1')], { continue: 'c1' })),
    );
    const { names, error } = await consume(c.listAll());
    expect(names).toEqual(['a0', 'a1', 'b0']);
    expect((error as Error).message).toContain('item 1 of the list: the ImageCache has no metadata.name');
  });

  it.each([
    ['a second document after the list', (text: string) => `${text}${text}`],
    ['garbage after the list', (text: string) => `${text} garbage`],
  ])('%s: the items, then not-json (JSON.parse refuses the body too), no further page', async (_what, body) => {
    const text = pageText(caches('a', 2), { continue: 'c1' });
    expect(() => JSON.parse(body(text))).toThrow();
    const c = await start((_req, res) => whole(res, body(text)));
    const { names, error } = await consume(c.listAll());
    expect(names).toEqual(['a0', 'a1']);
    expect(error).toMatchObject({ name: 'KubernetesResponseError', problem: 'not-json' });
    expect(open.server!.requests).toHaveLength(1);
  });

  it('an empty 200 body: a response error, not an empty list', async () => {
    const c = await start((_req, res) => whole(res, ''));
    const { names, error } = await consume(c.listAll());
    expect(names).toEqual([]);
    expect(isResponseError(error)).toBe(true);
    expect(open.server!.requests).toHaveLength(1);
  });
});

describe('listAll: bodies over maxResponseBytes', () => {
  it('a 1 MB page with maxResponseBytes 64 KiB: ResponseTooLargeError after the items that fit, not sent again', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => cache(`a${i}`, '100', { padding: 'x'.repeat(800) }));
    const text = pageText(items);
    expect(Buffer.byteLength(text)).toBeGreaterThan(1_000_000);
    const c = await start(
      async (_req, res) => {
        startBody(res);
        for (let at = 0; at < text.length && !res.destroyed; at += 16 * 1024) await write(res, text.slice(at, at + 16 * 1024)).catch(() => undefined);
        res.end();
      },
      { maxResponseBytes: 64 * 1024, listPageSize: 1000 },
    );
    const { names, error } = await consume(c.listAll());
    expect(isResponseTooLarge(error)).toBe(true);
    expect(error).toMatchObject({ problem: 'too-large', limitBytes: 64 * 1024 });
    // The items in the first 64 KiB came out, in order, and nothing past the limit.
    expect(names.length).toBeGreaterThan(10);
    expect(names.length).toBeLessThan(80);
    expect(names).toEqual(namesOf(items.slice(0, names.length)));
    expect(open.server!.requests).toHaveLength(1);
  });

  /**
   * A page of about `total` bytes of 4 KB items generated as the client reads, honouring
   * backpressure: a client that stops reading stops the server too. `written` counts what was sent.
   */
  function generatedPage(total: number) {
    const item = JSON.stringify(cache('big', '100', { padding: 'y'.repeat(4000) }));
    const state = { written: 0, closed: undefined as Promise<void> | undefined };
    const serve = async (_req: unknown, res: ServerResponse, _index: number, raw: IncomingMessage): Promise<void> => {
      state.closed = socketClosed(raw);
      startBody(res);
      await write(res, `{"apiVersion":"${API_VERSION}","kind":"ImageCacheList","metadata":{},"items":[${item}`);
      let n = 0;
      let wake = (): void => undefined;
      res.on('drain', () => wake()).on('close', () => wake());
      while (state.written < total && !res.destroyed) {
        const chunk = `,${item.replace('"name":"big"', `"name":"big-${n++}"`)}`;
        state.written += chunk.length;
        if (!res.write(chunk)) await new Promise<void>((resolve) => (wake = resolve));
      }
      if (!res.destroyed) res.end(']}');
    };
    return { serve, state };
  }

  it('a 200 MB body generated on the fly is not held: the client closes the connection soon after the limit', async () => {
    const { serve, state } = generatedPage(200 * 1024 * 1024);
    const c = await start(serve, { maxResponseBytes: 1024 * 1024, listPageSize: 100_000 });
    const { names, error } = await consume(c.listAll());
    expect(isResponseTooLarge(error)).toBe(true);
    expect(names.length).toBeGreaterThan(0);
    await until(() => state.closed !== undefined, 'the request');
    await state.closed;
    // Socket buffers hold a few MB at most; a client that read on would have taken all 200 MB.
    expect(state.written).toBeLessThan(32 * 1024 * 1024);
  });

  it('a loop that stops taking items holds the connection back: the page is not read on into memory', async () => {
    // README: "a slow loop holds the connection back, it does not fill memory". The page is 200 MB
    // and within maxResponseBytes; the loop takes one item and then waits.
    const { serve, state } = generatedPage(200 * 1024 * 1024);
    const c = await start(serve, { listPageSize: 100_000 });
    const pages = c.listAll();
    expect((await pages.next()).done).toBe(false);
    await until(() => state.written > 0, 'the server to start writing');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const writtenWhileWaiting = state.written;
    // Socket buffers hold a few MB at most; a client that read on would take the page at network speed.
    expect(writtenWhileWaiting).toBeLessThan(32 * 1024 * 1024);
    await pages.return(undefined);
    await state.closed;
  });

  it('maxResponseBytes bounds the inflated bytes: a small gzip body that inflates past the limit is refused', async () => {
    // 8 MB of padding in one item compresses to a few KB: under the limit on the wire, far over it inflated.
    const text = pageText([cache('a0'), cache('bomb', '100', { padding: 'z'.repeat(8 * 1024 * 1024) }), cache('a2')]);
    const compressed = gzipSync(text);
    expect(compressed.length).toBeLessThan(256 * 1024);
    const c = await start(
      (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': compressed.length });
        res.end(compressed);
      },
      { maxResponseBytes: 1024 * 1024 },
    );
    const { names, error } = await consume(c.listAll());
    expect(isResponseTooLarge(error)).toBe(true);
    expect(names).toEqual(['a0']);
  });
});

describe('listAll: timeoutMs counts the wait for the server, not the caller', () => {
  it('a consumer that takes 300 ms per item with timeoutMs 200, while the page is still streaming: no error, every item', async () => {
    // The server sends part of each page at once and the rest only when the consumer has worked
    // through that part (300 to 900 ms later): each page is open longer than timeoutMs, while the
    // client never waits long for a byte.
    const first = pageText(caches('a', 5), { continue: 'c1' });
    const second = pageText(caches('b', 5));
    const halfSeen = [gate(), gate()];
    const c = await start(
      async (req, res, index) => {
        const text = req.query.get('continue') ? second : first;
        const cut = middleOf(text, req.query.get('continue') ? 'b1' : 'a3');
        startBody(res);
        await write(res, text.slice(0, cut));
        await halfSeen[index]?.opened;
        res.end(text.slice(cut));
      },
      { timeoutMs: 200, listPageSize: 5 },
    );
    const slow = new Set(['a0', 'a1', 'a2', 'b0']);
    const { names, error } = await consume(c.listAll(), async (item) => {
      if (slow.has(item.metadata.name ?? '')) await delay(300);
      if (item.metadata.name === 'a2') halfSeen[0]!.open();
      if (item.metadata.name === 'b0') halfSeen[1]!.open();
    });
    expect(error).toBeUndefined();
    expect(names).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'b0', 'b1', 'b2', 'b3', 'b4']);
    expect(halfSeen.map((g) => g.byConsumer)).toEqual([true, true]);
    expect(open.server!.requests).toHaveLength(2);
  });

  it('a server that stalls mid-page for longer than timeoutMs: RequestTimeoutError after the items before, not sent again', async () => {
    const text = pageText(caches('a', 4));
    let closed: Promise<void> | undefined;
    const c = await start(
      async (_req, res, _index, raw) => {
        closed = socketClosed(raw);
        startBody(res);
        await write(res, text.slice(0, middleOf(text, 'a2')));
        // ...and nothing more: the connection stays open until the client gives up on it.
      },
      { timeoutMs: 200 },
    );
    const { names, error } = await consume(c.listAll());
    expect(names).toEqual(['a0', 'a1']);
    expect(isRequestTimeout(error)).toBe(true);
    expect(error).toMatchObject({ timeoutMs: 200 });
    expect(open.server!.requests).toHaveLength(1);
    await closed;
  });

  it('a server that drips bytes, each well within timeoutMs: the waits add up to RequestTimeoutError', async () => {
    const text = pageText(caches('a', 4));
    let dripped = 0;
    const c = await start(
      async (_req, res) => {
        startBody(res);
        for (let at = 0; at < text.length && !res.destroyed; at += 8) {
          await write(res, text.slice(at, at + 8)).catch(() => undefined);
          dripped = at + 8;
          await delay(10);
        }
        if (!res.destroyed) res.end();
      },
      { timeoutMs: 150 },
    );
    const { error } = await consume(c.listAll());
    expect(isRequestTimeout(error)).toBe(true);
    // The client gave up long before the page was through.
    expect(dripped).toBeLessThan(text.length / 2);
    expect(open.server!.requests).toHaveLength(1);
  });
});

describe('listAll: failures before the body', () => {
  it('a 500 before the body, then the page: sent again and read', async () => {
    const items = caches('a', 3);
    const c = await start((_req, res, index) =>
      index === 0 ? sendJson(res, 500, statusOf(500, 'InternalError', 'etcd leader changed')) : whole(res, pageText(items)),
    );
    const { names, error } = await consume(c.listAll());
    expect(error).toBeUndefined();
    expect(names).toEqual(namesOf(items));
    expect(open.server!.requests).toHaveLength(2);
    expect(retries.map((r) => r.reason)).toEqual(['500 InternalError']);
  });

  it('a 403 whose Status echoes the bearer token: KubernetesApiError 403 that never shows the token', async () => {
    const c = await start(
      (req, res) =>
        sendJson(
          res,
          403,
          statusOf(403, 'Forbidden', `imagecaches is forbidden: User "system:anonymous" with credentials "${req.headers.authorization}" cannot list`),
        ),
      { allowCredentialsOverHttp: true },
      SECRET_TOKEN,
    );
    const { names, error } = await consume(c.listAll());
    expect(names).toEqual([]);
    expect(isForbidden(error)).toBe(true);
    expect(isKubernetesApiError(error) && error.statusCode).toBe(403);
    // The token was sent (so the server really echoed it) and is nowhere in the error.
    expect(open.server!.requests[0]!.headers.authorization).toBe(`Bearer ${SECRET_TOKEN}`);
    expect(everythingAbout(error as Error)).not.toContain(SECRET_TOKEN);
    expect(inspect(error, { depth: 10 })).not.toContain(SECRET_TOKEN.slice(-20));
    expect((error as Error).message).toContain('cannot list');
    expect(open.server!.requests).toHaveLength(1);
  });
});

describe('listAll: the caller stops early', () => {
  it('break in the middle of a page closes its connection and asks for no further page', async () => {
    const text = pageText(caches('a', 4), { continue: 'c1' });
    let closed: Promise<void> | undefined;
    const c = await start(async (_req, res, _index, raw) => {
      closed = socketClosed(raw);
      startBody(res);
      // Half the page, and the connection held open: only the client can close it.
      await write(res, text.slice(0, middleOf(text, 'a3')));
    });
    const names: string[] = [];
    for await (const item of c.listAll()) {
      names.push(item.metadata.name ?? '');
      if (names.length === 2) break;
    }
    expect(names).toEqual(['a0', 'a1']);
    await closed;
    expect(open.server!.requests).toHaveLength(1);
  });

  it('break after a whole page with a continue token: the next page is never asked for', async () => {
    const c = await start((req, res) => whole(res, pageText(caches(req.query.get('continue') ? 'b' : 'a', 4), { continue: 'c1' })));
    const names: string[] = [];
    for await (const item of c.listAll()) {
      names.push(item.metadata.name ?? '');
      if (names.length === 4) break;
    }
    // A request sent after the break would have arrived by the time a new request does.
    await c.list({ limit: 1 });
    expect(continueOf(open.server!.requests)).toEqual([null, null]);
  });

  it('an abort through signal mid-page, from the loop: RequestAbortedError, the connection closed, not sent again', async () => {
    const text = pageText(caches('a', 4), { continue: 'c1' });
    let closed: Promise<void> | undefined;
    const c = await start(async (_req, res, _index, raw) => {
      closed = socketClosed(raw);
      startBody(res);
      await write(res, text.slice(0, middleOf(text, 'a3')));
    });
    const controller = new AbortController();
    const { names, error } = await consume(c.listAll({ signal: controller.signal }), (_item, n) => n === 0 && controller.abort(new Error('user pressed ^C')));
    expect(isAbortError(error)).toBe(true);
    // Items already received are not handed out after the abort: the loop that aborted sees none.
    expect(names).toEqual(['a0']);
    await closed;
    expect(open.server!.requests).toHaveLength(1);
  });

  it('an abort while the page waits for the server: RequestAbortedError with the reason as cause, the connection closed', async () => {
    const text = pageText(caches('a', 4), { continue: 'c1' });
    const controller = new AbortController();
    const sawA2 = gate();
    let closed: Promise<void> | undefined;
    const c = await start(async (_req, res, _index, raw) => {
      closed = socketClosed(raw);
      startBody(res);
      await write(res, text.slice(0, middleOf(text, 'a3')));
      // The consumer is now waiting for a3: the abort comes from elsewhere (a shutdown hook).
      await sawA2.opened;
      controller.abort(new Error('shutting down'));
    });
    const { names, error } = await consume(c.listAll({ signal: controller.signal }), (item) => item.metadata.name === 'a2' && sawA2.open());
    expect(names).toEqual(['a0', 'a1', 'a2']);
    expect(isAbortError(error)).toBe(true);
    expect((error as Error).cause).toMatchObject({ message: 'shutting down' });
    await closed;
    expect(open.server!.requests).toHaveLength(1);
  });
});

describe('listAll: the shape of the list body', () => {
  it.each(['items-first', 'metadata-first'] as const)('the continue token is read with the top level in %s order', async (order) => {
    const c = await start((req, res) =>
      whole(res, req.query.get('continue') === 'c1' ? pageText(caches('b', 2), { order }) : pageText(caches('a', 4), { continue: 'c1', order })),
    );
    const { names, error } = await consume(c.listAll());
    expect(error).toBeUndefined();
    expect(names).toEqual(['a0', 'a1', 'a2', 'a3', 'b0', 'b1']);
    expect(continueOf(open.server!.requests)).toEqual([null, 'c1']);
  });

  it.each([
    ['a wrong kind', pageText(caches('a', 2), { kind: 'PodList' })],
    ['a wrong kind, after the items', pageText(caches('a', 2), { kind: 'PodList', order: 'items-first' })],
    ['no items', `{"apiVersion":"${API_VERSION}","kind":"ImageCacheList","metadata":{"continue":"c1"}}`],
    ['items: null', `{"apiVersion":"${API_VERSION}","kind":"ImageCacheList","metadata":{},"items":null}`],
    ['items: an object', `{"apiVersion":"${API_VERSION}","kind":"ImageCacheList","metadata":{},"items":{"0":${JSON.stringify(cache('a0'))}}}`],
    ['a Status with 200', JSON.stringify(statusOf(200, '', 'ok'))],
    ['an array', `[${JSON.stringify(cache('a0'))}]`],
  ])('%s: unexpected-object, and no further page', async (_what, body) => {
    const c = await start((_req, res) => whole(res, body));
    const { error } = await consume(c.listAll());
    expect(isResponseError(error)).toBe(true);
    expect(error).toMatchObject({ problem: 'unexpected-object' });
    expect(open.server!.requests).toHaveLength(1);
  });

  it('two items arrays: not a list (JSON.parse would keep the last, the client must not guess)', async () => {
    const body = `{"kind":"ImageCacheList","apiVersion":"${API_VERSION}","metadata":{},"items":[],"items":[${JSON.stringify(cache('a0'))}]}`;
    const c = await start((_req, res) => whole(res, body));
    const { names, error } = await consume(c.listAll());
    expect(names).toEqual([]);
    expect(error).toMatchObject({ problem: 'unexpected-object' });
  });

  it('__proto__ keys at the top level and in items pollute nothing, and items equal JSON.parse of them', async () => {
    const itemTexts = [
      `{"apiVersion":"${API_VERSION}","kind":"ImageCache","metadata":{"name":"p0","resourceVersion":"1","labels":{"__proto__":"x"}},"spec":{"images":["nginx"]},"__proto__":{"polluted":"item"}}`,
      `{"apiVersion":"${API_VERSION}","kind":"ImageCache","__proto__":{"kind":"Pod","polluted":"kind"},"metadata":{"name":"p1","resourceVersion":"1","__proto__":{"name":"evil"}},"spec":{"images":["nginx"],"__proto__":{"polluted":"spec"}}}`,
    ];
    const body = `{"__proto__":{"polluted":"top","continue":"evil"},"apiVersion":"${API_VERSION}","kind":"ImageCacheList","metadata":{"__proto__":{"continue":"evil"}},"items":[${itemTexts.join(',')}]}`;
    const c = await start((_req, res) => whole(res, body));
    const { items, error } = await consume(c.listAll());
    expect(error).toBeUndefined();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(items).toHaveLength(2);
    for (const [n, item] of items.entries()) {
      expect(JSON.stringify(item)).toBe(JSON.stringify(JSON.parse(itemTexts[n]!)));
      expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
      expect(Object.hasOwn(item, '__proto__')).toBe(true);
    }
    expect(namesOf(items)).toEqual(['p0', 'p1']);
    // The `continue` hidden under __proto__ of the top level and of metadata was not followed.
    expect(open.server!.requests).toHaveLength(1);
  });
  it('a top-level __proto__ holding metadata.continue, with no metadata of its own: the list ends, the hidden token is not followed', async () => {
    const body = `{"apiVersion":"${API_VERSION}","kind":"ImageCacheList","__proto__":{"metadata":{"continue":"evil"}},"items":[${JSON.stringify(cache('a0'))}]}`;
    const c = await start((_req, res) => whole(res, body));
    const { names, error } = await consume(c.listAll());
    expect(error).toBeUndefined();
    expect(names).toEqual(['a0']);
    expect(open.server!.requests).toHaveLength(1);
  });
});

describe('listAll: bytes as they come off the wire', () => {
  it('a body starting with a UTF-8 byte order mark', async () => {
    const c = await start((req, res) => {
      startBody(res);
      const text = req.query.get('continue') ? pageText(caches('b', 2)) : pageText(caches('a', 2), { continue: 'c1' });
      res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    });
    const { names, error } = await consume(c.listAll());
    expect(error).toBeUndefined();
    expect(names).toEqual(['a0', 'a1', 'b0', 'b1']);
  });

  it('a page written byte by byte (byte order mark, multi-byte UTF-8 split between writes): items equal the original', async () => {
    const notes = ['缓存预热 ✓', 'émoji 🚀🐳 mixed', 'Ελληνικά и кириллица', '\u2028 line sep \u{10ffff}'];
    const items = notes.map((note, i) => cache(`u${i}`, '100', { note, [`eci.example.com/注释-${i}`]: note }));
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(pageText(items))]);
    const c = await start(async (_req, res) => {
      startBody(res);
      for (let i = 0; i < bytes.length; i++) {
        await write(res, bytes.subarray(i, i + 1));
        // Give the client a turn now and then, so the bytes do arrive in many small reads.
        if (i % 7 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      res.end();
    });
    const { items: got, error } = await consume(c.listAll({ pageSize: 10 }));
    expect(error).toBeUndefined();
    expect(got).toEqual(items);
    expect(got.map((i) => i.metadata.annotations?.['note'])).toEqual(notes);
  });
});

describe('listAll: what the logging hooks see of a streamed page', () => {
  // RequestLogRecord.attempt: "1 for the first attempt, 2 for the first retry". A page sent again
  // after a cut mid-body opens a new stream, and its attempts number on from the earlier sends.
  it('a page sent again after a cut is logged as attempt 2', async () => {
    const text = pageText(caches('a', 6));
    const sawA2 = gate();
    const attempts: number[] = [];
    const c = await start((_req, res, index) => (index === 0 ? cutAfter(res, text, middleOf(text, 'a3'), sawA2) : whole(res, text)), {
      listPageSize: 10,
      hooks: { onRequest: (r) => attempts.push(r.attempt) },
    });
    const { error } = await consume(c.listAll(), (item) => item.metadata.name === 'a2' && sawA2.open());
    expect(error).toBeUndefined();
    expect(attempts).toEqual([1, 2]);
  });

  // ResponseLogRecord.durationMs: a listAll page is read as it streams, so it is reported when its
  // headers arrive, before its items (as a watch is); a cut mid-body reaches onRetry instead.
  it('onResponse of a page comes when its headers arrive, before its items', async () => {
    const text = pageText(caches('a', 4));
    const cut = middleOf(text, 'a2');
    const sawA1 = gate();
    const events: string[] = [];
    const c = await start(
      async (_req, res) => {
        startBody(res);
        await write(res, text.slice(0, cut));
        await sawA1.opened;
        res.end(text.slice(cut));
      },
      { hooks: { onResponse: (r) => events.push(`response ${r.statusCode}`) } },
    );
    const { error } = await consume(c.listAll(), (item) => {
      events.push(`item ${item.metadata.name}`);
      if (item.metadata.name === 'a1') sawA1.open();
    });
    expect(error).toBeUndefined();
    // The body ended only after the consumer saw a1; the response was reported before a0.
    expect(events.indexOf('response 200')).toBeGreaterThanOrEqual(0);
    expect(events.indexOf('response 200')).toBeLessThan(events.indexOf('item a0'));
    expect(events.filter((e) => e.startsWith('response'))).toHaveLength(1);
  });
});
