/**
 * kubectl is the oracle: for every layout of the corpus, the server, CA, credentials and context the
 * SDK resolves must be those `kubectl config view --minify --raw --flatten` resolves with the same
 * KUBECONFIG and --context; for live layouts, the credentials the SDK would send must be those
 * kubectl actually sends to a local server. Fails (never skips) without kubectl when CI is set.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ClusterConnection } from '../../src/client/connection.js';
import { isKubeConfigError, loadKubeConfig, type ResolvedKubeConfig } from '../../src/client/kubeconfig/index.js';
import { buildCorpus, type OracleCase } from './helpers/corpus.js';
import { writeExecPlugin } from './helpers/exec-plugin.js';
import { startHttpServer, startHttpsServer, type TestHttpsServer } from './helpers/https-server.js';
import { makePki, type Pki } from './helpers/pki.js';
import { makeTempDir } from './helpers/tmp.js';

const KUBECTL = process.env['KUBECTL'] ?? 'kubectl';

interface RunResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(command, [...args], { ...options, timeout: 30_000, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ ok: !error, stdout, stderr: stderr || (error && !('code' in error && typeof error.code === 'number') ? error.message : '') });
    });
    // kubectl prompts for a username on stdin when a context has no user: give it end-of-file.
    child.stdin?.end();
  });
}

const kubectlVersion = await run(KUBECTL, ['version', '--client', '-o', 'json']);
const haveKubectl = kubectlVersion.ok;

describe('kubectl is available for the oracle tests', () => {
  it.runIf(Boolean(process.env['CI']))('kubectl is installed in CI (.ci/run installs kubernetes-client when it is missing)', () => {
    expect(haveKubectl, `kubectl not runnable: ${kubectlVersion.stderr}`).toBe(true);
  });
});

// The case names are known before the PKI exists, so vitest can list one test per layout.
const PLACEHOLDER_PKI = new Proxy({}, { get: () => 'x' }) as Pki;
const CASE_NAMES = buildCorpus(PLACEHOLDER_PKI, { https: 'https://x', http: 'http://x' }).map((c) => c.name);

describe.skipIf(!haveKubectl)('the SDK resolves what kubectl resolves', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let pki: Pki;
  let httpsServer: TestHttpsServer;
  let httpServer: TestHttpsServer;
  let corpus: Map<string, OracleCase>;
  let baseEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    ({ dir: root, cleanup } = await makeTempDir('oracle'));
    pki = await makePki(await mkdir(join(root, 'pki'), { recursive: true }).then(() => join(root, 'pki')));
    httpsServer = await startHttpsServer({ cert: pki.serverCert, key: pki.serverKey, ca: pki.caCert });
    httpServer = await startHttpServer();
    corpus = new Map(buildCorpus(pki, { https: httpsServer.url, http: httpServer.url }).map((c) => [c.name, c]));
    await mkdir(join(root, 'home'));
    // Only what kubectl and the plugins need: no KUBECONFIG, HOME or proxy settings of the machine leak in.
    baseEnv = { PATH: process.env['PATH'], HOME: join(root, 'home'), NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1' };
  });

  afterAll(async () => {
    await httpsServer?.close();
    await httpServer?.close();
    await cleanup?.();
  });

  async function writeCase(testCase: OracleCase): Promise<string> {
    const dir = join(root, 'cases', testCase.name);
    const files: [string, string][] = Object.entries(testCase.files).map(([path, file]) => [
      path,
      'yaml' in file ? stringify(file.yaml) : 'json' in file ? JSON.stringify(file.json, null, 2) : file.text,
    ]);
    for (const [path, text] of files) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    for (const [path, content] of Object.entries(testCase.assets ?? {})) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      if (content === 'plugin') await writeExecPlugin(dirname(join(dir, path)), path.split('/').pop());
      else await writeFile(join(dir, path), content);
    }
    return dir;
  }

  it.each(CASE_NAMES)('%s', async (name) => {
    const testCase = corpus.get(name)!;
    const dir = await writeCase(testCase);
    const env: NodeJS.ProcessEnv = { ...baseEnv, KUBECONFIG: testCase.kubeconfig.join(':') };
    const contextArgs = testCase.context ? ['--context', testCase.context] : [];
    const view = await run(KUBECTL, ['config', 'view', '--minify', '--raw', '--flatten', '-o', 'json', ...contextArgs], { cwd: dir, env });
    const sdk: ResolvedKubeConfig | unknown = await loadKubeConfig({ env, cwd: dir, homeDir: env['HOME'], context: testCase.context }).catch((e: unknown) => e);

    if (testCase.sdkError) {
      expect(isKubeConfigError(sdk, testCase.sdkError), `expected KubeConfigError ${testCase.sdkError}, got ${String(sdk)}`).toBe(true);
      if (view.ok) {
        // config view is lenient here; kubectl must refuse when it builds the client.
        expect(testCase.live, 'kubectl accepted a layout the SDK refuses, and no live run can show kubectl refusing it').toBe(true);
        const live = await run(KUBECTL, ['get', '--raw', `/${name}/api`, '--request-timeout=10s', ...contextArgs], { cwd: dir, env });
        expect(live.ok, `kubectl get succeeded where the SDK says ${testCase.sdkError}`).toBe(false);
      }
      return;
    }

    expect(view.ok, `kubectl refused the layout: ${view.stderr}`).toBe(true);
    expect(sdk instanceof Error ? sdk.message : undefined).toBeUndefined();
    const resolved = sdk as ResolvedKubeConfig;
    expect(summarize(resolved)).toEqual(expectedFromView(JSON.parse(view.stdout) as KubectlView));

    if (testCase.live) {
      // --raw takes the whole path: the server URL's path only tells the cases apart.
      const live = await run(KUBECTL, ['get', '--raw', `/${name}/api`, '--request-timeout=10s', ...contextArgs], { cwd: dir, env });
      expect(live.ok, `kubectl get failed: ${live.stderr}`).toBe(true);
      const servers = [httpsServer, httpServer];
      const seen = servers
        .flatMap((s) => s.requests)
        .filter((r) => r.path.startsWith(`/${name}/api`))
        .at(-1);
      expect(seen, `the live server saw no request from kubectl: ${JSON.stringify(servers.flatMap((s) => s.requests.map((r) => r.path)))}`).toBeDefined();
      expect(await wouldSend(resolved.connection)).toEqual({
        authorization: seen!.headers['authorization'],
        impersonateUser: seen!.headers['impersonate-user'],
        impersonateGroup: seen!.headers['impersonate-group'],
        impersonateUid: seen!.headers['impersonate-uid'],
        clientCn: seen!.clientCn,
      });
    }
  });
});

interface KubectlView {
  'current-context'?: string;
  clusters?: { name: string; cluster: Record<string, unknown> }[] | null;
  users?: { name: string; user: Record<string, unknown> }[] | null;
  contexts?: { name: string; context: Record<string, unknown> }[] | null;
}

const decode = (value: unknown): string | undefined => (typeof value === 'string' ? Buffer.from(value, 'base64').toString('utf8') : undefined);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The fields compared, from what kubectl printed, with kubectl's runtime rule that plain http carries no TLS settings or credentials. */
function expectedFromView(view: KubectlView): Record<string, unknown> {
  const cluster = view.clusters?.[0]?.cluster ?? {};
  const user = view.users?.[0]?.user ?? {};
  const context = view.contexts?.[0]?.context ?? {};
  const secure = String(cluster['server']).startsWith('https://');
  const groups = user['as-groups'] as string[] | undefined;
  const impersonate = {
    ...(text(user['as']) ? { user: user['as'] } : {}),
    ...(groups?.length ? { groups } : {}),
    ...(text(user['as-uid']) ? { uid: user['as-uid'] } : {}),
  };
  const dynamic = secure && (text(user['tokenFile']) !== undefined || (user['exec'] !== undefined && !text(user['token']) && !text(user['username'])));
  return {
    contextName: view['current-context'],
    namespace: text(context['namespace']),
    server: cluster['server'],
    caData: secure ? decode(cluster['certificate-authority-data']) : undefined,
    insecureSkipTlsVerify: secure && cluster['insecure-skip-tls-verify'] === true ? true : undefined,
    tlsServerName: secure ? text(cluster['tls-server-name']) : undefined,
    proxyUrl: text(cluster['proxy-url']),
    certData: secure ? decode(user['client-certificate-data']) : undefined,
    keyData: secure ? decode(user['client-key-data']) : undefined,
    token: secure && !text(user['tokenFile']) ? text(user['token']) : undefined,
    username: secure ? text(user['username']) : undefined,
    password: secure && text(user['username']) ? (text(user['password']) ?? '') : undefined,
    hasCredentialProvider: dynamic,
    impersonate: Object.keys(impersonate).length > 0 ? impersonate : undefined,
  };
}

