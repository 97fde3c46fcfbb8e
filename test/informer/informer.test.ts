// The informer against the emulator: sync (streamed or listed), events in order, handler failures,
// backpressure, backoff on errors it cannot cure, relists that turn into exact deltas.
import { afterEach, describe, expect, it } from 'vitest';
import {
  ImageCacheClient,
  isInformerHandlerError,
  isInformerSyncError,
  type ImageCacheInformer,
  type InformerDelta,
  type InformerOptions,
} from '../../src/client/index.js';
import { startImageCacheEmulator, type ImageCacheEmulator, type ImageCacheEmulatorOptions } from '../../src/testing/emulator/index.js';
import type { ImageCache, ImageCacheInput } from '../../src/types/index.js';
import { startTcpProxy } from '../contract/support/tcp-proxy.js';
import { until } from '../support/until.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const FAST = { retry: { retries: 2, baseDelayMs: 10, maxDelayMs: 50 }, watchRetry: { retries: 3, baseDelayMs: 20, maxDelayMs: 100 } };

async function emulator(options: ImageCacheEmulatorOptions = {}): Promise<ImageCacheEmulator> {
  const emu = await startImageCacheEmulator({ controller: false, ...options });
  cleanups.push(() => emu.close());
  return emu;
}

function clientFor(server: string, token?: string): ImageCacheClient {
  // The emulator serves plain http; a token goes there only when asked for explicitly.
  const client = new ImageCacheClient({ server, ...(token ? { token } : {}) }, token ? { ...FAST, allowCredentialsOverHttp: true } : FAST);
  cleanups.push(() => client.close());
  return client;
}

function informerOf(client: ImageCacheClient, options: InformerOptions = {}): ImageCacheInformer {
  const informer = client.informer(options);
  cleanups.push(() => informer.stop());
  return informer;
}

const cache = (name: string, images: string[] = ['nginx:1.25'], labels: Record<string, string> = {}): ImageCacheInput => ({
  metadata: { name, labels },
  spec: { images },
});

/** Records every delta as a short string. */
function record(informer: ImageCacheInformer): string[] {
  const seen: string[] = [];
  informer.on('add', (o) => void seen.push(`add ${o.metadata.name}`));
  informer.on('update', (old, o) => void seen.push(`update ${o.metadata.name} ${old.metadata.resourceVersion}->${o.metadata.resourceVersion}`));
  informer.on('delete', (o, { finalStateUnknown }) => void seen.push(`delete ${o.metadata.name}${finalStateUnknown ? ' (final state unknown)' : ''}`));
  informer.on('synced', () => void seen.push('synced'));
  return seen;
}

