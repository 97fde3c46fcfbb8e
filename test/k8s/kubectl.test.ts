/**
 * Real server only: what the SDK writes is what kubectl reads, the CRD was installed with kubectl
 * and is structural, and `kubectl get ic` shows the printer columns.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTION_PATH } from '../../src/client/paths.js';
import type { ImageCache } from '../../src/types/index.js';
import { rawRequestExpecting } from '../contract/support/raw-request.js';
import { useContractTarget } from '../contract/support/setup.js';
import { FULL_STATUS } from '../contract/support/fixtures.js';
import { k8sCluster, kubectl, type K8sCluster } from './support.js';

const contract = useContractTarget();
let cluster: K8sCluster;
let cacheDir: string;
const kc = (...args: string[]) => kubectl(cluster.kubeconfigPath, cacheDir, args);

beforeAll(async () => {
  cluster = k8sCluster();
  cacheDir = await mkdtemp(join(tmpdir(), 'k8s-kubectl-'));
});
afterAll(async () => {
  if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
});

describe('the CRD on the real server', () => {
  it('was applied with kubectl, is Established and structural', async () => {
    const res = await rawRequestExpecting(
      [200],
      cluster.admin,
      'GET',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/imagecaches.eci.alibabacloud.com',
    );
    const crd = res.json as { metadata: { annotations?: Record<string, string> }; status: { conditions: { type: string; status: string }[] } };
    expect(crd.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBeTruthy();
    const conditions = Object.fromEntries(crd.status.conditions.map((c) => [c.type, c.status]));
    expect(conditions).toMatchObject({ Established: 'True', NamesAccepted: 'True' });
    expect(conditions['NonStructuralSchema']).toBeUndefined();
  });
});

describe('kubectl reads what the SDK writes', () => {
  it('kubectl get ic -o json returns the object the client created, with every status field the controller wrote', async () => {
    const { client } = contract.target;
    const name = contract.scope.name('kubectl-json');
    const created = await client.create(
      contract.scope.manifest(name, { images: ['nginx:1.25', 'busybox'], imagePullSecrets: ['default:regcred'], imageCacheSize: 40, retentionDays: 7 }),
    );
    await rawRequestExpecting([200], contract.target.connection, 'PUT', `${COLLECTION_PATH}/${name}/status`, { body: { ...created, status: FULL_STATUS } });
    const viaClient = await client.get(name);

    const { code, stdout, stderr } = await kc('get', 'ic', name, '-o', 'json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const viaKubectl = JSON.parse(stdout) as ImageCache;
    // kubectl hides managedFields unless asked (--show-managed-fields); everything else is the same.
    const { managedFields, ...metadata } = viaClient.metadata;
    expect(managedFields?.length).toBeGreaterThan(0);
    expect(viaKubectl).toEqual({ ...viaClient, metadata });
    expect(viaKubectl.status).toEqual(FULL_STATUS);
    expect(viaKubectl.spec).toEqual({ images: ['nginx:1.25', 'busybox'], imagePullSecrets: ['default:regcred'], imageCacheSize: 40, retentionDays: 7 });
  });

  it('kubectl get ic prints NAME, AGE, CACHEID, PHASE and PROGRESS with the status values', async () => {
    const { client, setStatus } = contract.target;
    const name = contract.scope.name('kubectl-columns');
    await client.create(contract.scope.manifest(name));
    await setStatus(name, { phase: 'Creating', progress: '45%', imageCacheId: 'imc-columns0000000001' });

    const { code, stdout } = await kc('get', 'ic', name);
    expect(code).toBe(0);
    const [header, row, ...rest] = stdout.trim().split('\n');
    expect(header?.split(/\s+/)).toEqual(['NAME', 'AGE', 'CACHEID', 'PHASE', 'PROGRESS']);
    expect(rest).toEqual([]);
    const [rowName, age, ...values] = row!.split(/\s+/);
    expect(rowName).toBe(name);
    expect(age).toMatch(/^\d+s$/);
    expect(values).toEqual(['imc-columns0000000001', 'Creating', '45%']);

    const wide = await kc('get', 'imagecaches', '-l', `${Object.keys(contract.scope.labels)[0]}=${contract.scope.runId}`, '--no-headers');
    expect(wide.stdout).toContain(name);
  });
});
