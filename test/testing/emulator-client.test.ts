import { describe, expect, it } from 'vitest';
import { isNotFound } from '../../src/client/index.js';
import { startImageCacheEmulator } from '../../src/testing/index.js';

describe('the emulator hands out a connected client', () => {
  it('creates through it and waits for the simulated controller', async () => {
    const emulator = await startImageCacheEmulator({
      token: 'emulator-client-token',
      controller: { stepDelays: { pendingMs: 1, preparingMs: 1, progressStepMs: 1 } },
    });
    try {
      await emulator.client.create({ metadata: { name: 'web' }, spec: { images: ['nginx:1.25'] } });
      const ready = await emulator.client.waitForReady('web', { timeoutMs: 10_000 });
      expect(ready.status).toMatchObject({ phase: 'Ready', progress: '100%' });
      expect(ready.status?.imageCacheId).toMatch(/^imc-[a-z0-9]{20}$/);
      await emulator.client.delete('web');
      await expect(emulator.client.get('web')).rejects.toSatisfy(isNotFound);
    } finally {
      await emulator.close();
    }
  });
});
