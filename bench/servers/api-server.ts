/**
 * A minimal ImageCache API server for the benchmarks, run in its own process (forked with IPC) so
 * its work does not share an event loop with the client being measured. Listens on 127.0.0.1 only.
 *
 * - `GET /apis/eci.alibabacloud.com/v1/imagecaches/<name>`: one fixed ImageCache.
 * - `GET /apis/eci.alibabacloud.com/v1/imagecaches?limit=N&continue=OFFSET`: pages generated on
 *   the fly from `listTotal` items; the continue token is the offset of the next item.
 * - `...imagecaches?watch=true`: a watch that sends nothing and stays open (nothing changes); with
 *   `sendInitialEvents=true`, first every item as an ADDED event and the initial-events-end
 *   BOOKMARK (a streaming list, KEP-3157), for the informer benchmark.
 *
 * Bodies are generated and encoded once per list size (on `configure`), so a measured request costs the server only the socket write.
 *
 * IPC: sends `{ type: 'ready', port, itemBytes, pageBytes }` once listening; answers
 * `{ type: 'stats' }` with counters since the last `{ type: 'reset' }`; `{ type: 'configure', listTotal }`
 * changes the list size.
 * @packageDocumentation
 */
import { createServer, type ServerResponse } from 'node:http';
import { imagePool } from '../fixtures/images.js';
import { serverObject } from '../fixtures/imagecaches.js';
import { seededRandom } from '../fixtures/random.js';
import type { ServerMessage, ServerCommand } from './protocol.js';

const COLLECTION = '/apis/eci.alibabacloud.com/v1/imagecaches';
/** The one name the item endpoint serves. */
const ITEM_NAME = 'bench-cache';
const TEMPLATE_COUNT = 500;

const random = seededRandom(3);
const pool = imagePool(random, 600);
const item = serverObject(random, pool, 0, 3);
item.metadata.name = ITEM_NAME;
const itemJson = Buffer.from(JSON.stringify(item));

// Distinct objects with placeholders, so a page of any size is cheap string work, never JSON.stringify.
const templates = Array.from({ length: TEMPLATE_COUNT }, (_, i) => {
  const object = serverObject(random, pool, i);
  object.metadata.name = '@@NAME@@';
  object.metadata['uid'] = '@@UID@@';
  object.metadata['resourceVersion'] = '@@RV@@';
  return JSON.stringify(object);
});

function itemAt(index: number): string {
  return templates[index % TEMPLATE_COUNT]!.replace('@@NAME@@', `cache-${index.toString().padStart(6, '0')}`)
    .replace('@@UID@@', `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`)
    .replace('@@RV@@', String(1_000_000 + index));
}

let listTotal = 0;
/** Every item's JSON, made once per size: generating 50,000 items takes the server about as long as a client takes to read them. */
let itemJsons: string[] = [];
/** Response bodies already encoded, by request: the clients are measured, not this server's string building. */
const bodies = new Map<string, Buffer>();

function setListTotal(total: number): void {
  listTotal = total;
  itemJsons = Array.from({ length: total }, (_, i) => itemAt(i));
  bodies.clear();
}

function encoded(key: string, make: () => string): Buffer {
  let body = bodies.get(key);
  if (body === undefined) {
    body = Buffer.from(make());
    bodies.set(key, body);
  }
  return body;
}

/** Pre-encodes every page of `pageSize`, the whole list in one page, and the streaming list, so that no measured request pays for it. */
function encodeAll(pageSize: number): void {
  for (let offset = 0; offset < listTotal; offset += pageSize) pageBody(offset, pageSize);
  pageBody(0, listTotal);
  initialEventsBody();
}

function pageBody(offset: number, limit: number): Buffer {
  return encoded(`page:${offset}:${limit}`, () => page(offset, limit));
}

function initialEventsBody(): Buffer {
  return encoded('initial-events', () => {
    const lines = itemJsons.map((json) => `{"type":"ADDED","object":${json}}\n`);
    lines.push(
      '{"type":"BOOKMARK","object":{"kind":"ImageCache","apiVersion":"eci.alibabacloud.com/v1","metadata":{"resourceVersion":"999999","annotations":{"k8s.io/initial-events-end":"true"}}}}\n',
    );
    return lines.join('');
  });
}

setListTotal(Number(process.env['BENCH_LIST_TOTAL'] ?? 0));

function page(offset: number, limit: number): string {
  const end = Math.min(offset + limit, listTotal);
  const items = itemJsons.slice(offset, end);
  const next = end < listTotal ? String(end) : '';
  const metadata = next ? { resourceVersion: '999999', continue: next, remainingItemCount: listTotal - end } : { resourceVersion: '999999' };
  return `{"apiVersion":"eci.alibabacloud.com/v1","kind":"ImageCacheList","metadata":${JSON.stringify(metadata)},"items":[${items.join(',')}]}`;
}

function send(response: ServerResponse, status: number, body: string | Buffer): void {
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': typeof body === 'string' ? Buffer.byteLength(body) : body.length });
  response.end(body);
}

/** A quiet watch; with sendInitialEvents, the whole list first, written in chunks as the socket drains. */
function serveWatch(response: ServerResponse, query: URLSearchParams): void {
  response.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
  const timeout = setTimeout(() => response.end(), Number(query.get('timeoutSeconds') ?? 300) * 1000);
  response.on('close', () => clearTimeout(timeout));
  if (query.get('sendInitialEvents') !== 'true') return void response.flushHeaders();
  const body = initialEventsBody();
  const CHUNK = 256 * 1024;
  let next = 0;
  const writeSome = (): void => {
    while (next < body.length) {
      const chunk = body.subarray(next, next + CHUNK);
      next += chunk.length;
      if (!response.write(chunk)) return void response.once('drain', writeSome);
    }
  };
  writeSome();
}

let connections = 0;
let requests = 0;

const server = createServer((request, response) => {
  requests++;
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (request.method === 'GET' && url.pathname === `${COLLECTION}/${ITEM_NAME}`) return send(response, 200, itemJson);
  if (request.method === 'GET' && url.pathname === COLLECTION && url.searchParams.get('watch') === 'true') return serveWatch(response, url.searchParams);
  if (request.method === 'GET' && url.pathname === COLLECTION) {
    const limit = Number(url.searchParams.get('limit') ?? listTotal) || listTotal;
    const offset = Number(url.searchParams.get('continue') ?? 0);
    return send(response, 200, pageBody(offset, limit));
  }
  send(
    response,
    404,
    JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `${url.pathname} not found` }),
  );
});
server.on('connection', () => connections++);
// Idle keep-alive sockets must outlive the gaps between benchmark rounds.
server.keepAliveTimeout = 60_000;

const reply = (message: ServerMessage): void => {
  process.send?.(message);
};

process.on('message', (command: ServerCommand) => {
  if (command.type === 'stats') reply({ type: 'stats', connections, requests });
  else if (command.type === 'reset') {
    connections = 0;
    requests = 0;
    reply({ type: 'stats', connections, requests });
  } else if (command.type === 'configure') {
    setListTotal(command.listTotal);
    encodeAll(command.pageSize);
    reply({ type: 'configured', listTotal, pageBytes: pageBody(0, command.pageSize).length });
  }
});
// The parent going away must not leave this server running.
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  reply({ type: 'ready', port: address.port, itemBytes: itemJson.length, itemName: ITEM_NAME });
});
