import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  INLINE_SOURCE,
  isKubeConfigError,
  KubeConfigError,
  loadKubeConfig,
  type KubeConfigErrorReason,
  type LoadKubeConfigOptions,
} from '../../src/client/kubeconfig/index.js';
import { makeTempDir } from './helpers/tmp.js';
import { kubeconfigYaml, writeFiles } from './helpers/write.js';

let root: string;
let cleanup: () => Promise<void>;
let caseNumber = 0;

beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('resolve'));
});
afterAll(async () => cleanup?.());

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nTOP-SECRET-KEY-MATERIAL\n-----END PRIVATE KEY-----\n';
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** A fresh directory holding `files`; returns it and the path of the first file. */
async function layout(files: Record<string, string>): Promise<{ dir: string; file: string }> {
  const dir = join(root, `case-${++caseNumber}`);
  return { dir, file: await writeFiles(dir, files) };
}

async function load(files: Record<string, string>, options: LoadKubeConfigOptions = {}) {
  const { dir, file } = await layout(files);
  return { file, dir, result: await loadKubeConfig({ path: file, env: {}, homeDir: join(dir, 'home'), ...options }) };
}

async function loadError(files: Record<string, string>, options: LoadKubeConfigOptions = {}): Promise<{ file: string; error: KubeConfigError }> {
  const { dir, file } = await layout(files);
  const error: unknown = await loadKubeConfig({ path: file, env: {}, homeDir: join(dir, 'home'), ...options }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isKubeConfigError(error)) throw new Error(`expected a KubeConfigError, got ${String(error)}`);
  return { file, error };
}

function leaks(error: Error, secret: string): boolean {
  return [error.message, JSON.stringify(error), inspect(error, { showHidden: true, depth: 10 })].some((text) => text.includes(secret));
}

describe('loadKubeConfig: what it resolves', () => {
  it('reports the context, cluster, user, namespace and files, and reads file fields into PEM', async () => {
    const { file, result } = await load({
      config: kubeconfigYaml(
        '{server: "https://kube.test:6443", certificate-authority: pki/ca.crt}',
        '{client-certificate: pki/me.crt, client-key-data: ' + b64(KEY) + '}',
        ', namespace: team',
      ),
      'pki/ca.crt': PEM,
      'pki/me.crt': PEM,
    });
    expect(result).toMatchObject({ contextName: 'ctx', clusterName: 'c', userName: 'u', namespace: 'team', source: [file], warnings: [] });
    expect(result.connection).toMatchObject({ server: 'https://kube.test:6443', caData: PEM, certData: PEM, keyData: KEY });
  });

  it('uses --cluster and --user style overrides instead of the context entries', async () => {
    const yaml = [
      'current-context: ctx',
      'clusters: [{name: a, cluster: {server: "https://a.test"}}, {name: b, cluster: {server: "https://b.test"}}]',
      'users: [{name: ua, user: {token: token-a}}, {name: ub, user: {token: token-b}}]',
      'contexts: [{name: ctx, context: {cluster: a, user: ua}}]',
    ].join('\n');
    const { result } = await load({ config: yaml }, { cluster: 'b', user: 'ub' });
    expect(result).toMatchObject({ clusterName: 'b', userName: 'ub', connection: { server: 'https://b.test', token: 'token-b' } });
  });

  it('expands ~ in the path option, in KUBECONFIG entries and in file fields', async () => {
    const { dir } = await layout({
      'home/.kube/prod.yaml': kubeconfigYaml('{server: "https://kube.test", certificate-authority: ~/pki/ca.crt}'),
      'home/pki/ca.crt': PEM,
    });
    const homeDir = join(dir, 'home');
    const byPath = await loadKubeConfig({ path: '~/.kube/prod.yaml', env: {}, homeDir });
    const byEnv = await loadKubeConfig({ env: { KUBECONFIG: `~/missing.yaml:~/.kube/prod.yaml` }, homeDir });
    expect(byPath.connection.caData).toBe(PEM);
    expect(byEnv.connection.caData).toBe(PEM);
    expect(byEnv.source).toEqual([join(homeDir, '.kube/prod.yaml')]);
  });

  it('reads ~/.kube/config when KUBECONFIG is unset or empty', async () => {
    const { dir } = await layout({ 'home/.kube/config': kubeconfigYaml('{server: "https://default.test"}') });
    for (const env of [{}, { KUBECONFIG: '' }]) {
      const result = await loadKubeConfig({ env, homeDir: join(dir, 'home') });
      expect(result.connection.server).toBe('https://default.test');
    }
  });

  it('resolves relative paths of inline YAML against cwd and names the source <inline>', async () => {
    const { dir } = await layout({ 'ca.crt': PEM });
    const result = await loadKubeConfig({ kubeconfig: kubeconfigYaml('{server: "https://kube.test", certificate-authority: ca.crt}'), cwd: dir, env: {} });
    expect(result.connection.caData).toBe(PEM);
    expect(result.source).toEqual([INLINE_SOURCE]);
  });

  it('drops TLS settings and credentials over plain http, like kubectl, and says so; impersonation stays', async () => {
    const { result } = await load({ config: kubeconfigYaml('{server: "http://127.0.0.1:8001", insecure-skip-tls-verify: true}', '{token: abc, as: jane}') });
    expect(result.connection).toEqual({ server: 'http://127.0.0.1:8001', impersonate: { user: 'jane' } });
    expect(result.warnings).toEqual([expect.stringMatching(/plain http.*insecure-skip-tls-verify, token/)]);
  });

  it('treats a server without a scheme as http://, as client-go does, with a warning', async () => {
    const { result } = await load({ config: kubeconfigYaml('{server: "10.0.0.1:6443"}') });
    expect(result.connection.server).toBe('http://10.0.0.1:6443');
    expect(result.warnings[0]).toMatch(/has no scheme/);
  });

  it('warns when insecure-skip-tls-verify is on, and only sets it when true', async () => {
    const on = await load({ config: kubeconfigYaml('{server: "https://kube.test", insecure-skip-tls-verify: true}') });
    expect(on.result.connection.insecureSkipTlsVerify).toBe(true);
    expect(on.result.warnings).toEqual([expect.stringContaining('insecure-skip-tls-verify is true')]);
    const off = await load({ config: kubeconfigYaml('{server: "https://kube.test", insecure-skip-tls-verify: false}') });
    expect(off.result.connection).not.toHaveProperty('insecureSkipTlsVerify');
    expect(off.result.warnings).toEqual([]);
  });

  it('warns that as-user-extra is ignored', async () => {
    const { result } = await load({ config: kubeconfigYaml('{server: "https://kube.test"}', '{token: t, as: jane, as-user-extra: {scopes: [view]}}') });
    expect(result.connection.impersonate).toEqual({ user: 'jane' });
    expect(result.warnings).toEqual([expect.stringContaining('as-user-extra')]);
  });

  it('prefers a static token to an exec plugin, with a warning, as kubectl does', async () => {
    const { result } = await load({
      config: kubeconfigYaml('{server: "https://kube.test"}', '{token: static, exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: never-run}}'),
    });
    expect(result.connection.token).toBe('static');
    expect(result.connection.credentials).toBeUndefined();
    expect(result.warnings).toEqual([expect.stringContaining('never runs the plugin')]);
  });
});

