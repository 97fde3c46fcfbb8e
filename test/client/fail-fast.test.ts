import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ImageCacheClient, isNetworkError } from '../../src/index.js';
import { startImageCacheEmulator } from '../../src/testing/index.js';

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const clients: ImageCacheClient[] = [];
afterEach(() => clients.splice(0).forEach((c) => c.close()));

function clientFor(server: string, failFastIfUnreachable: boolean, attempts: number[]): ImageCacheClient {
  const client = new ImageCacheClient(
    { server },
    { failFastIfUnreachable, retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 2 }, hooks: { onRequest: ({ attempt }) => attempts.push(attempt) } },
  );
  clients.push(client);
  return client;
}

describe('failFastIfUnreachable', () => {
  it('fails a refused first contact after one attempt; without it the refusal is retried', async () => {
    const server = `http://127.0.0.1:${await closedPort()}`;
    const fast: number[] = [];
    const err = await clientFor(server, true, fast)
      .list()
      .catch((e: unknown) => e);
    expect(isNetworkError(err) && err.code).toBe('ECONNREFUSED');
    expect(fast).toEqual([1]);
    const patient: number[] = [];
    await expect(clientFor(server, false, patient).list()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(patient).toEqual([1, 2, 3, 4]);
  });

  it('still retries refusals once the server has answered (a restart)', async () => {
    const emulator = await startImageCacheEmulator({ controller: false });
    const port = Number(new URL(emulator.url).port);
    const patientPolicy = { retries: 40, baseDelayMs: 50, maxDelayMs: 100 };
    const attempts: number[] = [];
    const client = new ImageCacheClient(
      { server: emulator.url },
      { failFastIfUnreachable: true, retry: patientPolicy, hooks: { onRequest: ({ attempt }) => attempts.push(attempt) } },
    );
    const fresh: number[] = [];
    const freshClient = new ImageCacheClient(
      { server: emulator.url },
      { failFastIfUnreachable: true, retry: patientPolicy, hooks: { onRequest: ({ attempt }) => fresh.push(attempt) } },
    );
    clients.push(client, freshClient);
    await client.list();
    await emulator.close();
    // A client that never reached the server fails at once...
    await expect(freshClient.list()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(fresh).toEqual([1]);
    // ...one that did keeps retrying until the server is back on the same port.
    attempts.length = 0;
    const list = client.list();
    while (attempts.length < 2) await new Promise((r) => setTimeout(r, 5));
    const restarted = await startImageCacheEmulator({ controller: false, port });
    try {
      await expect(list).resolves.toMatchObject({ items: [] });
      expect(attempts.length).toBeGreaterThanOrEqual(2);
    } finally {
      await restarted.close();
    }
  });
});
