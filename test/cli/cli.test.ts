import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startImageCacheEmulator, type ImageCacheEmulator } from '../../src/testing/index.js';
import { runCliIn } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'eci-cli-test-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCliIn(dir, args, env);

let emulator: ImageCacheEmulator;
let secured: ImageCacheEmulator;
let server: string[];

beforeAll(async () => {
  // Plain http, so no token: like kubectl, the CLI never sends one over http (#12).
  emulator = await startImageCacheEmulator({
    controller: { stepDelays: { pendingMs: 5, preparingMs: 5, progressStepMs: 5 }, failImages: /broken/, seed: 1 },
  });
  secured = await startImageCacheEmulator({ token: 'cli-test-token-123456', controller: false });
  server = ['--server', emulator.url];
});
afterAll(async () => {
  await emulator.close();
  await secured.close();
});
beforeEach(() => {
  for (const cache of emulator.store.list().items) emulator.store.delete(cache.metadata.name!);
});

const manifest = (name: string, extra = '') => `apiVersion: eci.alibabacloud.com/v1
kind: ImageCache
metadata:
  name: ${name}
spec:
  images:
  - nginx:1.25
${extra}`;

describe('create, get, list, delete', () => {
  it('creates from a file, then shows the table and the object', async () => {
    expect(await cli(['create', '-f', file('ok.yaml', manifest('web-cache')), ...server])).toMatchObject({
      code: 0,
      out: 'imagecache.eci.alibabacloud.com/web-cache created\n',
    });
    const table = await cli(['get', ...server]);
    expect(table.code).toBe(0);
    expect(table.out.split('\n')[0]).toMatch(/^NAME\s+AGE\s+CACHEID\s+PHASE\s+PROGRESS$/);
    expect(table.out).toMatch(/^web-cache\s+\d+s/m);
    const json = await cli(['get', 'web-cache', '-o', 'json', ...server]);
    expect(JSON.parse(json.out)).toMatchObject({ kind: 'ImageCache', metadata: { name: 'web-cache' }, spec: { images: ['nginx:1.25'] } });
    const yaml = await cli(['list', '-o', 'yaml', ...server]);
    expect(parse(yaml.out)).toMatchObject({ kind: 'ImageCacheList', items: [{ metadata: { name: 'web-cache' } }] });
    expect(await cli(['delete', 'web-cache', ...server])).toMatchObject({ code: 0, out: 'imagecache.eci.alibabacloud.com "web-cache" deleted\n' });
    expect(emulator.store.list().items).toEqual([]);
  });

  it('lists every problem of an invalid file with its line, and creates nothing', async () => {
    const bad = file('bad.yaml', `${manifest('good')}---\n${manifest('Bad_Name', '  imageCacheSize: 10\n')}`);
    const result = await cli(['create', '-f', bad, ...server]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('bad.yaml:12: metadata.name');
    expect(result.err).toContain('bad.yaml:16: spec.imageCacheSize must be at least 20, got 10');
    expect(emulator.store.list().items).toEqual([]);
  });

  it('prints one line for an API error, without a stack, and never the token', async () => {
    const missing = await cli(['get', 'nope', ...server]);
    expect(missing.code).toBe(1);
    expect(missing.err.trim().split('\n')).toHaveLength(1);
    expect(missing.err).toMatch(/^error: .*not found/);
    const denied = await cli(['get', '--server', secured.url, '--token', 'wrong-secret-token-987']);
    expect(denied.code).toBe(1);
    expect(denied.err).toMatch(/Unauthorized|401/);
    expect(denied.err).not.toContain('wrong-secret-token-987');
  });

  it('adds the stack with --verbose', async () => {
    const result = await cli(['get', 'nope', '--verbose', ...server]);
    expect(result.err.split('\n').length).toBeGreaterThan(3);
    expect(result.err).toContain('    at ');
  });

  it('reads the connection from --kubeconfig, dropping a token over plain http as kubectl does', async () => {
    const kubeconfig = file('kubeconfig', secured.kubeconfig);
    secured.store.create({ apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCache', metadata: { name: 'from-kubeconfig' }, spec: { images: ['nginx'] } });
    const dropped = await cli(['get', '--kubeconfig', kubeconfig]);
    expect(dropped.err).toContain('warning: the server is plain http, so like kubectl the SDK ignores: token');
    expect(dropped.code).toBe(1);
    // --token over http is dropped too, after the override, as kubectl drops it.
    const overridden = await cli(['get', '--kubeconfig', kubeconfig, '--token', 'cli-test-token-123456']);
    expect(overridden.err).toContain('warning: the server is plain http, so like kubectl the SDK ignores: token');
    expect(overridden.code).toBe(1);
    expect(overridden.err).not.toContain('cli-test-token-123456');
    const result = await cli(['get', '--kubeconfig', file('plain', emulator.kubeconfig)]);
    expect(result.code).toBe(0);
  });
});

describe('usage', () => {
  it.each(['get', 'list', 'create', 'delete', 'warm', 'plan', 'match', 'lint', 'crd', 'emulator', 'demo'])(
    '%s --help shows usage and an example',
    async (command) => {
      const result = await cli([command, '--help']);
      expect(result.code).toBe(0);
      expect(result.out).toContain('Usage: eci-imagecache');
      expect(result.out).toMatch(/Examples:\n {2}\S/);
    },
  );

  it('rejects unknown flags and commands with exit code 2', async () => {
    expect(await cli(['get', '--bogus'])).toMatchObject({ code: 2 });
    expect(await cli(['frobnicate'])).toMatchObject({ code: 2 });
    expect((await cli(['create'])).err).toContain('create needs -f FILE');
  });

  it('prints the v1 CRD', async () => {
    const crd = parse((await cli(['crd'])).out);
    expect(crd).toMatchObject({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', spec: { scope: 'Cluster' } });
  });
});

describe('warm', () => {
  it('creates what is missing, waits with progress lines, and is idempotent', async () => {
    const first = await cli(['warm', '--image', 'nginx:1.25', '--image', 'redis:7', '--name', 'deps', ...server]);
    expect(first.code).toBe(0);
    const [name] = first.out.match(/warm-[0-9a-f]{12}/) ?? [];
    expect(first.out).toContain(`${name}: created with 2 image(s)`);
    expect(first.err).toMatch(new RegExp(`${name}: Creating \\d+%`));
    expect(first.err).toContain(`${name}: Ready 100%`);
    expect(emulator.store.get(name!)?.status?.phase).toBe('Ready');
    const again = await cli(['warm', '--image', 'redis:7', ...server]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(new RegExp(`^${name}\\s+reuse\\s+2\\s+--image$`, 'm'));
    expect(emulator.store.list().items).toHaveLength(1);
  });

  it('warms from workload manifests', async () => {
    const workloads = file(
      'workloads.yaml',
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers: [{name: a, image: "nginx:1.25"}, {name: b, image: "busybox:1.36"}]
---
apiVersion: v1
kind: Service
metadata: {name: ignored}
`,
    );
    const result = await cli(['warm', '-f', workloads, ...server]);
    expect(result.code).toBe(0);
    expect(emulator.store.list().items.map((c) => c.spec.images)).toEqual([['busybox:1.36', 'nginx:1.25']]);
  });

  it('prints its results with -o json, yaml and name, and nothing else on stdout', async () => {
    const json = await cli(['warm', '--image', 'nginx:1.25', '--name', 'as-json', '-o', 'json', ...server]);
    expect(json.code).toBe(0);
    // Caches are named after their spec; --name names the image list the plan serves.
    const created = JSON.parse(json.out).items[0].imageCache as string;
    expect(created).toMatch(/^warm-[0-9a-f]{12}$/);
    expect(JSON.parse(json.out)).toEqual({ items: [{ imageCache: created, action: 'created', for: 'as-json', phase: 'Ready' }] });
    const yaml = await cli(['warm', '--image', 'nginx:1.25', '-o', 'yaml', ...server]);
    expect(parse(yaml.out)).toMatchObject({ items: [{ imageCache: created, action: 'covered', phase: 'Ready' }] });
    const named = await cli(['warm', '--image', 'redis:7', '--name', 'as-name', '-o', 'name', ...server]);
    expect(named).toMatchObject({ code: 0, out: expect.stringMatching(/^imagecache\.eci\.alibabacloud\.com\/warm-[0-9a-f]{12}\n$/) });
  });

  it('exits non-zero when a cache fails', async () => {
    const result = await cli(['warm', '--image', 'registry.example.com/broken/app:1', '--name', 'doomed', ...server]);
    expect(result.code).toBe(1);
    const [name] = result.out.match(/warm-[0-9a-f]{12}/) ?? [];
    expect(result.err).toContain(`${name}: Failed`);
    expect(result.err).toContain(`not Ready: ${name}`);
  });
});

describe('match and lint offline', () => {
  const caches = () =>
    file(
      'caches.yaml',
      `apiVersion: eci.alibabacloud.com/v1
kind: ImageCache
metadata: {name: web-cache}
spec: {images: ["nginx:1.25"]}
status: {phase: Ready, imageCacheId: imc-web, progress: 100%}
`,
    );
  const deployment = (annotations: string, image = 'nginx:1.25') =>
    file(
      'deploy.yaml',
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    metadata:
      annotations: {${annotations}}
    spec:
      containers: [{name: a, image: "${image}", imagePullPolicy: IfNotPresent}]
`,
    );

  it('explains the selection and exits 0 when a cache is chosen', async () => {
    const result = await cli(['match', '-f', deployment('"k8s.aliyun.com/eci-auto-imc": "true"'), '--caches', caches()]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Deployment/web:');
    expect(result.out).toContain('web-cache (imc-web)');
  });

  it('exits 1 without a cache and 3 when the pod would fail', async () => {
    expect((await cli(['match', '-f', deployment('"k8s.aliyun.com/eci-auto-imc": "false"'), '--caches', caches()])).code).toBe(1);
    // An id no listed cache carries may name a cache outside the cluster: unknown, not a failure.
    const unknown = await cli(['match', '-f', deployment('"k8s.aliyun.com/eci-imc-id": "imc-missing"'), '--caches', caches()]);
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('explicit-unknown');
    const notReady = file(
      'not-ready.yaml',
      `apiVersion: eci.alibabacloud.com/v1
kind: ImageCache
metadata: {name: building}
spec: {images: ["nginx:1.25"]}
status: {phase: Creating, imageCacheId: imc-building}
`,
    );
    expect((await cli(['match', '-f', deployment('"k8s.aliyun.com/eci-imc-id": "imc-building"'), '--caches', notReady])).code).toBe(3);
  });

  it('auto-matches workloads without an annotation unless --no-default-auto-match', async () => {
    const byDefault = await cli(['match', '-f', deployment(''), '--caches', caches()]);
    expect(byDefault.code).toBe(0);
    expect(byDefault.out).toContain('defaults to true');
    const old = await cli(['match', '-f', deployment(''), '--caches', caches(), '--no-default-auto-match']);
    expect(old.code).toBe(1);
    expect(old.out).toContain('not-requested');
    expect((await cli(['match', '-f', deployment(''), '--caches', caches(), '--default-auto-match'])).code).toBe(0);
    expect((await cli(['match', '-f', deployment(''), '--caches', caches(), '--default-auto-match', '--no-default-auto-match'])).code).toBe(2);
    const lintOld = await cli(['lint', '-f', deployment('"k8s.aliyun.com/imc-perfect-match": "true"'), '--caches', caches(), '--no-default-auto-match']);
    expect(lintOld.out).toContain('match-options-without-auto');
    const lintNew = await cli(['lint', '-f', deployment('"k8s.aliyun.com/imc-perfect-match": "true"'), '--caches', caches()]);
    expect(lintNew.out).toContain('Deployment/web: no findings');
  });

  it('prints JSON with -o json', async () => {
    const result = await cli(['match', '-f', deployment('"k8s.aliyun.com/eci-auto-imc": "true"'), '--caches', caches(), '-o', 'json']);
    const [report] = JSON.parse(result.out);
    expect(report).toMatchObject({
      mode: 'auto',
      outcome: 'selected',
      cache: 'web-cache',
      imageCacheId: 'imc-web',
      ambiguous: false,
      alternatives: [],
      candidates: [{ name: 'web-cache', status: 'selected', cache: 'web-cache' }],
    });
    expect(report.explanation).toContain('web-cache (imc-web)');
  });

  it('lints, exiting 1 on an error finding', async () => {
    const clean = await cli(['lint', '-f', deployment('"k8s.aliyun.com/eci-auto-imc": "true"'), '--caches', caches()]);
    expect(clean).toMatchObject({ code: 0 });
    expect(clean.out).toContain('Deployment/web: no findings');
    const conflicting = await cli([
      'lint',
      '-f',
      deployment('"k8s.aliyun.com/eci-imc-id": "imc-a", "k8s.aliyun.com/eci-image-snapshot-id": "imc-b"'),
      '--caches',
      caches(),
    ]);
    expect(conflicting.out).toMatch(/error\s+\S+/);
    expect(conflicting.code).toBe(1);
  });
});