describe('informer', () => {
  it('syncs through a streaming list where the server has one, and reads from memory', async () => {
    const emu = await emulator({ initialObjects: [cache('web', ['nginx:1.25', 'redis:7']), cache('db', ['postgres:16'])] });
    emu.store.update('web', { ...emu.store.get('web'), status: { phase: 'Ready', imageCacheId: 'imc-web' } } as ImageCache, { subresource: 'status' });
    const informer = informerOf(clientFor(emu.url));
    const seen = record(informer);
    expect(informer.hasSynced).toBe(false);
    informer.start();
    await informer.waitForSync({ timeoutMs: 5000 });
    expect(informer.hasSynced).toBe(true);
    expect(informer.syncedVia).toBe('watch-list');
    expect(informer.resourceVersion).toBe(emu.store.resourceVersion);
    expect(
      informer
        .list()
        .map((c) => c.metadata.name)
        .sort(),
    ).toEqual(['db', 'web']);
    expect(informer.get('web')?.status?.imageCacheId).toBe('imc-web');
    expect(informer.byImageCacheId('imc-web').map((c) => c.metadata.name)).toEqual(['web']);
    // Normalized as matching compares: docker.io/library/redis:7 is redis:7.
    expect(informer.byImage('docker.io/library/redis:7').map((c) => c.metadata.name)).toEqual(['web']);
    expect(informer.byImage('postgres:15')).toEqual([]);
    expect(informer.byImage('Not A Reference')).toEqual([]);
    await until(() => seen.includes('synced'), 'synced');
    expect([...seen].sort()).toEqual(['add db', 'add web', 'synced']);
    expect(seen.at(-1)).toBe('synced');
  });

  it('falls back to list+watch on a server without streaming lists (and stays there)', async () => {
    const emu = await emulator({ watchList: false, initialObjects: [cache('one')] });
    const informer = informerOf(clientFor(emu.url));
    const errors: unknown[] = [];
    informer.on('error', (e) => void errors.push(e));
    informer.start();
    await informer.waitForSync({ timeoutMs: 5000 });
    expect(informer.syncedVia).toBe('list');
    expect(informer.list().map((c) => c.metadata.name)).toEqual(['one']);
    expect(errors).toEqual([]);
    await emu.client.create(cache('two'));
    await until(() => informer.get('two') !== undefined, 'the watch after the list');
  });

  it("with syncMode 'watch-list' on a server without it, reports the 422 and retries instead of listing", async () => {
    const emu = await emulator({ watchList: false });
    const informer = informerOf(clientFor(emu.url), { syncMode: 'watch-list' });
    const errors: unknown[] = [];
    informer.on('error', (e) => void errors.push(e));
    informer.start();
    await until(() => errors.length >= 2, 'two reported failures');
    expect((errors[0] as { statusCode?: number }).statusCode).toBe(422);
    const wait = await informer.waitForSync({ timeoutMs: 50 }).catch((e: unknown) => e);
    expect(isInformerSyncError(wait) && wait.kind).toBe('timeout');
    expect(informer.hasSynced).toBe(false);
  });

  it("with syncMode 'list', never asks for a streaming list", async () => {
    const emu = await emulator({ initialObjects: [cache('one')] });
    const informer = informerOf(clientFor(emu.url), { syncMode: 'list' });
    informer.start();
    await informer.waitForSync({ timeoutMs: 5000 });
    expect(informer.syncedVia).toBe('list');
  });

  it('delivers add, update and delete in order, with the old and new object, and the store ahead of no handler', async () => {
    const emu = await emulator();
    const informer = informerOf(clientFor(emu.url));
    const seen = record(informer);
    informer.start();
    await informer.waitForSync({ timeoutMs: 5000 });
    const created = await emu.client.create(cache('web'));
    await until(() => seen.length >= 2, 'the add');
    // resourceVersion follows events, not only lists and bookmarks.
    expect(informer.resourceVersion).toBe(created.metadata.resourceVersion);
    const patched = await emu.client.patch('web', { spec: { retentionDays: 3 } });
    await until(() => seen.length >= 3, 'the update');
    expect(informer.resourceVersion).toBe(patched.metadata.resourceVersion);
    await emu.client.delete('web');
    await until(() => seen.length >= 4, 'three deltas');
    expect(informer.resourceVersion).toBe(emu.store.resourceVersion);
    expect(seen).toEqual(['synced', 'add web', `update web ${created.metadata.resourceVersion}->${patched.metadata.resourceVersion}`, 'delete web']);
    expect(informer.get('web')).toBeUndefined();
  });

  it('reports a handler that throws or rejects through error, and goes on delivering', async () => {
    const emu = await emulator();
    const informer = informerOf(clientFor(emu.url));
    const errors: unknown[] = [];
    const added: string[] = [];
    informer.on('error', (e) => void errors.push(e));
    informer.on('add', (o) => {
      if (o.metadata.name === 'bad-sync') throw new Error('handler bug');
    });
    informer.on('add', async (o) => {
      if (o.metadata.name === 'bad-async') throw new Error('async handler bug');
      added.push(o.metadata.name as string);
    });
    informer.start();
    await informer.waitForSync({ timeoutMs: 5000 });
    for (const name of ['bad-sync', 'bad-async', 'good']) await emu.client.create(cache(name));
    await until(() => added.includes('good'), 'the delta after the failures');
    expect(errors).toHaveLength(2);
    expect(errors.every(isInformerHandlerError)).toBe(true);
    expect(errors.map((e) => (isInformerHandlerError(e) ? [e.event, e.objectName, (e.cause as Error).message] : []))).toEqual([
      ['add', 'bad-sync', 'handler bug'],
      ['add', 'bad-async', 'async handler bug'],
    ]);
    expect(added).toEqual(['bad-sync', 'good']);
  });

  it('holds the watch back while slow handlers fill the queue, and then delivers everything in order', async () => {
    const emu = await emulator();
    const informer = informerOf(clientFor(emu.url), { maxPendingDeltas: 3 });
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const added: string[] = [];
    let maxPending = 0;
    informer.on('add', async (o) => {
      maxPending = Math.max(maxPending, informer.pendingDeltas);
      await gate;
      added.push(o.metadata.name as string);
    });
    informer.start();
    await informer.waitForSync({ timeoutMs: 5000 });
    const names = Array.from({ length: 20 }, (_, i) => `c${String(i).padStart(2, '0')}`);
    for (const name of names) await emu.client.create(cache(name));
    await new Promise((r) => setTimeout(r, 200));
    // The first handler call is waiting; the queue is full, so the informer stopped reading the watch.
    expect(informer.pendingDeltas).toBeLessThanOrEqual(3);
    expect(informer.list().length).toBeLessThan(names.length);
    release();
    await until(() => added.length === names.length, 'every add');
    expect(added).toEqual(names);
    expect(maxPending).toBeLessThanOrEqual(3);
    expect(informer.list().length).toBe(names.length);
  });

  it('retries an error no retry cures (401) with backoff, reporting each, until stopped', async () => {
    const emu = await emulator({ token: 'right' });
    const informer = informerOf(clientFor(emu.url, 'wrong'));
    const times: number[] = [];
    informer.on('error', (e) => {
      expect((e as { statusCode?: number }).statusCode).toBe(401);
      times.push(Date.now());
    });
    informer.start();
    await until(() => times.length >= 4, 'four failures', 8000);
    await informer.stop();
    const count = times.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(times.length).toBe(count);
    // Backoff doubles (20 ms base, jittered by half): the gaps grow rather than the loop spinning.
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    expect(gaps[2]).toBeGreaterThanOrEqual(35);
    const wait = await informer.waitForSync().catch((e: unknown) => e);
    expect(isInformerSyncError(wait) && wait.kind).toBe('stopped');
  });

  it('after a cut connection and a compaction, relists and emits exactly the differences', async () => {
    const emu = await emulator({ initialObjects: [cache('stays'), cache('changes'), cache('goes')] });
    const proxy = await startTcpProxy('127.0.0.1', emu.port);
    cleanups.push(() => proxy.close());
    const informer = informerOf(clientFor(`http://127.0.0.1:${proxy.port}`));
    const seen = record(informer);
    informer.start();
    await informer.waitForSync({ timeoutMs: 5000 });
    await until(() => seen.includes('synced'), 'synced');
    seen.length = 0;

    // While the watch is down (all in one tick, before any reconnect): one change, one delete,
    // one create, then the history is compacted away, so the resumed watch gets 410 Gone.
    proxy.cut();
    const before = emu.store.get('changes');
    const changed = emu.store.update('changes', { ...before, spec: { ...before.spec, retentionDays: 9 } });
    emu.store.delete('goes');
    emu.store.create({ apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCache', ...cache('new') } as ImageCache);
    emu.store.compact();
    await until(() => seen.includes('synced'), 'the relist', 8000);
    expect([...seen].sort()).toEqual(
      [
        `update changes ${before.metadata.resourceVersion}->${changed.metadata.resourceVersion}`,
        'delete goes (final state unknown)',
        'add new',
        'synced',
      ].sort(),
    );
    expect(seen.at(-1)).toBe('synced');
    expect(
      informer
        .list()
        .map((c) => c.metadata.name)
        .sort(),
    ).toEqual(['changes', 'new', 'stays']);
    expect(informer.get('goes')).toBeUndefined();
    expect(informer.resourceVersion).toBe(emu.store.resourceVersion);
  });

  it('deltas() yields the same deltas in order and ends when the informer stops', async () => {
    const emu = await emulator({ initialObjects: [cache('one')] });
    const informer = informerOf(clientFor(emu.url));
    const collected: InformerDelta[] = [];
    const reading = (async () => {
      for await (const delta of informer.deltas()) collected.push(delta);
    })();
    informer.start();
    await informer.waitForSync({ timeoutMs: 5000 });
    await emu.client.delete('one');
    await until(() => collected.length >= 3, 'three deltas');
    await informer.stop();
    await reading;
    expect(collected.map((d) => (d.type === 'synced' ? 'synced' : `${d.type} ${d.object.metadata.name}`))).toEqual(['add one', 'synced', 'delete one']);
  });

  it('makes no delta nobody hears, and a handler, a deltas() iterator or a live matcher added later hears what follows', async () => {
    const emu = await emulator({ initialObjects: [cache('one'), cache('two')] });
    const informer = informerOf(clientFor(emu.url));
    informer.start();
    await informer.waitForSync({ timeoutMs: 5000 });
    expect(informer.pendingDeltas).toBe(0);
    const matcher = informer.matcher();
    await emu.client.create(cache('three', ['redis:7']));
    emu.store.update('three', { ...emu.store.get('three'), status: { phase: 'Ready', imageCacheId: 'imc-three' } } as ImageCache, { subresource: 'status' });
    await emu.client.delete('two');
    await emu.client.create(cache('one-more'));
    await until(() => informer.get('one-more') !== undefined, 'the last create');
    // Unheard adds and deletes changed the store and the live matcher all the same.
    expect(
      informer
        .list()
        .map((c) => c.metadata.name)
        .sort(),
    ).toEqual(['one', 'one-more', 'three']);
    const pod = { kind: 'Pod', metadata: { name: 'p', annotations: { 'k8s.aliyun.com/eci-auto-imc': 'true' } }, spec: { containers: [{ image: 'redis:7' }] } };
    expect(matcher.select(pod).imageCacheId).toBe('imc-three');
    const updates: string[] = [];
    informer.on('update', (_old, o) => void updates.push(o.metadata.name as string));
    const collected: string[] = [];
    const reading = (async () => {
      for await (const delta of informer.deltas()) collected.push(delta.type === 'synced' ? 'synced' : `${delta.type} ${delta.object.metadata.name}`);
    })();
    await emu.client.patch('one', { spec: { retentionDays: 3 } });
    await until(() => collected.length >= 1 && updates.length >= 1, 'the update');
    await emu.client.delete('three');
    await until(() => collected.length >= 2, 'the delete');
    matcher.close();
    await informer.stop();
    await reading;
    expect(updates).toEqual(['one']);
    expect(collected).toEqual(['update one', 'delete three']);
  });

  it('a label selector change that drops an object is a delete', async () => {
    const emu = await emulator({ initialObjects: [cache('web', ['nginx'], { team: 'web' })] });
    const informer = informerOf(clientFor(emu.url), { labelSelector: { team: 'web' } });
    const seen = record(informer);
    informer.start();
    await informer.waitForSync({ timeoutMs: 5000 });
    await emu.client.patch('web', { metadata: { labels: { team: 'db' } } });
    await until(() => seen.includes('delete web'), 'the delete');
    expect(informer.list()).toEqual([]);
    await emu.client.patch('web', { metadata: { labels: { team: 'web' } } });
    await until(() => seen.filter((s) => s === 'add web').length === 2, 'the add');
  });

  it('resyncs every resyncPeriodMs with update(cache, cache)', async () => {
    const emu = await emulator({ initialObjects: [cache('one')] });
    const informer = informerOf(clientFor(emu.url), { resyncPeriodMs: 50 });
    const updates: [ImageCache, ImageCache][] = [];
    informer.on('update', (a, b) => void updates.push([a, b]));
    informer.start();
    await informer.waitForSync({ timeoutMs: 5000 });
    await until(() => updates.length >= 2, 'two resyncs');
    expect(updates[0]![0]).toBe(updates[0]![1]);
  });

  it('an aborted signal stops it; Symbol.asyncDispose stops it', async () => {
    const emu = await emulator();
    const controller = new AbortController();
    const informer = informerOf(clientFor(emu.url), { signal: controller.signal });
    informer.start();
    await informer.waitForSync({ timeoutMs: 5000 });
    const waiting = informerOf(clientFor(emu.url, undefined))
      .waitForSync({ signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(isInformerSyncError(await waiting) && ((await waiting) as { kind: string }).kind).toBe('aborted');
    controller.abort();
    await emu.client.create(cache('after-stop'));
    await new Promise((r) => setTimeout(r, 100));
    expect(informer.get('after-stop')).toBeUndefined();
    const other = informerOf(clientFor(emu.url));
    other.start();
    await other.waitForSync({ timeoutMs: 5000 });
    await other[Symbol.asyncDispose]();
    await emu.client.create(cache('after-dispose'));
    await new Promise((r) => setTimeout(r, 100));
    expect(other.get('after-dispose')).toBeUndefined();
  });
});
