import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ExecCredentialProvider,
  isKubeConfigError,
  loadKubeConfig,
  type ExecCredentialProviderOptions,
  type ExecPluginSpec,
} from '../../src/client/kubeconfig/index.js';
import { everythingAbout, failure } from '../support/errors.js';
import { writeExecPlugin } from './helpers/exec-plugin.js';
import { makeTempDir } from './helpers/tmp.js';

let dir: string;
let cleanup: () => Promise<void>;
let pluginCount = 0;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('exec'));
});
afterAll(async () => cleanup?.());

const V1 = 'client.authentication.k8s.io/v1' as const;
const T0 = Date.parse('2030-01-01T00:00:00Z');

/** A fresh plugin (own run log) and a provider for it with a hand-moved clock. */
async function setup(pluginEnv: Record<string, string> = {}, spec: Partial<ExecPluginSpec> = {}, options: ExecCredentialProviderOptions = {}) {
  const plugin = await writeExecPlugin(dir, `plugin-${++pluginCount}`);
  const clock = { now: T0 };
  const provider = new ExecCredentialProvider(
    { command: plugin.path, apiVersion: V1, ...spec },
    { env: { PATH: process.env['PATH'], PLUGIN_LOG: plugin.log, ...pluginEnv }, now: () => clock.now, ...options },
  );
  return { plugin, clock, provider };
}

describe('ExecCredentialProvider: caching and refresh', () => {
  it('runs the plugin once and reuses a credential without expiry until forced', async () => {
    const { plugin, clock, provider } = await setup();
    expect(await provider.getToken()).toBe('tok-1');
    clock.now += 365 * 24 * 3600_000;
    expect(await provider.getToken()).toBe('tok-1');
    expect(await plugin.runs()).toHaveLength(1);
    expect(await provider.getToken({ forceRefresh: true })).toBe('tok-2');
    expect(await provider.getToken()).toBe('tok-2');
    expect(await plugin.runs()).toHaveLength(2);
  });

  it('renews the credential 10 s before its expirationTimestamp, not earlier', async () => {
    const { plugin, clock, provider } = await setup({ PLUGIN_EXPIRES: new Date(T0 + 60_000).toISOString() });
    expect(await provider.getToken()).toBe('tok-1');
    clock.now = T0 + 49_999;
    expect(await provider.getToken()).toBe('tok-1');
    clock.now = T0 + 50_000;
    expect(await provider.getToken()).toBe('tok-2');
    expect(await plugin.runs()).toHaveLength(2);
  });

  it('honours a configured expiry margin', async () => {
    const { clock, provider } = await setup({ PLUGIN_EXPIRES: new Date(T0 + 60_000).toISOString() }, {}, { expiryMarginMs: 0 });
    await provider.getToken();
    clock.now = T0 + 59_999;
    expect(await provider.getToken()).toBe('tok-1');
    clock.now = T0 + 60_000;
    expect(await provider.getToken()).toBe('tok-2');
  });

  it('runs the plugin once for ten concurrent requests', async () => {
    const { plugin, provider } = await setup();
    const tokens = await Promise.all(Array.from({ length: 10 }, () => provider.getToken()));
    expect(new Set(tokens)).toEqual(new Set(['tok-1']));
    expect(await plugin.runs()).toHaveLength(1);
  });

  it('runs once for several concurrent 401 retries (forceRefresh), then serves the new token', async () => {
    const { plugin, provider } = await setup();
    await provider.getToken();
    const tokens = await Promise.all(Array.from({ length: 5 }, () => provider.getToken({ forceRefresh: true })));
    expect(new Set(tokens)).toEqual(new Set(['tok-2']));
    expect(await provider.getToken()).toBe('tok-2');
    expect(await plugin.runs()).toHaveLength(2);
  });

  it('does not cache a failure: the next call runs the plugin again', async () => {
    const { plugin, provider } = await setup({ PLUGIN_MODES: 'garbage,ok' });
    await expect(provider.getToken()).rejects.toSatisfy((e) => isKubeConfigError(e, 'ExecInvalidOutput'));
    expect(await provider.getToken()).toBe('tok-2');
    expect(await plugin.runs()).toHaveLength(2);
  });
});

