// The informer's sync over caches kept as bytes: what handlers and reads see is what JSON.parse of the
// server's bytes gives, one object per version; bodies the scan does not vouch for take the old
// path with its errors; hostile keys change nothing.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ImageCacheClient,
  isKubernetesApiError,
  isResponseError,
  isResponseTooLarge,
  type ImageCacheInformer,
  type InformerSyncMode,
} from '../../src/client/index.js';
import { startImageCacheEmulator } from '../../src/testing/emulator/index.js';
import type { ImageCache } from '../../src/types/index.js';
import { until } from '../support/until.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const FAST = { retry: { retries: 0, baseDelayMs: 10, maxDelayMs: 50 }, watchRetry: { retries: 3, baseDelayMs: 20, maxDelayMs: 100 } };

function informerAt(server: string, syncMode: InformerSyncMode, token?: string): { informer: ImageCacheInformer; added: ImageCache[]; errors: unknown[] } {
  const client = new ImageCacheClient({ server, ...(token ? { token } : {}) }, token ? { ...FAST, allowCredentialsOverHttp: true } : FAST);
  const informer = client.informer({ syncMode });
  cleanups.push(
    () => client.close(),
    () => informer.stop(),
  );
  const added: ImageCache[] = [];
  const errors: unknown[] = [];
  informer.on('add', (cache) => void added.push(cache));
  informer.on('error', (error) => void errors.push(error));
  informer.start();
  return { informer, added, errors };
}

/** The informer reports an `unexpected-object` response error that says `detail`, and holds nothing. */
async function expectRefusedUnsynced({ informer, errors }: ReturnType<typeof informerAt>, detail: string): Promise<void> {
  await until(() => errors.length >= 1, 'the error');
  expect(isResponseError(errors[0]) && errors[0].problem).toBe('unexpected-object');
  expect(String(errors[0])).toContain(detail);
  expect(informer.hasSynced).toBe(false);
  expect(informer.size).toBe(0);
}

/**
 * A server whose list answer is `listBody` (text as is, with `listStatus`) and whose watches stay open
 * and quiet; with `initialEvents`, a streaming list writes those lines, else it is refused (422).
 */
