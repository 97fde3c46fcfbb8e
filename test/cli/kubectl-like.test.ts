/**
 * The command used the way a kubectl user uses it (issue #14): real child processes, real pipes,
 * a pseudo-terminal where a TTY matters, and the real kubectl against the same emulator wherever
 * kubectl has the same command.
 */
import { createServer, type Server } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { EXIT } from '../../src/cli/exit-codes.js';
import { startImageCacheEmulator, type ImageCacheEmulator } from '../../src/testing/index.js';
import type { ImageCache } from '../../src/types/index.js';
import { findKubectl } from '../support/kubectl.js';
import { CLI, ROOT, runCliChild, runCliOnTty, runKubectl, startCliChild } from './child.js';

// Every test starts child processes (node compiling the sources, kubectl) on a shared machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const KUBECTL = findKubectl();
const dir = mkdtempSync(join(tmpdir(), 'eci-cli-kubectl-like-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const manifest = (name: string, images = ['nginx:1.25'], labels = '') => `apiVersion: eci.alibabacloud.com/v1
kind: ImageCache
metadata:
  name: ${name}${labels ? `\n  labels: {${labels}}` : ''}
spec:
  images: [${images.map((i) => JSON.stringify(i)).join(', ')}]
`;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString().replace(/\.\d+Z$/, 'Z');
const readyCache = (name: string, createdMsAgo: number, extra: Partial<ImageCache['spec']> = {}): ImageCache => ({
  apiVersion: 'eci.alibabacloud.com/v1',
  kind: 'ImageCache',
  metadata: { name, creationTimestamp: ago(createdMsAgo) },
  spec: { images: ['nginx:1.25'], ...extra },
  status: { phase: 'Ready', progress: '100%', imageCacheId: `imc-${name}` },
});

let emulator: ImageCacheEmulator;
let server: string[];
let kubeconfig: string;
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCliChild([...args, ...server], { env, cwd: dir });
const kubectl = (...args: string[]) => runKubectl(KUBECTL!, ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'kcache'), ...args]);

beforeAll(async () => {
  emulator = await startImageCacheEmulator({
    controller: { stepDelays: { pendingMs: 20, preparingMs: 20, progressStepMs: 20 }, failImages: /broken/, seed: 7 },
  });
  server = ['--server', emulator.url];
  kubeconfig = file('kubeconfig', emulator.kubeconfig);
});
afterAll(async () => emulator.close());
beforeEach(() => {
  for (const c of emulator.store.list().items) emulator.store.delete(c.metadata.name!);
});
const seed = (...caches: ImageCache[]) => caches.forEach((c) => emulator.store.create(c, { keepStatus: true }));

describe('pipes: a closed stdout ends the command quietly', () => {
  // Each command's output must outgrow the pipe's 64 KiB buffer, or a command that writes it all
  // before `head` has read the first line exits 0 instead of dying on EPIPE: lint prints about 30
  // bytes a workload (4,000: about 120 KB), match about 370.
  const workloads = (count: number) =>
    file(
      `many-${count}.yaml`,
      Array.from(
        { length: count },
        (_, i) =>
          `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w${i}, annotations: {}}\nspec: {template: {metadata: {annotations: {"k8s.aliyun.com/eci-auto-imc": "true"}}, spec: {containers: [{name: a, image: "nginx:1.25"}]}}}\n`,
      ).join('---\n'),
    );
  const caches = () => file('caches.yaml', `${manifest('web-cache')}status: {phase: Ready, imageCacheId: imc-web}\n`);

  it.each([
    ['match', () => ['match', '-f', workloads(400), '--caches', caches()]],
    ['lint', () => ['lint', '-f', workloads(4000), '--caches', caches()]],
    ['demo', () => ['demo', '--step-ms', '1']],
  ])('%s | head -1 prints one line, no stack trace, exit 141 under pipefail', async (_name, argv) => {
    const args = [...CLI, ...argv()].map((a) => `'${a}'`).join(' ');
    const { execFile } = await import('node:child_process');
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile('bash', ['-c', `set -o pipefail; ${args} | head -1`], { cwd: ROOT, env: { PATH: process.env['PATH'], HOME: dir } }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      ),
    );
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.code).toBe(EXIT.stdoutClosed);
  });
});

describe.skipIf(!KUBECTL)('partial failures: go on, one line per item, non-zero exit (same lines as kubectl)', () => {
  it('create -f with several documents creates the others when one already exists', async () => {
    const path = file('three.yaml', [manifest('p-a'), manifest('p-b'), manifest('p-c')].join('---\n'));
    seed(readyCache('p-b', 1000));
    const ours = await cli(['create', '-f', path]);
    for (const name of ['p-a', 'p-c']) emulator.store.delete(name);
    const theirs = await kubectl('create', '-f', path);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stderr).toBe(theirs.stderr);
    expect(ours.stdout.split('\n').filter(Boolean)).toEqual(['imagecache.eci.alibabacloud.com/p-a created', 'imagecache.eci.alibabacloud.com/p-c created']);
    expect(ours.stderr).toContain('Error from server (AlreadyExists): error when creating');
    expect([ours.code, theirs.code]).toEqual([1, 1]);
  });

  it('delete a b c deletes a and c when b is missing', async () => {
    seed(readyCache('d-a', 1000), readyCache('d-c', 1000));
    const ours = await cli(['delete', 'd-a', 'd-b', 'd-c']);
    expect(emulator.store.list().items).toEqual([]);
    seed(readyCache('d-a', 1000), readyCache('d-c', 1000));
    const theirs = await kubectl('delete', 'imagecache', 'd-a', 'd-b', 'd-c');
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stderr).toBe(theirs.stderr);
    expect(ours.stderr).toBe('Error from server (NotFound): imagecaches.eci.alibabacloud.com "d-b" not found\n');
    expect([ours.code, theirs.code]).toEqual([1, 1]);
  });

  it('warm goes on with the other workloads when one cache cannot be created', async () => {
    const workloads = file(
      'two-workloads.yaml',
      ['a', 'b']
        .map(
          (n, i) =>
            `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${n}}\nspec: {template: {spec: {containers: [{name: c, image: "${['nginx:1.25', 'redis:7'][i]}"}]}}}\n`,
        )
        .join('---\n'),
    );
    // One cache per workload, so that one failing cache leaves the other workload's cache to go on.
    // Caches are named from their spec (#17): learn the names from the plan, then take a's name
    // with other images, so ensure() refuses to overwrite it.
    const planned = await cli(['plan', '-f', workloads, '--per-workload', '--no-cluster']);
    const cacheFor = (workload: string) => new RegExp(`^(warm-[0-9a-f]{12})\\s+create\\s+1\\s+Deployment/${workload}$`, 'm').exec(planned.stdout)?.[1];
    const [forA, forB] = [cacheFor('a'), cacheFor('b')];
    expect(forA).toBeDefined();
    expect(forB).toBeDefined();
    seed(readyCache(forA!, 1000, { images: ['busybox:1.36'] }));
    const result = await cli(['warm', '-f', workloads, '--per-workload']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${forB}: created with 1 image(s)`);
    expect(result.stderr).toMatch(new RegExp(`^error: ImageCache ${forA}: .+$`, 'm'));
    expect(result.stderr).toContain(`${forB}: Ready 100%`);
    expect(result.stderr).toContain(`could not be created: ${forA}`);
    expect(emulator.store.get(forB!)?.status?.phase).toBe('Ready');
    expect(emulator.store.get(forA!)?.spec.images).toEqual(['busybox:1.36']);
  });
});

