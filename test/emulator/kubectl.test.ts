/**
 * The emulator against the real kubectl: discovery, the Table format, OpenAPI-based validation
 * negotiation, watch and errors must all be close enough to kube-apiserver for kubectl to work.
 * Locally the file is skipped when kubectl is missing; in CI it fails instead.
 */
import { execFile, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startImageCacheEmulator, type ImageCacheEmulator } from '../../src/testing/emulator/index.js';
import { findKubectl } from '../support/kubectl.js';
import { cache, FIXED_START, startQuiet } from './helpers.js';

const KUBECTL = findKubectl();

if (!KUBECTL && process.env['CI']) {
  describe('kubectl against the emulator', () => {
    it('needs kubectl in CI', () => {
      expect.fail('kubectl was not found (set KUBECTL or put it on PATH); CI must run this suite');
    });
  });
}

describe.skipIf(!KUBECTL)('kubectl against the emulator', () => {
  let emu: ImageCacheEmulator;
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'emulator-kubectl-'));
    emu = await startQuiet({
      initialObjects: [
        {
          ...cache('imagecache-sample'),
          metadata: { name: 'imagecache-sample', creationTimestamp: new Date(FIXED_START.getTime() - 20 * 3_600_000).toISOString().replace('.000', '') },
          status: { phase: 'Ready', progress: '100%', imageCacheId: 'imc-2zeditzeoemfhqor4rf8' },
        },
      ],
    });
  });
  afterAll(async () => {
    await emu?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const args = (rest: string[], target: ImageCacheEmulator = emu) => ['--kubeconfig', target.kubeconfigPath, '--cache-dir', join(work, 'cache'), ...rest];
  const run = (argv: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(KUBECTL!, argv, { timeout: 20_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      });
    });
  const kubectl = (...rest: string[]) => run(args(rest));
  const columns = (line: string) => line.trim().split(/\s{2,}/);

  it('kubectl get ic shows the printer columns with their values', async () => {
    const { code, stdout, stderr } = await kubectl('get', 'ic');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const [header, row] = stdout.trim().split('\n');
    expect(columns(header!)).toEqual(['NAME', 'AGE', 'CACHEID', 'PHASE', 'PROGRESS']);
    expect(columns(row!)).toEqual(['imagecache-sample', '20h', 'imc-2zeditzeoemfhqor4rf8', 'Ready', '100%']);
  });

  it('kubectl get imagecache, imc and all find the resource by its other names', async () => {
    for (const name of ['imagecache', 'imagecaches.eci.alibabacloud.com', 'imc']) {
      expect((await kubectl('get', name, 'imagecache-sample', '--no-headers')).stdout).toMatch(
        /^imagecache-sample\s+20h\s+imc-2zeditzeoemfhqor4rf8\s+Ready\s+100%/,
      );
    }
    // `all` reaches the resource through its category; with one kind listed, kubectl prints no kind prefix.
    expect((await kubectl('get', 'all')).stdout).toMatch(/^imagecache-sample\s+20h\s+imc-2zeditzeoemfhqor4rf8\s+Ready\s+100%$/m);
  });

  it('kubectl api-resources lists the resource, and describe shows it with no events', async () => {
    const resources = await kubectl('api-resources', '--api-group=eci.alibabacloud.com', '--no-headers');
    expect(resources.stderr).toBe('');
    expect(resources.stdout.trim().split(/\s+/)).toEqual(['imagecaches', 'ic,imc', 'eci.alibabacloud.com/v1', 'false', 'ImageCache']);
    const described = await kubectl('describe', 'ic', 'imagecache-sample');
    expect(described.code).toBe(0);
    expect(described.stdout).toMatch(/^Name:\s+imagecache-sample$/m);
    expect(described.stdout).toMatch(/^Events:\s+<none>$/m);
  });

  it('kubectl wait follows a build to Ready through its watch', async () => {
    emu.store.create(cache('waited'));
    // -v=6 logs each request, so the build finishes only once kubectl is watching.
    const child = spawn(KUBECTL!, args(['wait', '--for=jsonpath={.status.phase}=Ready', 'ic/waited', '--timeout=15s', '-v=6']), {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/watch=true/.test(stderr)) resolve();
      });
      void exited.then(() => resolve());
    });
    expect(emu.store.get('waited').status).toBeUndefined();
    emu.controller!.settle();
    expect(await exited).toBe(0);
    expect(stdout.trim()).toBe('imagecache.eci.alibabacloud.com/waited condition met');
  });

  it('kubectl get ic NAME -o yaml prints the stored object', async () => {
    const { code, stdout } = await kubectl('get', 'ic', 'imagecache-sample', '-o', 'yaml');
    expect(code).toBe(0);
    expect(parse(stdout)).toEqual(emu.store.get('imagecache-sample'));
  });

  it('kubectl create -f FILE works without --validate=false, and the controller builds the cache', async () => {
    const file = join(work, 'cache.yaml');
    await writeFile(
      file,
      'apiVersion: eci.alibabacloud.com/v1\nkind: ImageCache\nmetadata:\n  name: created-by-kubectl\nspec:\n  images:\n  - centos:latest\n  - busybox:latest\n  imageCacheSize: 25\n  retentionDays: 7\n',
    );
    const { code, stdout, stderr } = await kubectl('create', '-f', file);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trim()).toBe('imagecache.eci.alibabacloud.com/created-by-kubectl created');
    emu.controller!.settle();
    expect(columns((await kubectl('get', 'ic', 'created-by-kubectl', '--no-headers')).stdout)).toEqual([
      'created-by-kubectl',
      expect.stringMatching(/^\d+s$/),
      expect.stringMatching(/^imc-[a-z0-9]{20}$/),
      'Ready',
      '100%',
    ]);
  });

  it("kubectl reports the server's validation and strict field errors", async () => {
    const invalid = join(work, 'invalid.yaml');
    await writeFile(
      invalid,
      'apiVersion: eci.alibabacloud.com/v1\nkind: ImageCache\nmetadata:\n  name: small\nspec:\n  images: [nginx]\n  imageCacheSize: 10\n',
    );
    const rejected = await kubectl('create', '-f', invalid);
    expect(rejected.code).not.toBe(0);
    expect(rejected.stderr).toContain(
      'The ImageCache "small" is invalid: spec.imageCacheSize: Invalid value: 10: spec.imageCacheSize in body should be greater than or equal to 20',
    );
    const typo = join(work, 'typo.yaml');
    await writeFile(typo, 'apiVersion: eci.alibabacloud.com/v1\nkind: ImageCache\nmetadata:\n  name: typo\nspec:\n  images: [nginx]\n  imageCacheSzie: 30\n');
    expect((await kubectl('create', '-f', typo)).stderr).toContain('strict decoding error: unknown field "spec.imageCacheSzie"');
  });

  it('kubectl delete ic NAME deletes, and a second get is NotFound', async () => {
    await emu.store.create(cache('to-delete'));
    const deleted = await kubectl('delete', 'ic', 'to-delete');
    expect(deleted.stdout.trim()).toBe('imagecache.eci.alibabacloud.com "to-delete" deleted');
    const missing = await kubectl('get', 'ic', 'to-delete');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim()).toBe('Error from server (NotFound): imagecaches.eci.alibabacloud.com "to-delete" not found');
  });

  it('kubectl label, and get with a label selector', async () => {
    expect((await kubectl('label', 'ic', 'imagecache-sample', 'team=web')).code).toBe(0);
    expect((await kubectl('get', 'ic', '-l', 'team=web', '-o', 'name')).stdout.trim()).toBe('imagecache.eci.alibabacloud.com/imagecache-sample');
    expect((await kubectl('get', 'ic', '-l', 'team!=web', '-o', 'name')).stdout).not.toContain('imagecache-sample');
  });

  it('kubectl get ic -w prints changes as they happen', async () => {
    const child = spawn(KUBECTL!, args(['get', 'ic', '-w']), { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8');
    const waitFor = (pattern: RegExp) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(output)) {
            child.stdout.off('data', onData);
            resolve();
          }
        };
        const onData = (chunk: string) => {
          output += chunk;
          check();
        };
        child.stdout.on('data', onData);
        child.once('exit', () => reject(new Error(`kubectl exited early:\n${output}`)));
        check();
      });
    try {
      await waitFor(/imagecache-sample\s/);
      emu.store.create(cache('watched'));
      emu.controller!.tick();
      await waitFor(/watched\s+\S+\s+Pending/);
      emu.controller!.settle();
      await waitFor(/watched\s+\S+\s+imc-[a-z0-9]{20}\s+Ready\s+100%/);
    } finally {
      child.kill();
    }
    expect(output.split('\n')[0]).toMatch(/^NAME\s+AGE\s+CACHEID\s+PHASE\s+PROGRESS$/);
  });

  it('kubectl sends the token over HTTPS, and a wrong one is refused', async () => {
    const openssl = promisify(execFile);
    const keyPath = join(work, 'tls.key');
    const certPath = join(work, 'tls.crt');
    await openssl('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '1',
      '-subj',
      '/CN=imagecache-emulator',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ]);
    const token = 'kubectl-test-token';
    const secured = await startImageCacheEmulator({
      token,
      controller: false,
      tls: { cert: await readFile(certPath, 'utf8'), key: await readFile(keyPath, 'utf8') },
    });
    try {
      expect(secured.url).toMatch(/^https:\/\/127\.0\.0\.1:/);
      const ok = await run(args(['get', 'ic'], secured));
      expect(ok.stderr).toBe('No resources found\n');
      expect(ok.code).toBe(0);
      const denied = await run(args(['get', 'ic', '--token', 'wrong'], secured));
      expect(denied.code).not.toBe(0);
      expect(denied.stderr).toContain('You must be logged in to the server');
      expect(denied.stderr).not.toContain(token);
    } finally {
      await secured.close();
    }
  });
});