describe('ExecCredentialProvider: what the plugin sees', () => {
  it('gets the args, the env on top of the base env, and KUBERNETES_EXEC_INFO without cluster by default', async () => {
    const { plugin, provider } = await setup(
      { PLUGIN_EXTRA: 'from-base' },
      { args: ['get-token', '--cluster=c1'], env: [{ name: 'PLUGIN_EXTRA', value: 'from-kubeconfig' }] },
    );
    await provider.getToken();
    const [run] = await plugin.runs();
    expect(run?.argv).toEqual(['get-token', '--cluster=c1']);
    expect(run?.extra).toBe('from-kubeconfig');
    expect(JSON.parse(run?.info ?? '')).toEqual({ apiVersion: V1, kind: 'ExecCredential', spec: { interactive: false } });
  });

  it('passes spec.cluster when cluster info is provided', async () => {
    const cluster = { server: 'https://kube.test:6443', 'certificate-authority-data': 'Q0E=', config: { region: 'cn-hangzhou' } };
    const { plugin, provider } = await setup({}, { cluster, apiVersion: 'client.authentication.k8s.io/v1beta1' });
    await provider.getToken();
    const info = JSON.parse((await plugin.runs())[0]?.info ?? '') as { apiVersion: string; spec: unknown };
    expect(info).toEqual({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', spec: { cluster, interactive: false } });
  });

  it('gives the plugin an empty stdin, so one that reads it does not hang', async () => {
    const { provider } = await setup({ PLUGIN_MODES: 'read-stdin' });
    expect(await provider.getToken()).toBe('tok-1');
  });

  it('returns client certificates from getCredential but refuses them in getToken', async () => {
    const { provider } = await setup({ PLUGIN_MODES: 'cert' });
    expect(await provider.getCredential()).toMatchObject({ clientCertificateData: 'CERT', clientKeyData: 'KEY-tok-1' });
    await expect(provider.getToken()).rejects.toSatisfy((e) => isKubeConfigError(e, 'Unsupported'));
  });
});

describe('ExecCredentialProvider: failures are typed and never leak credentials', () => {
  it('names the command and quotes the installHint when the command is not found', async () => {
    const provider = new ExecCredentialProvider(
      { command: 'eci-no-such-plugin', apiVersion: V1, installHint: 'Install it with: brew install eci-no-such-plugin' },
      { env: { PATH: dir }, origin: { file: '/home/me/.kube/config', key: 'users[me].user.exec' } },
    );
    const error = await failure(provider.getToken());
    expect(isKubeConfigError(error, 'ExecNotFound')).toBe(true);
    expect(error.message).toContain('"eci-no-such-plugin"');
    expect(error.message).toContain('Install it with: brew install eci-no-such-plugin');
    expect(error).toMatchObject({ file: '/home/me/.kube/config', key: 'users[me].user.exec' });
  });

  it('quotes stderr, truncated, on a non-zero exit, with the printed token redacted', async () => {
    const { provider } = await setup({ PLUGIN_MODES: 'fail' });
    const error = await failure(provider.getToken());
    expect(isKubeConfigError(error, 'ExecFailed')).toBe(true);
    expect(error.message).toContain('exited with code 3');
    expect(error.message).toContain('login failed for [REDACTED]');
    expect(error.message).toContain('(truncated)');
    expect(error.message.length).toBeLessThan(1_400);
    expect(everythingAbout(error)).not.toContain('tok-1');
  });

  it('redacts the cached token when a later run fails and echoes it', async () => {
    const { provider } = await setup({ PLUGIN_MODES: 'ok,fail' });
    expect(await provider.getToken()).toBe('tok-1');
    const error = await failure(provider.getToken({ forceRefresh: true }));
    expect(everythingAbout(error)).not.toMatch(/tok-[12]\b/);
  });

  it.each([
    ['garbage', /1?\d+ bytes that are not JSON/],
    ['wrong-version', /configured to use API version client\.authentication\.k8s\.io\/v1, but printed apiVersion "client\.authentication\.k8s\.io\/v1alpha1"/],
    ['no-status', /without a status/],
    ['bad-expiry', /expirationTimestamp "tomorrow", which is not an RFC 3339 time/],
  ])('rejects %s output with ExecInvalidOutput and no token in sight', async (mode, message) => {
    const { provider } = await setup({ PLUGIN_MODES: mode, PLUGIN_TOKEN_PREFIX: 'sekrit' });
    const error = await failure(provider.getToken());
    expect(isKubeConfigError(error, 'ExecInvalidOutput')).toBe(true);
    expect(error.message).toMatch(message);
    expect(everythingAbout(error)).not.toContain('sekrit');
  });

  it('kills a plugin that hangs after the timeout', async () => {
    const { provider } = await setup({ PLUGIN_MODES: 'hang' }, {}, { timeoutMs: 300 });
    const error = await failure(provider.getToken());
    expect(isKubeConfigError(error, 'ExecFailed')).toBe(true);
    expect(error.message).toMatch(/was stopped by SIGTERM after 300 ms/);
  });

  it('does not show the token in util.inspect or JSON.stringify of the provider', async () => {
    const { provider } = await setup({ PLUGIN_TOKEN_PREFIX: 'sekrit' });
    expect(await provider.getToken()).toBe('sekrit-1');
    expect(inspect(provider, { showHidden: true, depth: 10 }) + JSON.stringify(provider)).not.toContain('sekrit');
  });
});

describe('exec from a kubeconfig', () => {
  it('resolves a relative command against the kubeconfig directory and passes env, args and cluster info', async () => {
    const plugin = await writeExecPlugin(dir, 'kubeconfig-plugin');
    const file = join(dir, 'exec-kubeconfig.yaml');
    await writeFile(
      file,
      [
        'current-context: ctx',
        'clusters:',
        '- name: c',
        '  cluster:',
        '    server: https://kube.test:6443',
        '    certificate-authority-data: ' + Buffer.from('-----BEGIN CERTIFICATE-----\n').toString('base64'),
        '    extensions:',
        '    - name: client.authentication.k8s.io/exec',
        '      extension: {audience: eci}',
        'users:',
        '- name: u',
        '  user:',
        '    exec:',
        '      apiVersion: client.authentication.k8s.io/v1',
        '      command: ./kubeconfig-plugin',
        '      args: [token]',
        '      interactiveMode: Never',
        '      provideClusterInfo: true',
        '      env:',
        `      - {name: PLUGIN_LOG, value: ${JSON.stringify(plugin.log)}}`,
        '      - {name: PLUGIN_TOKEN_PREFIX, value: kc}',
        'contexts:',
        '- name: ctx',
        '  context: {cluster: c, user: u}',
      ].join('\n'),
    );
    const { connection } = await loadKubeConfig({ path: file, env: { PATH: process.env['PATH'] } });
    expect(connection.token).toBeUndefined();
    expect(await connection.credentials?.getToken()).toBe('kc-1');
    const [run] = await plugin.runs();
    expect(run?.argv).toEqual(['token']);
    expect(JSON.parse(run?.info ?? '')).toEqual({
      apiVersion: V1,
      kind: 'ExecCredential',
      spec: {
        interactive: false,
        cluster: {
          server: 'https://kube.test:6443',
          'certificate-authority-data': Buffer.from('-----BEGIN CERTIFICATE-----\n').toString('base64'),
          config: { audience: 'eci' },
        },
      },
    });
  });
});
