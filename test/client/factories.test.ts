import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageCacheClient, isKubeConfigError } from '../../src/index.js';
import { startImageCacheEmulator, type ImageCacheEmulator } from '../../src/testing/index.js';

let emulator: ImageCacheEmulator;
beforeAll(async () => {
  emulator = await startImageCacheEmulator({ controller: false, initialObjects: [{ metadata: { name: 'seeded' }, spec: { images: ['nginx'] } }] });
});
afterAll(async () => emulator.close());

describe('ImageCacheClient factories', () => {
  it('fromKubeConfig reads a kubeconfig text and reaches its server', async () => {
    const client = await ImageCacheClient.fromKubeConfig({ kubeconfig: emulator.kubeconfig });
    try {
      expect((await client.get('seeded')).spec.images).toEqual(['nginx']);
    } finally {
      client.close();
    }
  });

  it('fromDefault follows KUBECONFIG', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eci-factory-'));
    writeFileSync(join(dir, 'config'), emulator.kubeconfig);
    const client = await ImageCacheClient.fromDefault({ env: { KUBECONFIG: join(dir, 'config') }, homeDir: dir });
    try {
      expect((await client.list()).items.map((c) => c.metadata.name)).toEqual(['seeded']);
    } finally {
      client.close();
    }
  });

  it('fromKubeConfig rejects an unknown context with a typed error naming it', async () => {
    const error = await ImageCacheClient.fromKubeConfig({ kubeconfig: emulator.kubeconfig, context: 'nope' }).catch((e: unknown) => e);
    expect(isKubeConfigError(error)).toBe(true);
    expect(String((error as Error).message)).toContain('nope');
  });

  it('inCluster outside a pod says what is missing', async () => {
    const error = await ImageCacheClient.inCluster({ env: {} }).catch((e: unknown) => e);
    expect(isKubeConfigError(error)).toBe(true);
    expect(String((error as Error).message)).toContain('KUBERNETES_SERVICE_HOST');
  });
});
