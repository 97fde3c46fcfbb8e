/**
 * Contract: watch. Events arrive in order, a watch resumes from a resourceVersion, a too old one
 * (410 Gone) makes the client relist, and a dropped connection is resumed without losing events.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ImageCacheClient, type WatchStreamEvent } from '../../src/client/index.js';
import { collectWatch, describeEvent, type CollectedWatch } from './support/events.js';
import { RUN_LABEL } from './support/scope.js';
import { useContractTarget } from './support/setup.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

const contract = useContractTarget();
const open: CollectedWatch[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.stop()));
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A label for one test's objects, so its watch sees nothing else. */
const caseSelector = (hint: string) => {
  const value = `${hint}-${Math.random().toString(36).slice(2, 8)}`;
  return { labels: { case: value }, selector: `${RUN_LABEL}=${contract.scope.runId},case=${value}` };
};

const watchWith = (client: ImageCacheClient, options: Parameters<ImageCacheClient['watch']>[0]) => {
  const watch = collectWatch((signal) => client.watch({ ...options, signal }));
  open.push(watch);
  return watch;
};

const changes = (events: readonly WatchStreamEvent[]) => events.map(describeEvent);

describe('watch', () => {
  it('sees ADDED, MODIFIED and DELETED in order, each with the object as it then was', async () => {
    const { client } = contract.target;
    const { labels, selector } = caseSelector('order');
    const from = (await client.list({ labelSelector: selector })).metadata.resourceVersion;
    const watch = watchWith(client, { labelSelector: selector, resourceVersion: from ?? '' });
    const name = contract.scope.name('watched');
    const created = await client.create(contract.scope.manifest(name, {}, labels));
    const patched = await client.patch(name, { spec: { retentionDays: 4 } });
    await client.delete(name);

    const events = await watch.until((e) => e.length >= 3, 'three events');
    expect(changes(events)).toEqual([`ADDED ${name}`, `MODIFIED ${name}`, `DELETED ${name}`]);
    const [added, modified, deleted] = events as Extract<WatchStreamEvent, { object: unknown }>[];
    expect(added!.object.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(modified!.object.spec.retentionDays).toBe(4);
    expect(modified!.object.metadata.resourceVersion).toBe(patched.metadata.resourceVersion);
    expect(Number(deleted!.object.metadata.resourceVersion)).toBeGreaterThan(Number(patched.metadata.resourceVersion));
  });

  it('without a resourceVersion, starts with an ADDED event for every existing match', async () => {
    const { client } = contract.target;
    const { labels, selector } = caseSelector('initial');
    const names = [contract.scope.name('first'), contract.scope.name('second')];
    for (const name of names) await client.create(contract.scope.manifest(name, {}, labels));
    const watch = watchWith(client, { labelSelector: selector });
    const events = await watch.until((e) => e.length >= 2, 'the initial events');
    expect(changes(events).sort()).toEqual(names.map((n) => `ADDED ${n}`).sort());
  });

  it('from a resourceVersion, replays exactly the changes after it', async () => {
    const { client } = contract.target;
    const { labels, selector } = caseSelector('resume');
    const name = contract.scope.name('resumed');
    const created = await client.create(contract.scope.manifest(name, {}, labels));
    await client.patch(name, { spec: { retentionDays: 1 } });
    await client.patch(name, { spec: { retentionDays: 2 } });
    const watch = watchWith(client, { labelSelector: selector, resourceVersion: created.metadata.resourceVersion ?? '' });
    const events = await watch.until((e) => e.length >= 2, 'two replayed changes');
    expect(changes(events)).toEqual([`MODIFIED ${name}`, `MODIFIED ${name}`]);
    expect(events.map((e) => (e.type === 'MODIFIED' ? e.object.spec.retentionDays : undefined))).toEqual([1, 2]);
  });

  it('from a resourceVersion the server no longer has (410 Gone), relists once and watches on', async () => {
    const { client } = contract.target;
    const { labels, selector } = caseSelector('gone');
    const names = [contract.scope.name('kept-a'), contract.scope.name('kept-b')].sort();
    for (const name of names) await client.create(contract.scope.manifest(name, {}, labels));
    const expired = await contract.target.expiredResourceVersion();

    const watch = watchWith(client, { labelSelector: selector, resourceVersion: expired });
    const [relisted] = await watch.until((e) => e.length >= 1, 'the relist');
    expect(relisted?.type).toBe('RELISTED');
    if (relisted?.type !== 'RELISTED') return;
    expect(relisted.objects.map((o) => o.metadata.name)).toEqual(names);
    expect(relisted.resourceVersion).toMatch(/^\d+$/);

    const later = contract.scope.name('after-relist');
    await client.create(contract.scope.manifest(later, {}, labels));
    const events = await watch.until((e) => e.length >= 2, 'the change after the relist');
    expect(changes(events)).toEqual([`RELISTED ${names.join(',')}`, `ADDED ${later}`]);
  });

  it('after a dropped connection, resumes from the last event seen without losing or repeating one', async () => {
    const { client: admin, connection, clientOptions } = contract.target;
    const server = new URL(connection.server);
    const proxy: TcpProxy = await startTcpProxy(server.hostname, Number(server.port));
    cleanups.push(() => proxy.close());
    const proxied = new ImageCacheClient({ ...connection, server: `${server.protocol}//127.0.0.1:${proxy.port}` }, clientOptions);
    cleanups.push(() => proxied.close());

    const { labels, selector } = caseSelector('dropped');
    const from = (await admin.list({ labelSelector: selector })).metadata.resourceVersion;
    const watch = watchWith(proxied, { labelSelector: selector, resourceVersion: from ?? '' });
    const before = contract.scope.name('before-cut');
    await admin.create(contract.scope.manifest(before, {}, labels));
    await watch.until((e) => e.length >= 1, 'the first event');
    const connectionsBeforeCut = proxy.connections;

    proxy.cut();
    const during = contract.scope.name('during-cut');
    await admin.create(contract.scope.manifest(during, {}, labels));
    await admin.patch(before, { spec: { retentionDays: 8 } });

    const events = await watch.until((e) => e.length >= 3, 'the changes made while cut off');
    expect(changes(events)).toEqual([`ADDED ${before}`, `ADDED ${during}`, `MODIFIED ${before}`]);
    expect(proxy.connections).toBeGreaterThan(connectionsBeforeCut);
  });
});