async function serverWithList(listBody: string, initialEvents?: string[], listStatus = 200): Promise<string> {
  const open = new Set<ServerResponse>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.searchParams.get('sendInitialEvents') === 'true' && initialEvents) {
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      for (const line of initialEvents) res.write(`${line}\n`);
      open.add(res);
    } else if (url.searchParams.get('sendInitialEvents') === 'true') {
      res.writeHead(422, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 422, reason: 'Invalid' }));
    } else if (url.searchParams.get('watch') === 'true') {
      res.writeHead(200, { 'content-type': 'application/json' });
      open.add(res);
    } else {
      res.writeHead(listStatus, { 'content-type': 'application/json' });
      res.end(listBody);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const listOf = (items: unknown[]) => ({ apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCacheList', metadata: { resourceVersion: '9' }, items });
const item = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'eci.alibabacloud.com/v1',
  kind: 'ImageCache',
  metadata: { name, resourceVersion: '5' },
  spec: { images: ['nginx:1.25'] },
  ...extra,
});

describe('informer sync over unparsed caches', () => {
  for (const syncMode of ['list', 'watch-list'] as const) {
    it(`(${syncMode}) handlers and reads get one object per cache, equal to the server's`, async () => {
      const emu = await startImageCacheEmulator({ controller: false });
      cleanups.push(() => emu.close());
      const setup = new ImageCacheClient({ server: emu.url }, FAST);
      cleanups.push(() => setup.close());
      for (const name of ['a', 'b']) await setup.create({ metadata: { name, annotations: { note: '<"é"> \\ & 日本' } }, spec: { images: ['nginx:1.25'] } });
      const { informer, added } = informerAt(emu.url, syncMode);
      await informer.waitForSync({ timeoutMs: 5000 });
      expect(informer.syncedVia).toBe(syncMode);
      expect(informer.size).toBe(2);
      await until(() => added.length === 2, 'both adds');
      for (const cache of added) {
        const name = cache.metadata.name as string;
        expect(informer.get(name)).toBe(cache);
        expect(informer.list().find((c) => c.metadata.name === name)).toBe(cache);
        expect(cache).toEqual(await setup.get(name));
      }
      expect(informer.byImage('docker.io/library/nginx:1.25')).toHaveLength(2);
    });
  }

  it('a list whose item is no ImageCache is reported as list() reports it, and nothing is synced', async () => {
    const server = await serverWithList(JSON.stringify(listOf([item('a'), item('', {})])));
    await expectRefusedUnsynced(informerAt(server, 'list'), 'item 1');
  });

  it('a streaming list event that is no ImageCache is reported as watch() reports it, and nothing is synced', async () => {
    const server = await serverWithList('{}', [
      JSON.stringify({ type: 'ADDED', object: item('a') }),
      JSON.stringify({ type: 'ADDED', object: { ...item('b'), kind: 'Pod' } }),
    ]);
    await expectRefusedUnsynced(informerAt(server, 'watch-list'), 'kind ImageCache');
  });

  it('a list laid out with whitespace, or cut short, takes the ordinary path: same caches, same errors', async () => {
    const objects = [item('a'), item('b', { status: { phase: 'Ready', imageCacheId: 'imc-b' } })];
    const pretty = await serverWithList(JSON.stringify(listOf(objects), null, 2));
    const listed = informerAt(pretty, 'list');
    await listed.informer.waitForSync({ timeoutMs: 5000 });
    expect(listed.informer.list()).toEqual(objects);
    expect(listed.informer.byImageCacheId('imc-b')).toEqual([objects[1]]);

    const text = JSON.stringify(listOf(objects));
    const cut = await serverWithList(text.slice(0, text.length - 40));
    const truncated = informerAt(cut, 'list');
    await until(() => truncated.errors.length >= 1, 'the error');
    expect(isResponseError(truncated.errors[0]) && truncated.errors[0].problem).toBe('truncated');
    expect(truncated.informer.hasSynced).toBe(false);
  });

  it('a list that starts with a byte order mark reads as list() reads it (the scan refuses it, the text path drops it)', async () => {
    const objects = [item('a'), item('b', { metadata: { name: 'b', resourceVersion: '6', annotations: { note: '日本' } } })];
    const server = await serverWithList(`\uFEFF${JSON.stringify(listOf(objects))}`);
    const { informer } = informerAt(server, 'list');
    await informer.waitForSync({ timeoutMs: 5000 });
    expect(informer.list()).toEqual(objects);
    const client = new ImageCacheClient({ server }, FAST);
    cleanups.push(() => client.close());
    expect((await client.list()).items).toEqual(informer.list());
  });

  it('a list refused with a Status that echoes the token is reported as the API error, the token masked', async () => {
    const token = 'sekret-token-0123456789';
    const status = { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 403, reason: 'Forbidden', message: `user with token ${token} cannot list` };
    const server = await serverWithList(JSON.stringify(status), undefined, 403);
    const { informer, errors } = informerAt(server, 'list', token);
    await until(() => errors.length >= 1, 'the error');
    expect(isKubernetesApiError(errors[0]) && errors[0].statusCode).toBe(403);
    expect(String(errors[0])).toContain('cannot list');
    expect(JSON.stringify(errors[0]) + String(errors[0])).not.toContain(token);
    expect(informer.hasSynced).toBe(false);
  });

  it('a list body over maxResponseBytes is refused while it arrives, read as bytes as it is as text', async () => {
    const objects = Array.from({ length: 1000 }, (_, i) => item(`cache-${i}`));
    const body = JSON.stringify(listOf(objects));
    const server = await serverWithList(body);
    const client = new ImageCacheClient({ server }, { ...FAST, maxResponseBytes: 16 * 1024 });
    const informer = client.informer({ syncMode: 'list' });
    cleanups.push(
      () => client.close(),
      () => informer.stop(),
    );
    const errors: unknown[] = [];
    informer.on('error', (error) => void errors.push(error));
    informer.start();
    await until(() => errors.length >= 1, 'the error');
    expect(body.length).toBeGreaterThan(4 * 16 * 1024);
    expect(isResponseTooLarge(errors[0])).toBe(true);
    expect(informer.hasSynced).toBe(false);
    expect(informer.size).toBe(0);
  });

  it('keys a cache by the name JSON.parse gives: the last of repeated keys, not one quoted in a value; __proto__ stays data', async () => {
    const text =
      '{"apiVersion":"eci.alibabacloud.com/v1","kind":"ImageCacheList","metadata":{"resourceVersion":"9"},"items":[' +
      '{"apiVersion":"eci.alibabacloud.com/v1","kind":"ImageCache","metadata":{"name":"first","annotations":{"x":"\\"metadata\\":{\\"name\\":\\"quoted\\"}"}},' +
      '"__proto__":{"polluted":true},"metadata":{"name":"w\\u0065b","resourceVersion":"3"},"spec":{"images":["nginx:1.25"]}}]}';
    const server = await serverWithList(text);
    const { informer } = informerAt(server, 'list');
    await informer.waitForSync({ timeoutMs: 5000 });
    expect(informer.size).toBe(1);
    const web = informer.get('web');
    expect(web).toEqual(JSON.parse(text).items[0]);
    expect(informer.get('first')).toBeUndefined();
    expect(informer.get('quoted')).toBeUndefined();
    expect(Object.hasOwn(web as object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
