// `eci-imagecache plan` and the planning side of `warm`: the plan printed before acting,
// --dry-run, --per-workload, directories, and manifests ready for kubectl apply.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { startImageCacheEmulator, type ImageCacheEmulator } from '../../src/testing/index.js';
import { validateImageCache } from '../../src/validation/index.js';
import { runCliIn } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'eci-cli-plan-'));

const cli = (args: string[]) => runCliIn(dir, args);

const deployment = (name: string, images: string[]) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  template:
    spec:
      containers: [${images.map((image, i) => `{name: c${i}, image: "${image}"}`).join(', ')}]
`;

// Three services that share two sidecars: one cache of 5 images serves them all.
const deployDir = join(dir, 'deploy');
mkdirSync(deployDir);
writeFileSync(
  join(deployDir, 'a.yaml'),
  `${deployment('a', ['acme/a:1', 'istio/proxyv2:1.20', 'fluent/fluent-bit:3'])}---\n${deployment('b', ['acme/b:1', 'istio/proxyv2:1.20', 'fluent/fluent-bit:3'])}`,
);
writeFileSync(join(deployDir, 'c.yml'), deployment('c', ['acme/c:1', 'istio/proxyv2:1.20', 'fluent/fluent-bit:3']));
writeFileSync(join(deployDir, 'service.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n');
writeFileSync(join(deployDir, 'notes.txt'), 'not a manifest');

let emulator: ImageCacheEmulator;
let server: string[];

beforeAll(async () => {
  // Plain http, so no token: like kubectl, the CLI never sends one over http (#12), as in cli.test.ts.
  emulator = await startImageCacheEmulator({ controller: { stepDelays: { pendingMs: 5, preparingMs: 5, progressStepMs: 5 }, seed: 2 } });
  server = ['--server', emulator.url];
});
afterAll(async () => emulator.close());
beforeEach(() => {
  for (const cache of emulator.store.list().items) emulator.store.delete(cache.metadata.name!);
});

describe('plan', () => {
  it('prints the plan for a directory: one shared cache, every workload a perfect match, the cost', async () => {
    const result = await cli(['plan', '-f', 'deploy', '--no-cluster']);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(/^CACHE\s+ACTION\s+IMAGES\s+WORKLOADS\nwarm-[0-9a-f]{12}\s+create\s+5\s+Deployment\/a, Deployment\/b, Deployment\/c$/m);
    for (const name of ['a', 'b', 'c']) expect(result.out).toMatch(new RegExp(`^Deployment/${name}\\s+warm-[0-9a-f]{12}\\s+perfect \\(3/3\\)$`, 'm'));
    expect(result.out).toContain('consolidate: 1 cache(s), 5 image slots; one per workload: 3 cache(s), 9 image slots; lower bound: 1 cache(s), 5 image slots');
  });

  it('-o yaml gives valid ImageCache manifests, the same names as the table', async () => {
    const table = await cli(['plan', '-f', 'deploy', '--no-cluster', '--per-workload', '--retention-days', '7']);
    const result = await cli(['plan', '-f', 'deploy', '--no-cluster', '--per-workload', '--retention-days', '7', '-o', 'yaml']);
    expect(result.code).toBe(0);
    const docs = parseAllDocuments(result.out).map((d) => d.toJS());
    expect(docs).toHaveLength(3);
    for (const doc of docs) {
      expect(validateImageCache(doc).success).toBe(true);
      expect(doc).toMatchObject({
        apiVersion: 'eci.alibabacloud.com/v1',
        kind: 'ImageCache',
        metadata: { labels: { 'app.kubernetes.io/managed-by': 'eci-imagecache' } },
        spec: { retentionDays: 7 },
      });
      expect(table.out).toContain(doc.metadata.name);
    }
  });

  it('reuses caches from --caches, and from the cluster by default', async () => {
    const planned = await cli(['plan', '-f', 'deploy', '--no-cluster', '-o', 'yaml']);
    const cachesFile = join(dir, 'caches.yaml');
    writeFileSync(cachesFile, planned.out.replace(/spec:/, 'status: {phase: Ready, imageCacheId: imc-1}\nspec:'));
    const offline = await cli(['plan', '-f', 'deploy', '--caches', cachesFile]);
    expect(offline.out).toMatch(/^warm-[0-9a-f]{12}\s+reuse\s+5\s+Deployment\/a/m);
    expect(offline.out).toContain('consolidate: 0 cache(s)');
    const online = await cli(['plan', '-f', join(deployDir, 'c.yml'), ...server]);
    expect(online.out).toContain('consolidate: 1 cache(s), 3 image slots');
    // The same Ready cache in the cluster (not in a file) is read and reused without --caches.
    const [cache] = parseAllDocuments(planned.out).map((d) => d.toJS());
    emulator.store.create({ ...cache, status: { phase: 'Ready', imageCacheId: 'imc-1' } }, { keepStatus: true });
    const fromCluster = await cli(['plan', '-f', join(deployDir, 'c.yml'), ...server]);
    expect(fromCluster.out).toMatch(/^warm-[0-9a-f]{12}\s+reuse\s+5\s+Deployment\/c/m);
    expect(fromCluster.out).toContain('consolidate: 0 cache(s)');
  });

  it('rejects bad options as usage errors naming the option', async () => {
    const result = await cli(['plan', '-f', 'deploy', '--no-cluster', '--max-images', '30']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('invalid planning option maxImages: must be a whole number from 1 to 20, got 30');
    expect((await cli(['plan', '--no-cluster'])).code).toBe(2);
  });
});

describe('warm plans with the library', () => {
  it('--dry-run prints the plan and creates nothing', async () => {
    const result = await cli(['warm', '-f', 'deploy', '--dry-run', ...server]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^warm-[0-9a-f]{12}\s+create\s+5/m);
    expect(emulator.store.list().items).toEqual([]);
  });

  it('consolidates by default and creates one cache per workload with --per-workload', async () => {
    const shared = await cli(['warm', '-f', 'deploy', ...server]);
    expect(shared.code).toBe(0);
    expect(shared.out.indexOf('CACHE')).toBeLessThan(shared.out.indexOf('created with 5 image(s)'));
    expect(emulator.store.list().items).toHaveLength(1);
    for (const cache of emulator.store.list().items) emulator.store.delete(cache.metadata.name!);
    const separate = await cli(['warm', '-f', 'deploy', '--per-workload', ...server]);
    expect(separate.code).toBe(0);
    expect(emulator.store.list().items.map((c) => c.spec.images.length)).toEqual([3, 3, 3]);
    const again = await cli(['warm', '-f', 'deploy', '--per-workload', ...server]);
    expect(again.out).not.toContain('created with');
    expect(emulator.store.list().items).toHaveLength(3);
  });
});