describe('loadKubeConfig: secrets stay out of logs', () => {
  it('hides token, password, client key and proxy credentials from JSON.stringify and util.inspect of the connection', async () => {
    const { result } = await load({
      config: kubeconfigYaml(
        '{server: "https://kube.test", proxy-url: "http://proxyuser:proxy-pass-123@proxy.test:3128"}',
        `{username: bob, password: hunter2-pass, client-certificate-data: ${b64(PEM)}, client-key-data: ${b64(KEY)}}`,
      ),
    });
    const { connection } = result;
    expect(connection.password).toBe('hunter2-pass');
    expect(connection.keyData).toBe(KEY);
    for (const printed of [JSON.stringify(connection), inspect(connection), inspect(result, { depth: 5 }), JSON.stringify(result)]) {
      expect(printed).not.toContain('hunter2-pass');
      expect(printed).not.toContain('TOP-SECRET-KEY-MATERIAL');
      expect(printed).not.toContain('proxy-pass-123');
      expect(printed).toContain('[REDACTED]');
      expect(printed).toContain('https://kube.test');
    }
    // Secrets are not enumerable own properties: a spread or a structured clone carries none (#12).
    for (const copy of [{ ...connection }, structuredClone(connection), Object.assign({}, connection)]) {
      expect(copy.password).toBeUndefined();
      expect(copy.keyData).toBeUndefined();
      expect(JSON.stringify(copy)).not.toContain('hunter2-pass');
      expect(JSON.stringify(copy)).not.toContain('TOP-SECRET-KEY-MATERIAL');
    }
  });
});

