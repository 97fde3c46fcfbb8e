/**
 * Contract: the informer. It syncs (by streaming list where the server has one, else by list),
 * turns creates, updates and deletes into deltas, misses no delete across a cut connection or a
 * relist after a compaction, and treats an object leaving its label selector as a delete.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ImageCacheClient, isKubernetesApiError, type ImageCacheInformer, type InformerOptions } from '../../src/client/index.js';
import { COLLECTION_PATH } from '../../src/client/paths.js';
import { scanImageCacheList, scanIndexFields, scanWatchEvent } from '../../src/client/lazy/scan.js';
import { rawRequest } from './support/raw-request.js';
import { RUN_LABEL } from './support/scope.js';
import { useContractTarget } from './support/setup.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { until as waitUntil } from '../support/until.js';

const contract = useContractTarget();
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const caseSelector = (hint: string) => {
  const value = `${hint}-${Math.random().toString(36).slice(2, 8)}`;
  return { labels: { case: value }, selector: `${RUN_LABEL}=${contract.scope.runId},case=${value}` };
};

function start(client: ImageCacheClient, options: InformerOptions): { informer: ImageCacheInformer; seen: string[]; errors: unknown[] } {
  const informer = client.informer(options);
  cleanups.push(() => informer.stop());
  const seen: string[] = [];
  const errors: unknown[] = [];
  informer.on('add', (o) => void seen.push(`add ${o.metadata.name}`));
  informer.on('update', (_old, o) => void seen.push(`update ${o.metadata.name}`));
  informer.on('delete', (o, { finalStateUnknown }) => void seen.push(`delete ${o.metadata.name}${finalStateUnknown ? ' (final state unknown)' : ''}`));
  informer.on('synced', () => void seen.push('synced'));
  informer.on('error', (e) => void errors.push(e));
  informer.start();
  return { informer, seen, errors };
}

/** The real server is slower than the emulator: a longer wait, polled less often. */
const until = (check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> => waitUntil(check, what, timeoutMs, 20);

async function proxiedClient(watchRetry?: {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}): Promise<{ client: ImageCacheClient; proxy: TcpProxy }> {
  const { connection, clientOptions } = contract.target;
  const server = new URL(connection.server);
  const proxy = await startTcpProxy(server.hostname, Number(server.port));
  cleanups.push(() => proxy.close());
  const client = new ImageCacheClient(
    { ...connection, server: `${server.protocol}//127.0.0.1:${proxy.port}` },
    { ...clientOptions, ...(watchRetry ? { watchRetry } : {}) },
  );
  cleanups.push(() => client.close());
  return { client, proxy };
}

describe('informer', () => {
  it('syncs the existing objects, then turns creates, updates and deletes into deltas in order', async () => {
    const { client } = contract.target;
    const { labels, selector } = caseSelector('crud');
    const existing = contract.scope.name('existing');
    await client.create(contract.scope.manifest(existing, {}, labels));
    const { informer, seen, errors } = start(client, { labelSelector: selector });
    await informer.waitForSync({ timeoutMs: 15_000 });
    if (contract.target.streamingLists !== undefined) expect(informer.syncedVia).toBe(contract.target.streamingLists ? 'watch-list' : 'list');
    expect(informer.list().map((c) => c.metadata.name)).toEqual([existing]);

    const name = contract.scope.name('watched');
    await client.create(contract.scope.manifest(name, {}, labels));
    await client.patch(name, { spec: { retentionDays: 4 } });
    await contract.target.setStatus(name, { phase: 'Ready', imageCacheId: 'imc-informer-contract' });
    await client.delete(existing);
    await until(() => seen.includes(`delete ${existing}`), 'the delete');
    expect(seen).toEqual([`add ${existing}`, 'synced', `add ${name}`, `update ${name}`, `update ${name}`, `delete ${existing}`]);
    expect(informer.get(name)?.spec.retentionDays).toBe(4);
    expect(informer.byImageCacheId('imc-informer-contract').map((c) => c.metadata.name)).toEqual([name]);
    expect(informer.resourceVersion).toMatch(/^\d+$/);
    expect(errors).toEqual([]);
  });

  it("with syncMode 'list', and with 'watch-list' where the server streams lists (a 422 it reports otherwise)", async () => {
    const { client } = contract.target;
    const { labels, selector } = caseSelector('modes');
    const name = contract.scope.name('one');
    await client.create(contract.scope.manifest(name, {}, labels));
    const listed = start(client, { labelSelector: selector, syncMode: 'list' });
    await listed.informer.waitForSync({ timeoutMs: 15_000 });
    expect(listed.informer.syncedVia).toBe('list');
    expect(listed.informer.list().map((c) => c.metadata.name)).toEqual([name]);

    const streamed = start(client, { labelSelector: selector, syncMode: 'watch-list' });
    // Unknown (the feature gate at the server's default): whichever comes first tells.
    await until(() => streamed.informer.hasSynced || streamed.errors.length >= 1, 'a sync or a rejected streaming list');
    const supported = contract.target.streamingLists ?? streamed.informer.hasSynced;
    if (!supported) {
      await until(() => streamed.errors.length >= 1, 'the rejected streaming list');
      const [error] = streamed.errors;
      expect(isKubernetesApiError(error) && error.statusCode).toBe(422);
      expect(streamed.informer.hasSynced).toBe(false);
      return;
    }
    await streamed.informer.waitForSync({ timeoutMs: 15_000 });
    expect(streamed.informer.syncedVia).toBe('watch-list');
    expect(streamed.informer.list().map((c) => c.metadata.name)).toEqual([name]);
  });

  it('misses no delete made while its connection was cut', async () => {
    const { client: admin } = contract.target;
    const { client, proxy } = await proxiedClient();
    const { labels, selector } = caseSelector('cut');
    const doomed = contract.scope.name('doomed');
    const kept = contract.scope.name('kept');
    for (const name of [doomed, kept]) await admin.create(contract.scope.manifest(name, {}, labels));
    const { informer, seen } = start(client, { labelSelector: selector });
    await informer.waitForSync({ timeoutMs: 15_000 });
    await until(() => seen.includes('synced'), 'synced');

    proxy.down();
    await admin.delete(doomed);
    const born = contract.scope.name('born');
    await admin.create(contract.scope.manifest(born, {}, labels));
    proxy.up();
    await until(() => informer.get(born) !== undefined && informer.get(doomed) === undefined, 'the changes made while cut off');
    // Resumed from its resourceVersion, the watch sees the delete itself: one delete, final state known.
    expect(seen.filter((s) => s.startsWith(`delete ${doomed}`))).toEqual([`delete ${doomed}`]);
    expect(
      informer
        .list()
        .map((c) => c.metadata.name)
        .sort(),
    ).toEqual([born, kept].sort());
  });

  it('after an outage the watch gave up on, and a compaction, relists and emits exactly the differences', async () => {
    const { client: admin } = contract.target;
    // A client whose watch gives up fast, so the outage ends in the informer's own relist.
    const { client, proxy } = await proxiedClient({ retries: 1, baseDelayMs: 20, maxDelayMs: 50 });
    const { labels, selector } = caseSelector('compacted');
    const [stays, changes, goes] = ['stays', 'changes', 'goes'].map((hint) => contract.scope.name(hint)) as [string, string, string];
    for (const name of [stays, changes, goes]) await admin.create(contract.scope.manifest(name, {}, labels));
    const { informer, seen, errors } = start(client, { labelSelector: selector });
    await informer.waitForSync({ timeoutMs: 15_000 });
    await until(() => seen.includes('synced'), 'synced');
    seen.length = 0;

    proxy.down();
    await admin.patch(changes, { spec: { retentionDays: 9 } });
    await admin.delete(goes);
    const born = contract.scope.name('born');
    await admin.create(contract.scope.manifest(born, {}, labels));
    await contract.target.compact();
    await until(() => errors.length >= 1, 'the watch giving up');
    proxy.up();
    await until(() => seen.includes('synced'), 'the relist');
    expect([...seen].sort()).toEqual([`add ${born}`, `delete ${goes} (final state unknown)`, `update ${changes}`, 'synced'].sort());
    expect(seen.at(-1)).toBe('synced');
    expect(informer.get(changes)?.spec.retentionDays).toBe(9);
    expect(
      informer
        .list()
        .map((c) => c.metadata.name)
        .sort(),
    ).toEqual([born, changes, stays].sort());
  });

  it('an object whose labels stop matching the selector is a delete, and an add when they match again', async () => {
    const { client } = contract.target;
    const { labels, selector } = caseSelector('labels');
    const name = contract.scope.name('relabelled');
    await client.create(contract.scope.manifest(name, {}, labels));
    const { informer, seen } = start(client, { labelSelector: selector });
    await informer.waitForSync({ timeoutMs: 15_000 });
    await client.patch(name, { metadata: { labels: { case: 'elsewhere' } } });
    await until(() => seen.includes(`delete ${name}`), 'the delete');
    expect(informer.list()).toEqual([]);
    await client.patch(name, { metadata: { labels } });
    await until(() => seen.filter((s) => s === `add ${name}`).length === 2, 'the second add');
    expect(seen).toEqual([`add ${name}`, 'synced', `delete ${name}`, `add ${name}`]);
  });

  it("reads the server's own list and watch bytes without parsing them: the scan vouches for them and agrees with JSON.parse", async () => {
    const { client, connection } = contract.target;
    const { labels, selector } = caseSelector('bytes');
    const query = `labelSelector=${encodeURIComponent(selector)}`;
    const before = await rawRequest(connection, 'GET', `${COLLECTION_PATH}?${query}`);
    const fromVersion = (before.json as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    // Text the server escapes (<, >, & as \u003c... in Go), quotes, a backslash, a newline and non-ASCII.
    const name = contract.scope.name('escapes');
    const manifest = contract.scope.manifest(name, { images: ['registry.example.com/team/app:1', 'nginx:1.25'] }, labels);
    await client.create({ ...manifest, metadata: { ...manifest.metadata, annotations: { note: '<b>"quoted" & \\ back\nslash</b> é 日本' } } });
    await client.create(contract.scope.manifest(contract.scope.name('plain'), {}, labels));

    const list = await rawRequest(connection, 'GET', `${COLLECTION_PATH}?${query}`);
    const scanned = scanImageCacheList(Buffer.from(list.text));
    expect(scanned).toBeDefined();
    const parsed = JSON.parse(list.text) as { items: { metadata: { name: string; resourceVersion: string } }[]; metadata: { resourceVersion: string } };
    expect(scanned?.items.map((item) => JSON.parse(Buffer.from(item.bytes).toString('utf8')))).toEqual(parsed.items);
    expect(scanned?.items.map((item) => [item.name, item.resourceVersion])).toEqual(parsed.items.map((i) => [i.metadata.name, i.metadata.resourceVersion]));
    expect(scanned?.resourceVersion).toBe(parsed.metadata.resourceVersion);
    const created = scanned?.items.find((item) => item.name === name);
    expect(created && scanIndexFields(created.bytes)?.images).toEqual(['registry.example.com/team/app:1', 'nginx:1.25']);

    // The same objects as watch events: replayed from before the creates, the stream closed by the server after a second.
    const watch = await rawRequest(connection, 'GET', `${COLLECTION_PATH}?${query}&watch=true&resourceVersion=${fromVersion}&timeoutSeconds=1`);
    const lines = watch.text.split('\n').filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      const event = scanWatchEvent(Buffer.from(line));
      expect(event).toBeDefined();
      const json = JSON.parse(line) as { type: string; object: unknown };
      expect(event?.type).toBe(json.type);
      expect(JSON.parse(event ? Buffer.from(event.object.bytes).toString('utf8') : 'null')).toEqual(json.object);
    }
  });
});
