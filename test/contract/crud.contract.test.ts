/**
 * Contract: create, get, delete and their typed failures, as any Kubernetes API server serving
 * the ImageCache CRD answers them.
 */
import { describe, expect, it } from 'vitest';
import { isAlreadyExists, isConflict, isKubernetesApiError, isNotFound, isStatus } from '../../src/client/index.js';
import { COLLECTION_PATH } from '../../src/client/paths.js';
import type { ImageCache } from '../../src/types/index.js';
import { rawRequestExpecting } from './support/raw-request.js';
import { useContractTarget } from './support/setup.js';

const contract = useContractTarget();
const QUALIFIED = 'imagecaches.eci.alibabacloud.com';

describe('create and get', () => {
  it('create answers with the server-set metadata, and get reads the same object back', async () => {
    const { client } = contract.target;
    const name = contract.scope.name('create');
    const created = await client.create(contract.scope.manifest(name, { images: ['nginx:1.25', 'busybox'], retentionDays: 7 }));
    expect(created.apiVersion).toBe('eci.alibabacloud.com/v1');
    expect(created.kind).toBe('ImageCache');
    expect(created.metadata).toMatchObject({ name, generation: 1, labels: contract.scope.labels });
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(Date.parse(created.metadata.creationTimestamp ?? '')).not.toBeNaN();
    expect(created.metadata).not.toHaveProperty('namespace');
    expect(created.spec).toEqual({ images: ['nginx:1.25', 'busybox'], retentionDays: 7 });
    expect(created.status).toBeUndefined();

    const read = await client.get(name);
    expect(read.metadata.uid).toBe(created.metadata.uid);
    expect(read.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(read.spec).toEqual(created.spec);
  });

  it('a second create of the same name is a typed AlreadyExists naming the object', async () => {
    const { client } = contract.target;
    const name = contract.scope.name('twice');
    await client.create(contract.scope.manifest(name));
    const error = await client.create(contract.scope.manifest(name)).catch((e: unknown) => e);
    expect(isAlreadyExists(error)).toBe(true);
    expect(error).toMatchObject({
      statusCode: 409,
      reason: 'AlreadyExists',
      status: { message: `${QUALIFIED} "${name}" already exists`, details: { name, group: 'eci.alibabacloud.com', kind: 'imagecaches' } },
    });
  });

  it('get of a missing cache is a typed NotFound, worded as the server words it', async () => {
    const name = contract.scope.name('missing');
    const error = await contract.target.client.get(name).catch((e: unknown) => e);
    expect(isNotFound(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 404, status: { message: `${QUALIFIED} "${name}" not found`, details: { name, kind: 'imagecaches' } } });
  });

  it('create ignores a status in the request body: status belongs to the controller', async () => {
    const name = contract.scope.name('status-on-create');
    const res = await rawRequestExpecting([201], contract.target.connection, 'POST', COLLECTION_PATH, {
      body: {
        apiVersion: 'eci.alibabacloud.com/v1',
        kind: 'ImageCache',
        ...contract.scope.manifest(name),
        status: { phase: 'Ready', imageCacheId: 'imc-forged' },
      },
    });
    expect((res.json as ImageCache).status).toBeUndefined();
    expect((await contract.target.client.get(name)).status).toBeUndefined();
  });

  it('a dry-run create answers like a create but keeps nothing', async () => {
    const { client } = contract.target;
    const name = contract.scope.name('dry-run');
    const answered = await client.create(contract.scope.manifest(name), { dryRun: true });
    expect(answered.metadata.name).toBe(name);
    expect(answered.metadata.uid).toBeTruthy();
    expect(answered.metadata.generation).toBe(1);
    // Nothing was written, so there is no resourceVersion to report.
    expect(answered.metadata.resourceVersion ?? '').toBe('');
    await expect(client.get(name)).rejects.toSatisfy(isNotFound);
    const listed = await client.list({ fieldSelector: `metadata.name=${name}` });
    expect(listed.items).toEqual([]);
  });
});

describe('delete', () => {
  it('deleting a cache without finalizers answers a Success Status with its uid, and the cache is gone', async () => {
    const { client } = contract.target;
    const name = contract.scope.name('delete');
    const created = await client.create(contract.scope.manifest(name));
    const result = await client.delete(name);
    expect(isStatus(result)).toBe(true);
    expect(result).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Success',
      details: { name, group: 'eci.alibabacloud.com', kind: 'imagecaches', uid: created.metadata.uid },
    });
    await expect(client.get(name)).rejects.toSatisfy(isNotFound);
  });

  it('deleting a cache held by a finalizer answers the object, marked for deletion, until the finalizer goes', async () => {
    const { client } = contract.target;
    const name = contract.scope.name('finalizer');
    await client.create({
      ...contract.scope.manifest(name),
      metadata: { ...contract.scope.manifest(name).metadata, finalizers: ['contract.eci-imagecache.test/hold'] },
    });
    const result = await client.delete(name);
    expect(isStatus(result)).toBe(false);
    const marked = result as ImageCache;
    expect(marked.metadata.name).toBe(name);
    expect(marked.metadata.deletionTimestamp).toBeTruthy();
    expect(marked.metadata.finalizers).toEqual(['contract.eci-imagecache.test/hold']);
    expect((await client.get(name)).metadata.deletionTimestamp).toBe(marked.metadata.deletionTimestamp);

    await client.patch(name, { metadata: { finalizers: null } });
    await expect(client.get(name)).rejects.toSatisfy(isNotFound);
  });

  it('delete preconditions: a stale resourceVersion or another uid is a Conflict, the current ones delete', async () => {
    const { client } = contract.target;
    const name = contract.scope.name('preconditions');
    const created = await client.create(contract.scope.manifest(name));
    const changed = await client.patch(name, { metadata: { annotations: { touched: 'yes' } } });
    const staleVersion = created.metadata.resourceVersion ?? '';
    const currentVersion = changed.metadata.resourceVersion ?? '';

    const stale = await client.delete(name, { preconditions: { resourceVersion: staleVersion } }).catch((e: unknown) => e);
    expect(isConflict(stale)).toBe(true);
    // Worded by the storage layer, which names the kind, not the resource.
    expect(isKubernetesApiError(stale) && stale.status).toMatchObject({
      message: `Operation cannot be fulfilled on ImageCache.eci.alibabacloud.com "${name}": the ResourceVersion in the precondition (${staleVersion}) does not match the ResourceVersion in record (${currentVersion}). The object might have been modified`,
      details: { name, group: 'eci.alibabacloud.com', kind: 'ImageCache' },
    });
    const otherUid = '00000000-0000-4000-8000-000000000000';
    const wrongUid = await client.delete(name, { preconditions: { uid: otherUid } }).catch((e: unknown) => e);
    expect(isConflict(wrongUid)).toBe(true);
    expect(isKubernetesApiError(wrongUid) && wrongUid.status.message).toBe(
      `Operation cannot be fulfilled on ImageCache.eci.alibabacloud.com "${name}": the UID in the precondition (${otherUid}) does not match the UID in record (${created.metadata.uid}). The object might have been deleted and then recreated`,
    );
    expect((await client.get(name)).metadata.uid).toBe(created.metadata.uid);

    await client.delete(name, { preconditions: { uid: created.metadata.uid ?? '', resourceVersion: currentVersion } });
    await expect(client.get(name)).rejects.toSatisfy(isNotFound);
  });

  it('deleting a missing cache is a typed NotFound', async () => {
    await expect(contract.target.client.delete(contract.scope.name('never'))).rejects.toSatisfy(isNotFound);
  });

  it('a dry-run delete keeps the cache', async () => {
    const { client } = contract.target;
    const name = contract.scope.name('dry-delete');
    await client.create(contract.scope.manifest(name));
    await client.delete(name, { dryRun: true });
    expect((await client.get(name)).metadata.name).toBe(name);
  });
});
