import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isImageCacheWaitError, isNotFound, type ImageCacheProgress } from '../../src/client/index.js';
import { ImageCacheValidationError } from '../../src/validation/errors.js';
import { listOf, statusOf, watchLine, withStatus } from './helpers/fixtures.js';
import { clientPerTest } from './helpers/client-per-test.js';
import { sendJson, type Handler } from './helpers/test-server.js';

const FAST = { retry: { baseDelayMs: 1, maxDelayMs: 2 }, watchRetry: { retries: 3, baseDelayMs: 1, maxDelayMs: 2 } } as const;

function hold(res: ServerResponse, lines: string[]): void {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.flushHeaders();
  for (const line of lines) res.write(line);
}

describe('waitForReady', () => {
  const open = clientPerTest(FAST);
  const start = (handler: Handler) => open.start(handler);

  it('resolves at once when the cache is already Ready, without watching', async () => {
    const c = await start((_req, res) => sendJson(res, 200, withStatus('web', '5', 'Ready', '100%')));
    const progress: ImageCacheProgress[] = [];
    const ready = await c.waitForReady('web', { onProgress: (p) => progress.push(p) });
    expect(ready.status?.phase).toBe('Ready');
    expect(progress.map((p) => [p.phase, p.progress])).toEqual([['Ready', '100%']]);
    expect(open.server!.requests).toHaveLength(1);
  });

  it('watches that one object from the GET resourceVersion and reports every change of phase or progress', async () => {
    const c = await start((req, res) => {
      if (req.query.get('watch') !== 'true') return sendJson(res, 200, withStatus('web', '10', 'Pending'));
      hold(res, [
        watchLine('MODIFIED', withStatus('web', '11', 'Creating', '10%')),
        // Same phase and progress: no callback.
        watchLine('MODIFIED', withStatus('web', '12', 'Creating', '10%')),
        watchLine('MODIFIED', withStatus('web', '13', 'Creating', '60%')),
        watchLine('MODIFIED', withStatus('web', '14', 'Ready', '100%')),
      ]);
    });
    const progress: Array<[string | undefined, string | undefined]> = [];
    const ready = await c.waitForReady('web', { onProgress: (p) => progress.push([p.phase, p.progress]) });
    expect(ready.metadata.resourceVersion).toBe('14');
    expect(progress).toEqual([
      ['Pending', undefined],
      ['Creating', '10%'],
      ['Creating', '60%'],
      ['Ready', '100%'],
    ]);
    const watch = open.server!.requests[1];
    expect(watch?.query.get('fieldSelector')).toBe('metadata.name=web');
    expect(watch?.query.get('resourceVersion')).toBe('10');
    expect(open.server!.requests).toHaveLength(2);
  });

  it.each(['Failed', 'UpdateFailed'])('rejects with kind failed and the last status when the phase becomes %s', async (phase) => {
    const c = await start((req, res) => {
      if (req.query.get('watch') !== 'true') return sendJson(res, 200, withStatus('web', '10', 'Creating', '20%'));
      hold(res, [watchLine('MODIFIED', { ...withStatus('web', '11', phase), status: { phase, reason: 'image pull failed' } })]);
    });
    const error = await c.waitForReady('web').catch((e: unknown) => e);
    expect(isImageCacheWaitError(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'failed', imageCacheName: 'web', lastStatus: { phase, reason: 'image pull failed' } });
  });

  it('rejects with kind deleted when the object is deleted', async () => {
    const c = await start((req, res) => {
      if (req.query.get('watch') !== 'true') return sendJson(res, 200, withStatus('web', '10', 'Creating', '20%'));
      hold(res, [watchLine('DELETED', withStatus('web', '11', 'Creating', '20%'))]);
    });
    await expect(c.waitForReady('web')).rejects.toMatchObject({ kind: 'deleted', lastStatus: { phase: 'Creating' } });
  });

  it('rejects with kind deleted when a relist after 410 no longer has it', async () => {
    const c = await start((req, res) => {
      if (req.query.get('watch') === 'true') return hold(res, [watchLine('ERROR', statusOf(410, 'Expired', 'too old'))]);
      if (req.query.has('limit')) return sendJson(res, 200, listOf([], { resourceVersion: '50' }));
      sendJson(res, 200, withStatus('web', '10', 'Creating', '20%'));
    });
    await expect(c.waitForReady('web')).rejects.toMatchObject({ kind: 'deleted' });
  });

  it('rejects with kind timeout and the last status when time runs out', async () => {
    const c = await start((req, res) => {
      if (req.query.get('watch') !== 'true') return sendJson(res, 200, withStatus('web', '10', 'Creating', '30%'));
      hold(res, []);
    });
    const error = await c.waitForReady('web', { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ImageCacheWaitError', kind: 'timeout', lastStatus: { phase: 'Creating', progress: '30%' } });
  });

  it('rejects with kind aborted when the caller aborts', async () => {
    const c = await start((req, res) => {
      if (req.query.get('watch') !== 'true') return sendJson(res, 200, withStatus('web', '10', 'Pending'));
      hold(res, []);
    });
    const controller = new AbortController();
    const pending = c.waitForReady('web', { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('a cache that does not exist rejects with NotFound, and an invalid name sends nothing', async () => {
    const c = await start((_req, res) => sendJson(res, 404, statusOf(404, 'NotFound', 'imagecaches "web" not found')));
    await expect(c.waitForReady('web')).rejects.toSatisfy(isNotFound);
    await expect(c.waitForReady('Web/..')).rejects.toBeInstanceOf(ImageCacheValidationError);
    expect(open.server!.requests).toHaveLength(1);
  });
});
