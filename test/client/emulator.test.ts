/**
 * The client against the project's ImageCache API emulator: an end-to-end check that both sides
 * speak the same Kubernetes dialect (paths, content types, statuses, watch framing).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ImageCacheClient, isConflict, isImageCacheWaitError, isNotFound, isStatus, type WatchStreamEvent } from '../../src/client/index.js';
import { startImageCacheEmulator, type ImageCacheEmulator } from '../../src/testing/emulator/index.js';

const TOKEN = 'emulator-token-abcdef';
const FAST_CONTROLLER = { tickMs: 5, stepDelays: { pendingMs: 5, preparingMs: 5, progressStepMs: 5 }, seed: 1 } as const;

describe('client against the emulator', () => {
  let emulator: ImageCacheEmulator | undefined;
  let client: ImageCacheClient | undefined;
  async function start(options: Parameters<typeof startImageCacheEmulator>[0] = {}): Promise<ImageCacheClient> {
    emulator = await startImageCacheEmulator({ token: TOKEN, controller: FAST_CONTROLLER, ...options });
    client = new ImageCacheClient(
      { server: emulator.url, token: TOKEN },
      { allowCredentialsOverHttp: true, retry: { baseDelayMs: 1, maxDelayMs: 5 }, watchRetry: { baseDelayMs: 1, maxDelayMs: 5 } },
    );
    return client;
  }
  afterEach(async () => {
    client?.close();
    await emulator?.close();
    emulator = client = undefined;
  });

  it('ensure, waitForReady with progress, then ensure again returns the existing cache', async () => {
    const c = await start();
    const desired = { metadata: { name: 'web' }, spec: { images: ['nginx:1.25'] } };
    const first = await c.ensure(desired);
    expect(first.created).toBe(true);
    const phases: string[] = [];
    const ready = await c.waitForReady('web', { timeoutMs: 10_000, onProgress: (p) => phases.push(`${p.phase ?? '-'} ${p.progress ?? '-'}`) });
    expect(ready.status?.phase).toBe('Ready');
    expect(ready.status?.imageCacheId).toMatch(/^imc-/);
    expect(phases.at(-1)).toBe('Ready 100%');
    const second = await c.ensure(desired);
    expect(second.created).toBe(false);
  });

  it('a failing build rejects waitForReady with kind failed', async () => {
    const c = await start({ controller: { ...FAST_CONTROLLER, failImages: /broken/ } });
    await c.create({ metadata: { name: 'bad' }, spec: { images: ['example.com/broken:1'] } });
    const error = await c.waitForReady('bad', { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(isImageCacheWaitError(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'failed', lastStatus: { phase: 'Failed' } });
  });

  it('list pages, patch types, a stale replace, and delete', async () => {
    const c = await start({ controller: false });
    for (const name of ['a', 'b', 'c']) await c.create({ metadata: { name, labels: { team: 'x' } }, spec: { images: ['nginx'] } });
    const names: string[] = [];
    for await (const cache of c.listAll({ labelSelector: { team: 'x' }, pageSize: 2 })) names.push(cache.metadata.name ?? '');
    expect(names).toEqual(['a', 'b', 'c']);

    await c.patch('a', { metadata: { labels: { extra: 'yes' } } });
    await c.patch('a', [{ op: 'add', path: '/spec/retentionDays', value: 3 }], { type: 'json' });
    const applied = await c.patch('a', { metadata: { name: 'a' }, spec: { images: ['nginx'], imageCacheSize: 40 } }, { type: 'apply', force: true });
    expect(applied.metadata.labels).toMatchObject({ team: 'x', extra: 'yes' });
    expect(applied.spec).toMatchObject({ retentionDays: 3, imageCacheSize: 40 });

    const stale = await c.get('b');
    await c.replace({ ...stale, spec: { images: ['nginx:2'] } });
    await expect(c.replace({ ...stale, spec: { images: ['nginx:3'] } })).rejects.toSatisfy(isConflict);

    const deleted = await c.delete('c');
    expect(isStatus(deleted) || deleted.metadata.name === 'c').toBe(true);
    await expect(c.get('c')).rejects.toSatisfy(isNotFound);
  });

  it('a watch sees changes, and relists after its resourceVersion fell out of the history', async () => {
    const c = await start({ controller: false, watchHistory: 2 });
    const created = await c.create({ metadata: { name: 'w' }, spec: { images: ['nginx'] } });
    const oldVersion = created.metadata.resourceVersion;
    // Push the creation out of the emulator's short watch history.
    for (const days of [1, 2, 3, 4]) await c.patch('w', { spec: { retentionDays: days } });
    const controller = new AbortController();
    const events: WatchStreamEvent[] = [];
    const watching = (async () => {
      for await (const event of c.watch({ resourceVersion: oldVersion, signal: controller.signal })) {
        events.push(event);
        if (event.type === 'RELISTED') await c.delete('w');
        if (event.type === 'DELETED') controller.abort();
      }
    })();
    await watching;
    expect(events.map((e) => e.type)).toEqual(['RELISTED', 'DELETED']);
    expect(events[0]?.type === 'RELISTED' && events[0].objects.map((o) => o.spec.retentionDays)).toEqual([4]);
  });

  it('a wrong token is a typed 401', async () => {
    await start();
    const stranger = new ImageCacheClient({ server: emulator!.url, token: 'wrong-token' }, { retry: false, allowCredentialsOverHttp: true });
    await expect(stranger.get('x')).rejects.toMatchObject({ statusCode: 401 });
    stranger.close();
  });
});