describe.skipIf(!KUBECTL)('output formats, compared with kubectl', () => {
  beforeEach(() => seed(readyCache('fmt-a', 3_600_000, { retentionDays: 7, imageCacheSize: 30 }), readyCache('fmt-b', 60_000)));

  it('-o name, -o jsonpath and -o json print what kubectl prints', async () => {
    for (const args of [
      ['-o', 'name'],
      ['-o', 'jsonpath={.items[*].metadata.name}'],
      ['fmt-a', '-o', 'jsonpath={.metadata.name} {.spec.images[0]}{"\\n"}'],
    ]) {
      const ours = await cli(['get', ...args]);
      const theirs = await kubectl('get', 'ic', ...args);
      expect(ours).toMatchObject({ code: 0, stderr: '' });
      expect(ours.stdout).toBe(theirs.stdout);
    }
    expect(JSON.parse((await cli(['get', 'fmt-a', '-o', 'json'])).stdout)).toEqual(JSON.parse((await kubectl('get', 'ic', 'fmt-a', '-o', 'json')).stdout));
  });

  it('-o yaml quotes timestamps as kubectl does', async () => {
    const ours = await cli(['get', 'fmt-a', '-o', 'yaml']);
    const theirs = await kubectl('get', 'ic', 'fmt-a', '-o', 'yaml');
    expect(parse(ours.stdout)).toEqual(parse(theirs.stdout));
    const timestampLine = (text: string) =>
      text
        .split('\n')
        .find((l) => l.includes('creationTimestamp'))
        ?.trim();
    expect(timestampLine(ours.stdout)).toMatch(/^creationTimestamp: "\d{4}-.+Z"$/);
    expect(timestampLine(ours.stdout)).toBe(timestampLine(theirs.stdout));
  });

  it('-o wide adds the images count, size, retention and expiry', async () => {
    const { stdout } = await cli(['get', '-o', 'wide']);
    const [header, a, b] = stdout
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s{2,}/));
    expect(header).toEqual(['NAME', 'AGE', 'CACHEID', 'PHASE', 'PROGRESS', 'IMAGES', 'SIZE', 'RETENTION', 'EXPIRES']);
    expect(a).toEqual(['fmt-a', '60m', 'imc-fmt-a', 'Ready', '100%', '1', '30Gi', '7d', '<none>']);
    emulator.store.create(
      { ...readyCache('fmt-c', 1000, { retentionDays: 1 }), status: { phase: 'Ready', expireDateTime: '2030-01-02T03:04:05Z' } },
      { keepStatus: true },
    );
    expect((await cli(['get', 'fmt-c', '-o', 'wide'])).stdout.trim().split('\n')[1]!.split(/\s+/).slice(-4)).toEqual([
      '1',
      '<none>',
      '1d',
      '2030-01-02T03:04:05Z',
    ]);
    expect(b!.slice(5)).toEqual(['1', '<none>', '<none>', '<none>']);
  });

  it('match and lint print their reports as YAML and through a JSONPath too', async () => {
    const caches = file('m-caches.yaml', `${manifest('web-cache')}status: {phase: Ready, imageCacheId: imc-web}\n`);
    const workload = file(
      'm-deploy.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {template: {metadata: {annotations: {"k8s.aliyun.com/eci-auto-imc": "true"}}, spec: {containers: [{name: a, image: "nginx:1.25", imagePullPolicy: IfNotPresent}]}}}\n',
    );
    for (const command of ['match', 'lint']) {
      const json = await runCliChild([command, '-f', workload, '--caches', caches, '-o', 'json']);
      const yaml = await runCliChild([command, '-f', workload, '--caches', caches, '-o', 'yaml']);
      expect(yaml.code).toBe(0);
      expect(parse(yaml.stdout)).toEqual(JSON.parse(json.stdout));
    }
    expect((await runCliChild(['match', '-f', workload, '--caches', caches, '-o', 'jsonpath={[0].cache}'])).stdout).toBe('web-cache');
  });

  it('create and delete print -o name; an unsupported JSONPath is a usage error naming what works', async () => {
    expect((await cli(['create', '-f', file('n.yaml', manifest('named')), '-o', 'name'])).stdout).toBe('imagecache.eci.alibabacloud.com/named\n');
    expect((await cli(['delete', 'named', '-o', 'name'])).stdout).toBe('imagecache.eci.alibabacloud.com/named\n');
    const range = await cli(['get', '-o', 'jsonpath={range .items[*]}{.metadata.name}{end}']);
    expect(range.code).toBe(EXIT.usage);
    expect(range.stderr).toContain('only {.field.path}, [N], [*]');
  });
});

