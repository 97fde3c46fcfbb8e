/**
 * Real server only: RBAC and authentication end to end. A read-only token lists but gets a typed
 * Forbidden on create, a bad token a typed Unauthorized that does not leak it, and the in-cluster
 * code path works with a real service-account token from the TokenRequest API.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageCacheClient, isForbidden, isKubernetesApiError, isUnauthorized, isWatchFailedError } from '../../src/client/index.js';
import { CONTRACT_CLIENT_OPTIONS } from '../contract/target.js';
import { rawRequest, rawRequestExpecting } from '../contract/support/raw-request.js';
import { useContractTarget } from '../contract/support/setup.js';
import { k8sCluster, type K8sCluster } from './support.js';

const contract = useContractTarget();
let cluster: K8sCluster;
const clients: ImageCacheClient[] = [];
let workDir: string;

beforeAll(async () => {
  cluster = k8sCluster();
  workDir = await mkdtemp(join(tmpdir(), 'k8s-auth-'));
});
afterAll(async () => {
  for (const client of clients) client.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const clientWith = (token: string) => {
  const client = new ImageCacheClient({ ...cluster.admin, token }, { ...CONTRACT_CLIENT_OPTIONS, watchRetry: false });
  clients.push(client);
  return client;
};

/** The error neither says nor serializes the secret. */
function expectNoSecret(error: unknown, ...secrets: string[]) {
  const views = [String(error), JSON.stringify(error), inspect(error, { depth: 10, showHidden: true })];
  for (const secret of secrets) for (const view of views) expect(view).not.toContain(secret);
}

describe('a read-only token', () => {
  it('lists and gets, but a create is a typed Forbidden naming the user and the verb', async () => {
    const name = contract.scope.name('seen-by-reader');
    await contract.target.client.create(contract.scope.manifest(name));
    const reader = clientWith(cluster.readOnlyToken);
    expect((await reader.get(name)).metadata.name).toBe(name);
    expect((await reader.list({ fieldSelector: `metadata.name=${name}` })).items).toHaveLength(1);

    const error = await reader.create(contract.scope.manifest(contract.scope.name('by-reader'))).catch((e: unknown) => e);
    expect(isForbidden(error)).toBe(true);
    expect(isKubernetesApiError(error) && error.status.message).toBe(
      'imagecaches.eci.alibabacloud.com is forbidden: User "eci-reader" cannot create resource "imagecaches" in API group "eci.alibabacloud.com" at the cluster scope',
    );
    expectNoSecret(error, cluster.readOnlyToken);
    await expect(reader.delete(name)).rejects.toSatisfy(isForbidden);
  });
});

describe('a bad token', () => {
  it('is a typed Unauthorized on requests and on a watch, and never appears in the error', async () => {
    const bogus = `bogus-${'x'.repeat(24)}`;
    const stranger = clientWith(bogus);
    const error = await stranger.list().catch((e: unknown) => e);
    expect(isUnauthorized(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 401, reason: 'Unauthorized' });
    expectNoSecret(error, bogus, cluster.readOnlyToken);

    const watchError = await (async () => {
      for await (const _event of stranger.watch()) return undefined;
      return undefined;
    })().catch((e: unknown) => e);
    expect(isUnauthorized(watchError) || (isWatchFailedError(watchError) && isUnauthorized(watchError.cause))).toBe(true);
    expectNoSecret(watchError, bogus);
  });
});

describe('in cluster', () => {
  it('connects with a real service-account token, CA and namespace files, and is held to that account’s RBAC', async () => {
    const admin = cluster.admin;
    const account = 'ic-reader';
    await rawRequestExpecting([201, 409], admin, 'POST', '/api/v1/namespaces/default/serviceaccounts', {
      body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: account } },
    });
    await rawRequestExpecting([201, 409], admin, 'POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      body: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'ic-reader-service-account' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'imagecache-reader' },
        subjects: [{ kind: 'ServiceAccount', name: account, namespace: 'default' }],
      },
    });
    const tokenRequest = await rawRequestExpecting([201], admin, 'POST', `/api/v1/namespaces/default/serviceaccounts/${account}/token`, {
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 600 } },
    });
    const token = (tokenRequest.json as { status: { token: string } }).status.token;
    expect(token.split('.')).toHaveLength(3);

    const tokenPath = join(workDir, 'token');
    const caPath = join(workDir, 'ca.crt');
    const namespacePath = join(workDir, 'namespace');
    await writeFile(tokenPath, token, { mode: 0o600 });
    await writeFile(caPath, cluster.caData);
    await writeFile(namespacePath, 'default');
    const { hostname, port } = new URL(cluster.server);
    const client = await ImageCacheClient.inCluster(
      { env: { KUBERNETES_SERVICE_HOST: hostname, KUBERNETES_SERVICE_PORT: port }, tokenPath, caPath, namespacePath },
      CONTRACT_CLIENT_OPTIONS,
    );
    clients.push(client);

    const name = contract.scope.name('in-cluster');
    await contract.target.client.create(contract.scope.manifest(name));
    // The binding reaches the authorizer through its informer: allow it a moment, bounded.
    let listed: Awaited<ReturnType<ImageCacheClient['list']>> | undefined;
    for (let attempt = 0; attempt < 50 && !listed; attempt++) {
      listed = await client.list({ fieldSelector: `metadata.name=${name}` }).catch(async (e: unknown) => {
        if (!isForbidden(e)) throw e;
        await new Promise((resolve) => setTimeout(resolve, 100));
        return undefined;
      });
    }
    expect(listed?.items.map((i) => i.metadata.name)).toEqual([name]);

    const error = await client.create(contract.scope.manifest(contract.scope.name('by-service-account'))).catch((e: unknown) => e);
    expect(isForbidden(error)).toBe(true);
    expect(isKubernetesApiError(error) && error.status.message).toContain(
      'User "system:serviceaccount:default:ic-reader" cannot create resource "imagecaches"',
    );
    expectNoSecret(error, token);

    const whoami = await rawRequest({ ...admin, token }, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    expect((whoami.json as { status: { userInfo: { username: string } } }).status.userInfo.username).toBe('system:serviceaccount:default:ic-reader');
  });
});