function summarize(resolved: ResolvedKubeConfig): Record<string, unknown> {
  const c = resolved.connection;
  return {
    contextName: resolved.contextName,
    namespace: resolved.namespace,
    server: c.server,
    caData: c.caData,
    insecureSkipTlsVerify: c.insecureSkipTlsVerify,
    tlsServerName: c.tlsServerName,
    proxyUrl: c.proxyUrl,
    certData: c.certData,
    keyData: c.keyData,
    token: c.token,
    username: c.username,
    password: c.password,
    hasCredentialProvider: c.credentials !== undefined,
    impersonate: c.impersonate,
  };
}

/** The headers and client certificate a client built on this connection sends (what kubectl's request showed). */
async function wouldSend(c: ClusterConnection): Promise<Record<string, string | undefined>> {
  const token = c.credentials ? await c.credentials.getToken() : c.token;
  const authorization =
    token !== undefined
      ? `Bearer ${token}`
      : c.username !== undefined
        ? `Basic ${Buffer.from(`${c.username}:${c.password ?? ''}`).toString('base64')}`
        : undefined;
  const cn = c.certData ? /CN=([^\n,]+)/.exec(new X509Certificate(c.certData).subject)?.[1] : undefined;
  return {
    authorization,
    impersonateUser: c.impersonate?.user,
    impersonateGroup: c.impersonate?.groups?.join(', '),
    impersonateUid: c.impersonate?.uid,
    clientCn: cn,
  };
}
