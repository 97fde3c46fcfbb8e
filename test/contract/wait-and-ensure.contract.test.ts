/**
 * Contract: waitForReady follows the controller's status writes (played here through /status),
 * and ensure creates once and never overwrites.
 */
import { describe, expect, it } from 'vitest';
import { isImageCacheSpecConflictError, isImageCacheWaitError, isNotFound, type ImageCacheProgress } from '../../src/client/index.js';
import { useContractTarget } from './support/setup.js';

const contract = useContractTarget();

/** Resolves on the first onProgress call: the wait has read the cache and is about to watch it. */
function progressRecorder() {
  const seen: string[] = [];
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const onProgress = (p: ImageCacheProgress) => {
    seen.push(`${p.phase ?? '-'} ${p.progress ?? '-'}`);
    markStarted();
  };
  return { seen, started, onProgress };
}

describe('waitForReady', () => {
  it('resolves with the Ready cache once the controller writes Ready, reporting each step on the way', async () => {
    const { client, setStatus } = contract.target;
    const name = contract.scope.name('ready');
    await client.create(contract.scope.manifest(name));
    const progress = progressRecorder();
    const waiting = client.waitForReady(name, { timeoutMs: 20_000, onProgress: progress.onProgress });
    await progress.started;
    await setStatus(name, { phase: 'Pending' });
    await setStatus(name, { phase: 'Creating', progress: '50%', imageCacheId: 'imc-contract' });
    await setStatus(name, { phase: 'Ready', progress: '100%' });
    const ready = await waiting;
    expect(ready.metadata.name).toBe(name);
    expect(ready.status).toMatchObject({ phase: 'Ready', progress: '100%', imageCacheId: 'imc-contract' });
    expect(progress.seen).toEqual(['- -', 'Pending -', 'Creating 50%', 'Ready 100%']);
  });

  it('rejects with kind failed and the last status when the build fails', async () => {
    const { client, setStatus } = contract.target;
    const name = contract.scope.name('failed');
    await client.create(contract.scope.manifest(name));
    const progress = progressRecorder();
    const waiting = client.waitForReady(name, { timeoutMs: 20_000, onProgress: progress.onProgress }).catch((e: unknown) => e);
    await progress.started;
    await setStatus(name, { phase: 'Failed', reason: 'pull access denied', expireDateTime: '2030-01-02T00:00:00Z' });
    const error = await waiting;
    expect(isImageCacheWaitError(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'failed', imageCacheName: name, lastStatus: { phase: 'Failed', reason: 'pull access denied' } });
  });

  it('rejects with kind deleted when the cache is deleted while waiting', async () => {
    const { client, setStatus } = contract.target;
    const name = contract.scope.name('deleted');
    await client.create(contract.scope.manifest(name));
    await setStatus(name, { phase: 'Creating', progress: '25%' });
    const progress = progressRecorder();
    const waiting = client.waitForReady(name, { timeoutMs: 20_000, onProgress: progress.onProgress }).catch((e: unknown) => e);
    await progress.started;
    await client.delete(name);
    const error = await waiting;
    expect(isImageCacheWaitError(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'deleted', lastStatus: { phase: 'Creating', progress: '25%' } });
  });

  it('resolves at once for a cache that is already Ready, and rejects NotFound for a missing one', async () => {
    const { client, setStatus } = contract.target;
    const name = contract.scope.name('already');
    await client.create(contract.scope.manifest(name));
    await setStatus(name, { phase: 'Ready', progress: '100%' });
    expect((await client.waitForReady(name, { timeoutMs: 20_000 })).status?.phase).toBe('Ready');
    await expect(client.waitForReady(contract.scope.name('absent'), { timeoutMs: 20_000 })).rejects.toSatisfy(isNotFound);
  });
});

describe('ensure', () => {
  it('creates when missing, returns the existing cache for the same spec, and never overwrites a different one', async () => {
    const { client } = contract.target;
    const name = contract.scope.name('ensure');
    const desired = contract.scope.manifest(name, { images: ['nginx:1.25', 'busybox:1.36'], imagePullSecrets: ['default:a', 'default:b'] });
    const first = await client.ensure(desired);
    expect(first.created).toBe(true);

    const again = await client.ensure({ ...desired, spec: { ...desired.spec, imagePullSecrets: ['default:b', 'default:a'] } });
    expect(again.created).toBe(false);
    expect(again.imageCache.metadata.uid).toBe(first.imageCache.metadata.uid);
    expect(again.imageCache.metadata.resourceVersion).toBe(first.imageCache.metadata.resourceVersion);

    const error = await client.ensure({ ...desired, spec: { images: ['nginx:1.26'] } }).catch((e: unknown) => e);
    expect(isImageCacheSpecConflictError(error)).toBe(true);
    expect(error).toMatchObject({ imageCacheName: name, differences: expect.arrayContaining(['images']) });
    expect((await client.get(name)).spec.images).toEqual(['nginx:1.25', 'busybox:1.36']);
  });
});
