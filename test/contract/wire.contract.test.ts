/**
 * Contract at the HTTP level: answers the client never needs to parse but users see in logs and
 * CLI output, held to kube-apiserver's wording. Each case here once differed in the emulator.
 */
import { describe, expect, it } from 'vitest';
import { COLLECTION_PATH } from '../../src/client/paths.js';
import type { ImageCache, Status } from '../../src/types/index.js';
import { rawRequest } from './support/raw-request.js';
import { useContractTarget } from './support/setup.js';

const contract = useContractTarget();
const manifest = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'eci.alibabacloud.com/v1',
  kind: 'ImageCache',
  ...contract.scope.manifest(name),
  ...extra,
});
const post = (body: unknown, query = '') => rawRequest(contract.target.connection, 'POST', `${COLLECTION_PATH}${query}`, { body });

describe('objects', () => {
  it('empty annotations and finalizers are not stored', async () => {
    const name = contract.scope.name('empty-meta');
    const res = await post(manifest(name, { metadata: { name, labels: contract.scope.labels, annotations: {}, finalizers: [] } }));
    expect(res.status).toBe(201);
    const created = res.json as ImageCache;
    expect(created.metadata.labels).toEqual(contract.scope.labels);
    expect(created.metadata).not.toHaveProperty('annotations');
    expect(created.metadata).not.toHaveProperty('finalizers');
  });

  it('a create without a name is 422 naming the kind, with no name in the details', async () => {
    const res = await post({
      apiVersion: 'eci.alibabacloud.com/v1',
      kind: 'ImageCache',
      metadata: { labels: contract.scope.labels },
      spec: { images: ['nginx'] },
    });
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({
      message: 'ImageCache.eci.alibabacloud.com "" is invalid: metadata.name: Required value: name or generateName is required',
    });
    expect((res.json as Status).details).toEqual({
      group: 'eci.alibabacloud.com',
      kind: 'ImageCache',
      causes: [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }],
    });
  });

  it('strict field validation rejects an unknown field, saying which type could not be decoded', async () => {
    const name = contract.scope.name('strict');
    const res = await post(manifest(name, { spec: { images: ['nginx'], imageCacheSzie: 40 } }), '?fieldValidation=Strict');
    expect(res.status).toBe(400);
    expect((res.json as Status).message).toBe(
      'ImageCache in version "v1" cannot be handled as a ImageCache: strict decoding error: unknown field "spec.imageCacheSzie"',
    );
    const warned = await post(manifest(name, { spec: { images: ['nginx'], imageCacheSzie: 40 } }));
    expect(warned.status).toBe(201);
    expect(warned.headers['warning']).toBe('299 - "unknown field \\"spec.imageCacheSzie\\""');
  });
});

describe('lists', () => {
  it('a cluster-scoped resource has no metadata.namespace field to select on', async () => {
    const res = await rawRequest(contract.target.connection, 'GET', `${COLLECTION_PATH}?fieldSelector=${encodeURIComponent('metadata.namespace=default')}`);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ reason: 'BadRequest', message: 'field label not supported: metadata.namespace' });
  });
});

describe('updates and patches', () => {
  it('a PUT without resourceVersion is 422 naming the resource, not the kind', async () => {
    const name = contract.scope.name('put-no-version');
    await contract.target.client.create(contract.scope.manifest(name));
    const res = await rawRequest(contract.target.connection, 'PUT', `${COLLECTION_PATH}/${name}`, { body: manifest(name) });
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({
      message: `imagecaches.eci.alibabacloud.com "${name}" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update`,
      details: { name, group: 'eci.alibabacloud.com', kind: 'imagecaches' },
    });
  });

  it('a JSON Patch that does not apply is 422 without saying why', async () => {
    const name = contract.scope.name('json-fails');
    await contract.target.client.create(contract.scope.manifest(name));
    for (const operation of [
      { op: 'test', path: '/spec/images/0', value: 'other' },
      { op: 'remove', path: '/spec/nothing' },
    ]) {
      const res = await rawRequest(contract.target.connection, 'PATCH', `${COLLECTION_PATH}/${name}`, {
        body: [operation],
        contentType: 'application/json-patch+json',
      });
      expect(res.status).toBe(422);
      expect(res.json).toMatchObject({ reason: 'Invalid', message: 'the server rejected our request due to an error in our request', details: {} });
    }
  });

  it('apply needs a fieldManager, and force is for apply only', async () => {
    const name = contract.scope.name('patch-options');
    await contract.target.client.create(contract.scope.manifest(name));
    const path = `${COLLECTION_PATH}/${name}`;
    const apply = await rawRequest(contract.target.connection, 'PATCH', path, { body: manifest(name), contentType: 'application/apply-patch+yaml' });
    expect(apply.status).toBe(422);
    expect(apply.json).toMatchObject({
      message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      details: {
        group: 'meta.k8s.io',
        kind: 'PatchOptions',
        causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
      },
    });
    const merge = await rawRequest(contract.target.connection, 'PATCH', `${path}?force=true`, { body: {}, contentType: 'application/merge-patch+json' });
    expect(merge.status).toBe(422);
    expect((merge.json as Status).message).toBe('PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
  });

  it('an apply conflicting with several managers lists each manager with its fields', async () => {
    const name = contract.scope.name('conflicts');
    const path = `${COLLECTION_PATH}/${name}`;
    const send = (manager: string, body: unknown, contentType: string) =>
      rawRequest(contract.target.connection, 'PATCH', `${path}?fieldManager=${manager}`, { body, contentType });
    const applied = await send('first', manifest(name, { spec: { images: ['nginx'], retentionDays: 3 } }), 'application/apply-patch+yaml');
    expect(applied.status).toBe(201);
    expect((await send('second', { metadata: { annotations: { note: 'a' } }, spec: { imageCacheSize: 50 } }, 'application/merge-patch+json')).status).toBe(200);

    const res = await send(
      'third',
      manifest(name, {
        metadata: { name, labels: contract.scope.labels, annotations: { note: 'b' } },
        spec: { images: ['busybox'], imageCacheSize: 60, retentionDays: 3 },
      }),
      'application/apply-patch+yaml',
    );
    expect(res.status).toBe(409);
    expect((res.json as Status).message).toBe(
      'Apply failed with 3 conflicts: conflicts with "first":\n- .spec.images\nconflicts with "second" using eci.alibabacloud.com/v1:\n- .metadata.annotations.note\n- .spec.imageCacheSize',
    );
    const byField = (a: { field?: string }, b: { field?: string }) => ((a.field ?? '') < (b.field ?? '') ? -1 : 1);
    expect([...((res.json as Status).details?.causes ?? [])].sort(byField)).toEqual([
      { reason: 'FieldManagerConflict', message: 'conflict with "second" using eci.alibabacloud.com/v1', field: '.metadata.annotations.note' },
      { reason: 'FieldManagerConflict', message: 'conflict with "second" using eci.alibabacloud.com/v1', field: '.spec.imageCacheSize' },
      { reason: 'FieldManagerConflict', message: 'conflict with "first"', field: '.spec.images' },
    ]);
  });
});