describe('loadKubeConfig: bad configs are typed errors naming the file and the key', () => {
  const cases: [string, Record<string, string>, LoadKubeConfigOptions, KubeConfigErrorReason, string | undefined, RegExp][] = [
    [
      'no current context',
      { config: 'clusters: [{name: c, cluster: {server: "https://x"}}]\ncontexts: [{name: ctx, context: {cluster: c}}]\n' },
      {},
      'NoCurrentContext',
      'current-context',
      /current-context is not set/,
    ],
    [
      'an unknown current context',
      { config: 'current-context: gone\ncontexts: [{name: a, context: {cluster: c}}]\n' },
      {},
      'UnknownContext',
      'current-context',
      /context "gone" does not exist \(known contexts: "a"\)/,
    ],
    [
      'an unknown explicit context',
      { config: kubeconfigYaml('{server: "https://x"}') },
      { context: 'nope' },
      'UnknownContext',
      'contexts[nope]',
      /"nope" does not exist/,
    ],
    [
      'an unknown cluster',
      { config: 'current-context: ctx\ncontexts: [{name: ctx, context: {cluster: typo}}]\n' },
      {},
      'UnknownCluster',
      'contexts[ctx].context.cluster',
      /names cluster "typo", which does not exist/,
    ],
    [
      'a context without cluster',
      { config: 'current-context: ctx\ncontexts: [{name: ctx, context: {}}]\n' },
      {},
      'UnknownCluster',
      'contexts[ctx].context.cluster',
      /names no cluster/,
    ],
    [
      'an unknown user',
      { config: kubeconfigYaml('{server: "https://x"}').replace('cluster: c}', 'cluster: c, user: ghost}') },
      {},
      'UnknownUser',
      'contexts[ctx].context.user',
      /user "ghost"/,
    ],
    [
      'an unreadable CA file',
      { config: kubeconfigYaml('{server: "https://x", certificate-authority: missing/ca.crt}') },
      {},
      'FileUnreadable',
      'clusters[c].cluster.certificate-authority',
      /cannot read ".*missing\/ca\.crt" \(ENOENT\)/,
    ],
    [
      'a missing client key file',
      { config: kubeconfigYaml('{server: "https://x"}', `{client-certificate-data: ${b64(PEM)}, client-key: nope.key}`) },
      {},
      'FileUnreadable',
      'users[u].user.client-key',
      /nope\.key/,
    ],
    [
      'a certificate without a key',
      { config: kubeconfigYaml('{server: "https://x"}', `{client-certificate-data: ${b64(PEM)}}`) },
      {},
      'InvalidValue',
      'users[u].user.client-key',
      /needs both/,
    ],
    [
      'a CA both as file and data',
      { config: kubeconfigYaml(`{server: "https://x", certificate-authority: ca.crt, certificate-authority-data: ${b64(PEM)}}`), 'ca.crt': PEM },
      {},
      'InvalidValue',
      'clusters[c].cluster.certificate-authority',
      /both certificate-authority and certificate-authority-data/,
    ],
    [
      'insecure with a CA',
      { config: kubeconfigYaml(`{server: "https://x", insecure-skip-tls-verify: true, certificate-authority-data: ${b64(PEM)}}`) },
      {},
      'InvalidValue',
      'clusters[c].cluster.insecure-skip-tls-verify',
      /cannot be combined/,
    ],
    ['a missing server', { config: kubeconfigYaml('{tls-server-name: x}') }, {}, 'InvalidValue', 'clusters[c].cluster.server', /no server/],
    ['an ftp server', { config: kubeconfigYaml('{server: "ftp://x"}') }, {}, 'InvalidValue', 'clusters[c].cluster.server', /https:\/\/ or http:\/\//],
    [
      'a socks5 proxy',
      { config: kubeconfigYaml('{server: "https://x", proxy-url: "socks5://p:1080"}') },
      {},
      'Unsupported',
      'clusters[c].cluster.proxy-url',
      /socks5/,
    ],
    [
      'a wrong type',
      { config: kubeconfigYaml('{server: "https://x", insecure-skip-tls-verify: "true"}') },
      {},
      'InvalidSyntax',
      'clusters[c].cluster.insecure-skip-tls-verify',
      /true or false/,
    ],
    ['a list that is not a list', { config: 'clusters: {c: 1}\n' }, {}, 'InvalidSyntax', 'clusters', /must be a list/],
    ['a name twice in one file', { config: 'users: [{name: u, user: {}}, {name: u, user: {}}]\n' }, {}, 'InvalidSyntax', 'users[u]', /appears twice/],
    [
      'exec v1 without interactiveMode',
      { config: kubeconfigYaml('{server: "https://x"}', '{exec: {apiVersion: client.authentication.k8s.io/v1, command: p}}') },
      {},
      'InvalidValue',
      'users[u].user.exec.interactiveMode',
      /needs interactiveMode/,
    ],
    [
      'exec interactiveMode Always',
      { config: kubeconfigYaml('{server: "https://x"}', '{exec: {apiVersion: client.authentication.k8s.io/v1, command: p, interactiveMode: Always}}') },
      {},
      'Unsupported',
      'users[u].user.exec.interactiveMode',
      /needs a terminal/,
    ],
    [
      'exec v1alpha1',
      { config: kubeconfigYaml('{server: "https://x"}', '{exec: {apiVersion: client.authentication.k8s.io/v1alpha1, command: p}}') },
      {},
      'Unsupported',
      'users[u].user.exec.apiVersion',
      /v1alpha1/,
    ],
    [
      'exec without command',
      { config: kubeconfigYaml('{server: "https://x"}', '{exec: {apiVersion: client.authentication.k8s.io/v1beta1}}') },
      {},
      'InvalidValue',
      'users[u].user.exec.command',
      /needs a command/,
    ],
    [
      'an unreadable token file without a token',
      { config: kubeconfigYaml('{server: "https://x"}', '{tokenFile: no-token}') },
      {},
      'FileUnreadable',
      'users[u].user.tokenFile',
      /no-token/,
    ],
  ];

  it.each(cases)('%s', async (_title, files, options, reason, key, message) => {
    const { file, error } = await loadError(files, options);
    expect(error.reason).toBe(reason);
    expect(error.key).toBe(key);
    expect(error.message).toMatch(message);
    if (error.file !== undefined) {
      expect(error.file).toBe(file);
      expect(error.message).toContain(file);
    }
    if (key !== undefined) expect(error.message).toContain(`key ${key}`);
  });

  it.each([
    ['gcp', 'gke-gcloud-auth-plugin'],
    ['oidc', 'kubelogin'],
    ['azure', 'kubelogin'],
    ['something-else', 'exec plugin'],
  ])('refuses auth-provider %s and names what to use instead, without echoing its config', async (name, replacement) => {
    const { error } = await loadError({
      config: kubeconfigYaml('{server: "https://x"}', `{auth-provider: {name: ${name}, config: {id-token: eyJ-secret-id-token}}}`),
    });
    expect(error).toMatchObject({ reason: 'Unsupported', key: 'users[u].user.auth-provider' });
    expect(error.message).toContain(replacement);
    expect(leaks(error, 'eyJ-secret-id-token')).toBe(false);
  });

  it('names the bad base64 field without quoting its value', async () => {
    const { error } = await loadError({
      config: kubeconfigYaml('{server: "https://x"}', '{client-certificate-data: QUJD, client-key-data: "not-base64!secret-key-bytes"}'),
    });
    expect(error).toMatchObject({ reason: 'InvalidValue', key: 'users[u].user.client-key-data' });
    expect(leaks(error, 'secret-key-bytes')).toBe(false);
  });

  it('gives the line of a YAML syntax error without quoting the file', async () => {
    const { error } = await loadError({ config: 'users:\n- name: u\n  user: {token: "s3cr3t-token-value"\ncontexts: [\n' });
    expect(error.reason).toBe('InvalidSyntax');
    expect(error.message).toMatch(/not valid YAML at line \d+/);
    expect(leaks(error, 's3cr3t-token-value')).toBe(false);
  });

  it('refuses a token together with username/password without echoing either', async () => {
    const { error } = await loadError({ config: kubeconfigYaml('{server: "https://x"}', '{token: tok-secret-1, username: bob, password: pw-secret-2}') });
    expect(error).toMatchObject({ reason: 'InvalidValue', key: 'users[u].user.username' });
    expect(leaks(error, 'tok-secret-1') || leaks(error, 'pw-secret-2')).toBe(false);
  });

  it('fails on an explicit path that does not exist, but skips missing KUBECONFIG entries', async () => {
    const { dir } = await layout({ 'real.yaml': kubeconfigYaml('{server: "https://x"}') });
    const missing = join(dir, 'missing.yaml');
    await expect(loadKubeConfig({ path: missing, env: {} })).rejects.toMatchObject({ reason: 'FileNotFound', file: missing });
    await expect(loadKubeConfig({ path: [join(dir, 'real.yaml'), missing], env: {} })).rejects.toMatchObject({ reason: 'FileNotFound' });
    const result = await loadKubeConfig({ env: { KUBECONFIG: `${missing}:${join(dir, 'real.yaml')}` } });
    expect(result.source).toEqual([join(dir, 'real.yaml')]);
  });

  it('says NoConfiguration when no kubeconfig file exists at all', async () => {
    const { dir } = await layout({ 'unrelated.txt': '' });
    await expect(loadKubeConfig({ env: {}, homeDir: dir })).rejects.toSatisfy(
      (e) => isKubeConfigError(e, 'NoConfiguration') && String(e).includes(join(dir, '.kube', 'config')),
    );
  });

  it('refuses path and kubeconfig together', async () => {
    await expect(loadKubeConfig({ path: '/x', kubeconfig: 'x: 1' })).rejects.toMatchObject({ reason: 'InvalidValue' });
  });

  it('reports a directory given as a kubeconfig as unreadable', async () => {
    const { dir } = await layout({ 'sub/file': '' });
    await expect(loadKubeConfig({ path: join(dir, 'sub'), env: {} })).rejects.toMatchObject({ reason: 'FileUnreadable', file: join(dir, 'sub') });
  });
});