describe.skipIf(!KUBECTL)('AGE follows kubectl (apimachinery HumanDuration)', () => {
  it.each([
    ['4h30m', (4 * 60 + 30) * 60_000 + 20_000],
    ['3d5h', (3 * 24 + 5) * 3_600_000 + 60_000],
    ['3y10d', (3 * 365 + 10) * 86_400_000 + 3_600_000],
  ])('%s, the same as kubectl get ic', async (age, ms) => {
    seed(readyCache('aged', ms));
    const ours = (await cli(['get', 'aged'])).stdout.split('\n')[1]!.split(/\s+/);
    const theirs = (await kubectl('get', 'ic', 'aged')).stdout.split('\n')[1]!.split(/\s+/);
    expect(ours[1]).toBe(age);
    expect(ours).toEqual(theirs);
  });
});

describe('flags', () => {
  it('delete -f FILE, -l SELECTOR, --all and --ignore-not-found', async () => {
    seed(readyCache('f-a', 1000), readyCache('f-b', 1000));
    emulator.store.create({ ...readyCache('l-a', 1000), metadata: { name: 'l-a', labels: { team: 'web' } } });
    const byFile = await cli(['delete', '-f', file('del.yaml', manifest('f-a'))]);
    expect(byFile).toMatchObject({ code: 0, stdout: 'imagecache.eci.alibabacloud.com "f-a" deleted\n' });
    expect(await cli(['delete', '-l', 'team=web'])).toMatchObject({ code: 0, stdout: 'imagecache.eci.alibabacloud.com "l-a" deleted\n' });
    expect(await cli(['delete', '-l', 'team=nobody'])).toMatchObject({ code: 0, stderr: 'No resources found\n' });
    expect(await cli(['delete', 'gone', 'f-b', '--ignore-not-found'])).toMatchObject({
      code: 0,
      stderr: '',
      stdout: 'imagecache.eci.alibabacloud.com "f-b" deleted\n',
    });
    seed(readyCache('all-1', 1000), readyCache('all-2', 1000));
    expect((await cli(['delete', '--all'])).stdout.split('\n').filter(Boolean)).toHaveLength(2);
    expect(emulator.store.list().items).toEqual([]);
    expect((await cli(['delete', 'x', '--all'])).code).toBe(EXIT.usage);
  });

  it('-n/--namespace and -A are accepted and ignored with a note', async () => {
    seed(readyCache('ns', 1000));
    const namespaced = await cli(['get', '-n', 'kube-system']);
    expect(namespaced.code).toBe(0);
    expect(namespaced.stdout).toMatch(/^ns\s/m);
    expect(namespaced.stderr).toBe('note: ImageCaches are cluster-scoped; -n/--namespace is ignored\n');
    expect((await cli(['get', '-A'])).stderr).toContain('-A/--all-namespaces is ignored');
  });

  it('help get and get --help print the same help for that command', async () => {
    const a = await runCliChild(['help', 'get']);
    const b = await runCliChild(['get', '--help']);
    expect(a).toMatchObject({ code: 0, stderr: '' });
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain('Usage: eci-imagecache get');
    expect((await runCliChild(['help', 'nope'])).code).toBe(EXIT.usage);
  });

  it('--request-timeout bounds each request as kubectl does; a bad value is a usage error', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const timedOut = await runCliChild(['get', '--server', `http://127.0.0.1:${port}`, '--request-timeout', '1s']);
      expect(timedOut.code).toBe(1);
      expect(timedOut.stderr).toMatch(/^error: .*no complete response within 1000 ms/);
      expect(timedOut.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      silent.close();
    }
    const bad = await runCliChild(['get', '--server', 'http://127.0.0.1:1', '--request-timeout', 'soon']);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toContain('--request-timeout must be a duration');
  });
});

