/**
 * Contract: `listAll` reads each page as it streams in, so a connection cut in the middle of a page
 * cuts a page half handed out. The page is asked for again and nothing is yielded twice or missed
 * (a continue token serves the same snapshot again); a first page that comes back changed rejects
 * rather than mix two states, unless the caller accepts an inconsistent list. The cut is a real
 * TCP reset, between the client and the real server, in the middle of a page of about 1.6 MB.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ImageCacheClient, isPaginationError } from '../../src/client/index.js';
import type { ImageCache } from '../../src/types/index.js';
import { RUN_LABEL } from './support/scope.js';
import { useContractTarget } from './support/setup.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

const contract = useContractTarget();
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// 200 KB of annotation per cache (the API server allows 256 KiB): a page of 8 is about 1.6 MB, far
// more than the client reads ahead of its loop, so a reset after the page's first item cuts the
// page. Random, because kube-apiserver gzips large responses and a repeated letter would shrink
// the page to a few kilobytes that arrive before the cut.
const PAGE_SIZE = 8;
const filler = (): string => randomBytes(150_000).toString('base64');
let selector = '';
let names: string[] = [];

beforeAll(async () => {
  const batch = `cut-${Math.random().toString(36).slice(2, 8)}`;
  names = Array.from({ length: 2 * PAGE_SIZE + 3 }, () => contract.scope.name('cut')).sort();
  for (const name of names) {
    const manifest = contract.scope.manifest(name, {}, { batch });
    await contract.target.client.create({ ...manifest, metadata: { ...manifest.metadata, annotations: { filler: filler() } } });
  }
  selector = `${RUN_LABEL}=${contract.scope.runId},batch=${batch}`;
}, 120_000);

interface Proxied {
  readonly client: ImageCacheClient;
  readonly proxy: TcpProxy;
  /** The retries the client reported, as `method path reason`. */
  readonly retries: string[];
}

/** A client that reaches the server through a proxy the test can cut. */
async function proxied(): Promise<Proxied> {
  const { connection, clientOptions } = contract.target;
  const server = new URL(connection.server);
  const proxy = await startTcpProxy(server.hostname, Number(server.port));
  cleanups.push(() => proxy.close());
  const retries: string[] = [];
  const client = new ImageCacheClient(
    { ...connection, server: `${server.protocol}//127.0.0.1:${proxy.port}` },
    { ...clientOptions, hooks: { onRetry: (retry) => retries.push(`${retry.method} ${new URL(retry.url).pathname} ${retry.reason}`) } },
  );
  cleanups.push(() => client.close());
  return { client, proxy, retries };
}

/** Lists through `list`, cutting every connection once the `cutAfter`-th item arrived and running `meanwhile`. */
async function listCutting(list: AsyncIterable<ImageCache>, proxy: TcpProxy, cutAfter: number, meanwhile?: () => Promise<unknown>) {
  const seen: string[] = [];
  let failure: unknown;
  try {
    for await (const cache of list) {
      seen.push(cache.metadata.name ?? '');
      if (seen.length === cutAfter) {
        proxy.cut();
        await meanwhile?.();
      }
    }
  } catch (error) {
    failure = error;
  }
  return { seen, failure };
}

describe('listAll when the connection is cut in the middle of a page', () => {
  it('a continue page is asked for again, and every cache is yielded once, in order', async () => {
    const { client, proxy, retries } = await proxied();
    const connectionsBefore = proxy.connections;
    const { seen, failure } = await listCutting(client.listAll({ labelSelector: selector, pageSize: PAGE_SIZE }), proxy, PAGE_SIZE + 1);
    expect(failure).toBeUndefined();
    expect(seen).toEqual(names);
    expect(retries.some((retry) => retry.startsWith('GET /apis/eci.alibabacloud.com/v1/imagecaches'))).toBe(true);
    expect(proxy.connections).toBeGreaterThan(connectionsBefore + 1);
  });

  it('the first page, unchanged, is asked for again and read on from where the cut left it', async () => {
    const { client, proxy, retries } = await proxied();
    const { seen, failure } = await listCutting(client.listAll({ labelSelector: selector, pageSize: PAGE_SIZE }), proxy, 1);
    expect(failure).toBeUndefined();
    expect(seen).toEqual(names);
    expect(retries.length).toBeGreaterThan(0);
  });

  it('the first page, changed under a cache already yielded, rejects with page-changed and yields nothing twice', async () => {
    const { client, proxy } = await proxied();
    const touch = () => contract.target.client.patch(names[0]!, { metadata: { annotations: { touched: `${Date.now()}` } } });
    const { seen, failure } = await listCutting(client.listAll({ labelSelector: selector, pageSize: PAGE_SIZE }), proxy, 1, touch);
    expect(isPaginationError(failure) && failure.problem).toBe('page-changed');
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(names.slice(0, seen.length));
  });

  it("with onContinueExpired: 'inconsistent', the changed first page goes on without yielding a name twice", async () => {
    const { client, proxy } = await proxied();
    const touch = () => contract.target.client.patch(names[0]!, { metadata: { annotations: { touched: `${Date.now()}` } } });
    const list = client.listAll({ labelSelector: selector, pageSize: PAGE_SIZE, onContinueExpired: 'inconsistent' });
    const { seen, failure } = await listCutting(list, proxy, 1, touch);
    expect(failure).toBeUndefined();
    expect(seen).toEqual(names);
  });
});
