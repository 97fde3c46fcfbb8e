import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInCluster, isKubeConfigError, loadDefaultConfig, loadInClusterConfig, type InClusterOptions } from '../../src/client/kubeconfig/index.js';
import { makeTempDir } from './helpers/tmp.js';
import { kubeconfigYaml, writeFiles } from './helpers/write.js';

let root: string;
let cleanup: () => Promise<void>;
let n = 0;
beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('in-cluster'));
});
afterAll(async () => cleanup?.());

const CA = '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n';
const POD_ENV = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };

/** A fake service-account mount and the options pointing at it. */
async function serviceAccount(files: { token?: string; ca?: string; namespace?: string } = { token: 'sa-token-1\n', ca: CA, namespace: 'kube-apps\n' }) {
  const dir = join(root, `sa-${++n}`);
  await writeFiles(dir, {
    placeholder: '',
    ...(files.token !== undefined ? { token: files.token } : {}),
    ...(files.ca !== undefined ? { 'ca.crt': files.ca } : {}),
    ...(files.namespace !== undefined ? { namespace: files.namespace } : {}),
  });
  const clock = { now: 1_000_000 };
  const options: InClusterOptions = {
    env: POD_ENV,
    tokenPath: join(dir, 'token'),
    caPath: join(dir, 'ca.crt'),
    namespacePath: join(dir, 'namespace'),
    now: () => clock.now,
  };
  return { dir, clock, options };
}

describe('loadInClusterConfig', () => {
  it('builds the connection from the service environment and the mounted files', async () => {
    const { options } = await serviceAccount();
    const result = await loadInClusterConfig(options);
    expect(result).toMatchObject({ contextName: 'in-cluster', namespace: 'kube-apps', warnings: [] });
    expect(result.connection).toMatchObject({ server: 'https://10.96.0.1:443', caData: CA });
    expect(result.connection.token).toBeUndefined();
    expect(await result.connection.credentials?.getToken()).toBe('sa-token-1');
  });

  it('brackets an IPv6 service host', async () => {
    const { options } = await serviceAccount();
    const result = await loadInClusterConfig({ ...options, env: { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '6443' } });
    expect(result.connection.server).toBe('https://[fd00::1]:6443');
  });

  it('re-reads the rotated token once a minute, not before', async () => {
    const { dir, clock, options } = await serviceAccount();
    const { connection } = await loadInClusterConfig({ ...options, tokenFileMaxAgeMs: 10 * 60_000 });
    expect(await connection.credentials?.getToken()).toBe('sa-token-1');
    await writeFile(join(dir, 'token'), 'sa-token-2');
    clock.now += 59_999;
    expect(await connection.credentials?.getToken()).toBe('sa-token-1');
    clock.now += 1;
    expect(await connection.credentials?.getToken()).toBe('sa-token-2');
  });

  it('re-reads at once after a 401 (forceRefresh)', async () => {
    const { dir, options } = await serviceAccount();
    const { connection } = await loadInClusterConfig(options);
    await connection.credentials?.getToken();
    await writeFile(join(dir, 'token'), 'sa-token-rotated');
    expect(await connection.credentials?.getToken({ forceRefresh: true })).toBe('sa-token-rotated');
  });

  it('is NotInCluster without the service environment, or without a token', async () => {
    const { options } = await serviceAccount();
    await expect(loadInClusterConfig({ ...options, env: { KUBERNETES_SERVICE_HOST: '10.0.0.1' } })).rejects.toSatisfy((e) =>
      isKubeConfigError(e, 'NotInCluster'),
    );
    const noToken = await serviceAccount({ ca: CA });
    await expect(loadInClusterConfig(noToken.options)).rejects.toMatchObject({ reason: 'NotInCluster', file: noToken.options.tokenPath });
  });

  it('goes on with the system roots and a warning when the CA is missing', async () => {
    const { options } = await serviceAccount({ token: 't' });
    const result = await loadInClusterConfig(options);
    expect(result.connection.caData).toBeUndefined();
    expect(result.namespace).toBeUndefined();
    expect(result.warnings).toEqual([expect.stringContaining('system roots')]);
  });

  it('isInCluster follows the two variables', () => {
    expect(isInCluster(POD_ENV)).toBe(true);
    expect(isInCluster({ KUBERNETES_SERVICE_HOST: 'x' })).toBe(false);
    expect(isInCluster({})).toBe(false);
  });
});

describe('loadDefaultConfig: KUBECONFIG, else ~/.kube/config, else in-cluster', () => {
  async function home(files: Record<string, string>): Promise<string> {
    const dir = join(root, `home-${++n}`);
    await writeFiles(dir, { placeholder: '', ...files });
    return dir;
  }

  it('uses KUBECONFIG first, even when ~/.kube/config exists and the pod variables are set', async () => {
    const homeDir = await home({ '.kube/config': kubeconfigYaml('{server: "https://home.test"}'), 'env.yaml': kubeconfigYaml('{server: "https://env.test"}') });
    const result = await loadDefaultConfig({ homeDir, env: { ...POD_ENV, KUBECONFIG: join(homeDir, 'env.yaml') } });
    expect(result.connection.server).toBe('https://env.test');
  });

  it('uses ~/.kube/config without KUBECONFIG, even in a pod', async () => {
    const homeDir = await home({ '.kube/config': kubeconfigYaml('{server: "https://home.test"}') });
    expect((await loadDefaultConfig({ homeDir, env: POD_ENV })).connection.server).toBe('https://home.test');
  });

  it('falls back to in-cluster when no kubeconfig file holds anything', async () => {
    const { options } = await serviceAccount();
    for (const env of [POD_ENV, { ...POD_ENV, KUBECONFIG: '/nonexistent/a:/nonexistent/b' }]) {
      const result = await loadDefaultConfig({ ...options, homeDir: await home({}), env });
      expect(result.contextName).toBe('in-cluster');
    }
    const emptyFile = await home({ '.kube/config': '' });
    expect((await loadDefaultConfig({ ...options, homeDir: emptyFile })).contextName).toBe('in-cluster');
  });

  it('is NoConfiguration outside a pod without any kubeconfig, naming where it looked', async () => {
    const homeDir = await home({});
    await expect(loadDefaultConfig({ homeDir, env: {} })).rejects.toSatisfy(
      (e) => isKubeConfigError(e, 'NoConfiguration') && String(e).includes(join(homeDir, '.kube', 'config')) && String(e).includes('KUBERNETES_SERVICE_HOST'),
    );
  });

  it('does not fall back when a context was asked for, or an explicit path is missing', async () => {
    const { options } = await serviceAccount();
    await expect(loadDefaultConfig({ ...options, homeDir: await home({}), context: 'prod' })).rejects.toSatisfy((e) => isKubeConfigError(e, 'NoConfiguration'));
    await expect(loadDefaultConfig({ ...options, homeDir: await home({}), path: '/nonexistent/config' })).rejects.toSatisfy((e) =>
      isKubeConfigError(e, 'FileNotFound'),
    );
  });

  it('passes kubeconfig errors through instead of falling back', async () => {
    const { options } = await serviceAccount();
    const homeDir = await home({ '.kube/config': 'clusters: [{name: c, cluster: {server: "https://x"}}]\n' });
    await expect(loadDefaultConfig({ ...options, homeDir })).rejects.toSatisfy((e) => isKubeConfigError(e, 'NoCurrentContext'));
  });
});