describe('fast failure', () => {
  it('a refused first connection fails at once with one line naming the server', async () => {
    const closed: Server = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await runCliChild(['get', '--server', `http://127.0.0.1:${port}`, '--verbose']);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe(
      `error: the connection to the server 127.0.0.1:${port} was refused - is the API server running, and did you specify the right host or port?`,
    );
  });
});

describe('exit codes', () => {
  it('a malformed --image is a usage error (2), before any request', async () => {
    const result = await runCliChild(['warm', '--image', 'Not A Valid:Image', '--server', 'http://127.0.0.1:1']);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toMatch(/^error: --image "Not A Valid:Image": invalid reference format/);
  });

  it('every code is documented in --help and in the README', async () => {
    const help = (await runCliChild(['--help'])).stdout;
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const code of Object.values(EXIT)) {
      expect(help).toMatch(new RegExp(`^ {2}${code}\\s`, 'm'));
      expect(readme).toMatch(new RegExp(`^\\| \`${code}\` \\|`, 'm'));
    }
  });

  it('0 for success, 1 for a failed request, 3 when match finds a pod that would fail', async () => {
    seed(readyCache('exists', 1000));
    expect((await cli(['get', 'exists'])).code).toBe(EXIT.ok);
    expect((await cli(['get', 'missing'])).code).toBe(EXIT.failure);
    const workload = file(
      'fail.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: {"k8s.aliyun.com/eci-imc-id": "imc-pending"}}\nspec: {containers: [{name: a, image: "nginx:1.25"}]}\n',
    );
    // The named cache is listed but still being created: ECI refuses the pod.
    const pending = `${manifest('pending')}status: {phase: Creating, imageCacheId: imc-pending}\n`;
    expect((await runCliChild(['match', '-f', workload, '--caches', file('pending.yaml', pending)])).code).toBe(EXIT.podWouldFail);
    // An id no listed cache carries may name a cache made outside the cluster: unknown, not a failure.
    expect((await runCliChild(['match', '-f', workload, '--caches', file('none.yaml', manifest('other'))])).code).toBe(EXIT.failure);
  });
});

describe('terminals: TERM=dumb, NO_COLOR, colour only on a colour TTY', () => {
  const warm = (name: string) => ['warm', '--image', `registry.example.com/${name}:1`, '--name', name, '--server', emulator.url];
  const CURSOR = /\x1b\[\d*A|\x1b\[2K/;
  const GREEN = '\x1b[32mReady';

  it('a TTY gets the live board with a green Ready; TERM=dumb gets plain lines', async () => {
    const live = await runCliOnTty(warm('tty-1'), { TERM: 'xterm-256color' });
    expect(live.code).toBe(0);
    expect(live.stdout).toMatch(CURSOR);
    expect(live.stdout).toContain(GREEN);
    const dumb = await runCliOnTty(warm('tty-2'), { TERM: 'dumb' });
    expect(dumb.code).toBe(0);
    expect(dumb.stdout).not.toContain('\x1b[');
    // --name labels the image list in the plan; the cache itself is named from its spec (#17).
    expect(dumb.stdout).toMatch(/^warm-[0-9a-f]{12}\s+create\s+1\s+tty-2$/m);
    expect(dumb.stdout).toMatch(/^warm-[0-9a-f]{12}: Ready 100%$/m);
  });

  it('NO_COLOR keeps the live board but drops colour; a pipe gets neither', async () => {
    const noColor = await runCliOnTty(warm('tty-3'), { TERM: 'xterm-256color', NO_COLOR: '1' });
    expect(noColor.stdout).toMatch(CURSOR);
    expect(noColor.stdout).not.toMatch(/\x1b\[3\dm/);
    seed(readyCache('tty-table', 1000));
    const table = await runCliOnTty(['get', '--server', emulator.url], { TERM: 'xterm-256color' });
    expect(table.stdout).toContain(GREEN);
    const piped = await cli(['get'], { TERM: 'xterm-256color' });
    expect(piped.stdout).not.toContain('\x1b[');
  });
});

describe.skipIf(!KUBECTL)('get -w prints what kubectl get -w prints', () => {
  // The store's subscribers: the managed-fields wrapper's, plus one per open watch.
  const subscribers = () => emulator.store.watcherCount;
  const until = async (check: () => boolean) => {
    while (!check()) await new Promise((r) => setTimeout(r, 100));
  };

  async function watchBoth(extra: string[]) {
    const before = subscribers();
    const ours = startCliChild(['get', '-w', ...extra, '--server', emulator.url]);
    const { spawn } = await import('node:child_process');
    const theirs = spawn(KUBECTL!, ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'kcache'), 'get', 'ic', '-w', ...extra]);
    let theirOut = '';
    let theirErr = '';
    theirs.stdout.on('data', (c) => (theirOut += String(c)));
    theirs.stderr.on('data', (c) => (theirErr += String(c)));
    // Both watches are open (on an empty list, so neither prints anything yet) before the changes start.
    await until(() => subscribers() >= before + 2);
    await emulator.client.create({ metadata: { name: 'watched' }, spec: { images: ['nginx:1.25'] } });
    await emulator.client.waitForReady('watched', { timeoutMs: 10_000 });
    await emulator.client.delete('watched');
    const lines = (text: string) => text.split('\n').filter(Boolean).length;
    await until(() => lines(ours.output().stdout) >= 3 && lines(ours.output().stdout) === lines(theirOut));
    await new Promise((r) => setTimeout(r, 500));
    ours.child.kill('SIGINT');
    theirs.kill('SIGINT');
    const mine = await ours.done;
    return { ours: mine, theirs: { stdout: theirOut, stderr: theirErr } };
  }
  const firstColumns = (text: string) =>
    text
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/)[0]);

  it('header once, one line per change, no (deleted) suffix, nothing on stderr for an empty list', async () => {
    const { ours, theirs } = await watchBoth([]);
    expect(ours.stdout).not.toContain('(deleted)');
    expect(ours.stderr).toBe(theirs.stderr);
    expect(ours.stdout.split('\n').filter((l) => l.startsWith('NAME'))).toHaveLength(1);
    expect(firstColumns(ours.stdout)).toEqual(firstColumns(theirs.stdout));
    expect(ours.stdout.split('\n')[0]).toBe(theirs.stdout.split('\n')[0]);
  });

  it('--output-watch-events adds the EVENT column', async () => {
    const { ours, theirs } = await watchBoth(['--output-watch-events']);
    expect(firstColumns(ours.stdout)).toEqual(firstColumns(theirs.stdout));
    expect(firstColumns(ours.stdout).at(-1)).toBe('DELETED');
  });

  it('an empty get prints "No resources found" on stderr, as kubectl', async () => {
    const ours = await cli(['get']);
    const theirs = await kubectl('get', 'ic');
    expect(ours).toMatchObject({ code: 0, stdout: '', stderr: 'No resources found\n' });
    expect([theirs.stdout, theirs.stderr]).toEqual(['', 'No resources found\n']);
  });
});

describe('emulator command', () => {
  it('--fail-images matches the normalized reference; SIGTERM and SIGHUP remove the kubeconfig folder', async () => {
    for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
      const run = startCliChild(['emulator', '--port', '0', '--step-ms', '5', '--fail-images', '^docker.io/library/broken']);
      const [, path] = await run.waitFor(/kubeconfig: (\S+)/);
      const [, url] = await run.waitFor(/listening on (\S+)/);
      expect(existsSync(path!)).toBe(true);
      if (signal === 'SIGTERM') {
        const created = await runCliChild(['warm', '--image', 'broken:1', '--name', 'doomed', '--server', url!]);
        expect(created.code).toBe(1);
        expect(created.stdout).toMatch(/^warm-[0-9a-f]{12}\s+create\s+1\s+doomed$/m);
        expect(created.stderr).toMatch(/^warm-[0-9a-f]{12}: Failed/m);
      }
      run.child.kill(signal);
      const done = await run.done;
      expect(done.code).toBe(0);
      expect(existsSync(dirname(path!))).toBe(false);
    }
  });
});

describe.skipIf(!KUBECTL)('demo', () => {
  it('--keep keeps the emulator (and the kubeconfig kubectl needs) until Ctrl-C; without it there is no kubectl hint', async () => {
    const run = startCliChild(['demo', '--step-ms', '1', '--keep']);
    const [, path] = await run.waitFor(/KUBECONFIG=(\S+) kubectl get ic/);
    const listed = await runKubectl(KUBECTL!, ['--kubeconfig', path!, '--cache-dir', join(dir, 'kcache'), 'get', 'ic', '-o', 'name']);
    // The demo's cache is named from its spec (warm-<hash>, #17), not after the workload.
    expect(listed.stdout).toMatch(/^imagecache\.eci\.alibabacloud\.com\/warm-[0-9a-f]{12}$/m);
    run.child.kill('SIGINT');
    expect((await run.done).code).toBe(0);
    expect(existsSync(dirname(path!))).toBe(false);
    const plain = await runCliChild(['demo', '--step-ms', '1']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toContain('KUBECONFIG=');
    expect(plain.stdout).toContain('demo --keep');
  });
});
