/**
 * Contract: replace with optimistic concurrency, and the three patch types a custom resource
 * accepts (JSON merge patch, JSON Patch, server-side apply) with their server semantics.
 */
import { describe, expect, it } from 'vitest';
import { isConflict, isInvalid, isKubernetesApiError } from '../../src/client/index.js';
import { COLLECTION_PATH } from '../../src/client/paths.js';
import type { ImageCache } from '../../src/types/index.js';
import { isImageCacheValidationError } from '../../src/validation/index.js';
import { rawRequestExpecting } from './support/raw-request.js';
import { useContractTarget } from './support/setup.js';

const contract = useContractTarget();
const QUALIFIED = 'imagecaches.eci.alibabacloud.com';

describe('replace', () => {
  it('replaces the spec, bumping resourceVersion and generation', async () => {
    const { client } = contract.target;
    const name = contract.scope.name('replace');
    const created = await client.create(contract.scope.manifest(name));
    const replaced = await client.replace({ ...created, spec: { images: ['nginx:1.26'], retentionDays: 30 } });
    expect(replaced.spec).toEqual({ images: ['nginx:1.26'], retentionDays: 30 });
    expect(replaced.metadata.generation).toBe(2);
    expect(replaced.metadata.uid).toBe(created.metadata.uid);
    expect(Number(replaced.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
  });

  it('a replace based on a stale resourceVersion is a typed Conflict, and changes nothing', async () => {
    const { client } = contract.target;
    const name = contract.scope.name('stale');
    const stale = await client.create(contract.scope.manifest(name));
    const current = await client.replace({ ...stale, spec: { images: ['nginx:2'] } });
    const error = await client.replace({ ...stale, spec: { images: ['nginx:3'] } }).catch((e: unknown) => e);
    expect(isConflict(error)).toBe(true);
    expect(isKubernetesApiError(error) && error.status).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: `Operation cannot be fulfilled on ${QUALIFIED} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      details: { name, group: 'eci.alibabacloud.com', kind: 'imagecaches' },
    });
    expect((await client.get(name)).metadata.resourceVersion).toBe(current.metadata.resourceVersion);
  });

  it('a replace without resourceVersion is refused by the client before sending', async () => {
    const { client } = contract.target;
    const name = contract.scope.name('no-version');
    const created = await client.create(contract.scope.manifest(name));
    const { resourceVersion: _dropped, ...metadata } = created.metadata;
    const error = await client.replace({ ...created, metadata }).catch((e: unknown) => e);
    expect(isImageCacheValidationError(error)).toBe(true);
  });
});

describe('JSON merge patch', () => {
  it('sets and removes fields; arrays are replaced whole', async () => {
    const { client } = contract.target;
    const name = contract.scope.name('merge');
    await client.create(contract.scope.manifest(name, { images: ['a', 'b'], retentionDays: 3 }, { team: 'web' }));
    const patched = await client.patch(name, {
      metadata: { labels: { team: null, tier: 'front' } },
      spec: { images: ['c'], retentionDays: null, imageCacheSize: 40 },
    });
    expect(patched.metadata.labels).toEqual({ ...contract.scope.labels, tier: 'front' });
    expect(patched.spec).toEqual({ images: ['c'], imageCacheSize: 40 });
  });

  it('drops nulls inside the values it adds, as the server merges them', async () => {
    const { client, connection } = contract.target;
    const name = contract.scope.name('merge-nulls');
    await client.create(contract.scope.manifest(name));
    const patched = await client.patch(name, { metadata: { annotations: { gone: null } } });
    // An annotation map left empty is no map at all.
    expect(patched.metadata.annotations).toBeUndefined();
    const status = await rawRequestExpecting([200], connection, 'PATCH', `${COLLECTION_PATH}/${name}/status`, {
      body: { status: { phase: 'Creating', reason: null, events: [{ reason: 'Pulling', eventTime: null, metadata: { name: 'e', creationTimestamp: null } }] } },
      contentType: 'application/merge-patch+json',
    });
    expect((status.json as ImageCache).status).toEqual({ phase: 'Creating', events: [{ reason: 'Pulling', metadata: { name: 'e' } }] });
  });

  it('a resourceVersion in a merge patch is a precondition', async () => {
    const { client } = contract.target;
    const name = contract.scope.name('merge-version');
    const created = await client.create(contract.scope.manifest(name));
    await client.patch(name, { spec: { retentionDays: 1 } });
    const error = await client
      .patch(name, { metadata: { resourceVersion: created.metadata.resourceVersion ?? '' }, spec: { retentionDays: 2 } })
      .catch((e: unknown) => e);
    expect(isConflict(error)).toBe(true);
  });
});

describe('JSON Patch', () => {
  it('applies operations in order; a failed test operation rejects the whole patch', async () => {
    const { client } = contract.target;
    const name = contract.scope.name('json');
    await client.create(contract.scope.manifest(name, { images: ['a'] }));
    const patched = await client.patch(
      name,
      [
        { op: 'add', path: '/spec/images/-', value: 'b' },
        { op: 'add', path: '/spec/retentionDays', value: 3 },
        { op: 'replace', path: '/spec/images/0', value: 'z' },
        { op: 'test', path: '/spec/retentionDays', value: 3 },
      ],
      { type: 'json' },
    );
    expect(patched.spec).toEqual({ images: ['z', 'b'], retentionDays: 3 });

    const error = await client
      .patch(
        name,
        [
          { op: 'test', path: '/spec/retentionDays', value: 4 },
          { op: 'remove', path: '/spec/retentionDays' },
        ],
        { type: 'json' },
      )
      .catch((e: unknown) => e);
    expect(isInvalid(error)).toBe(true);
    expect((await client.get(name)).spec.retentionDays).toBe(3);
  });
});

describe('server-side apply', () => {
  const config = (name: string, spec: Record<string, unknown>, labels: Record<string, string> = {}) => ({
    metadata: { name, labels: { ...contract.scope.labels, ...labels } },
    spec,
  });

  it('creates a missing cache, then updates the fields it applies', async () => {
    const { client } = contract.target;
    const name = contract.scope.name('apply');
    const created = await client.patch(name, config(name, { images: ['nginx'], retentionDays: 3 }), { type: 'apply' });
    expect(created.spec).toEqual({ images: ['nginx'], retentionDays: 3 });
    expect(created.metadata.generation).toBe(1);
    const updated = await client.patch(name, config(name, { images: ['nginx'], retentionDays: 5 }), { type: 'apply' });
    expect(updated.spec).toEqual({ images: ['nginx'], retentionDays: 5 });
    expect(updated.metadata.uid).toBe(created.metadata.uid);
  });

  it('a field the manager applied before and leaves out now is removed', async () => {
    const { client } = contract.target;
    const name = contract.scope.name('apply-drop');
    await client.patch(name, config(name, { images: ['nginx'], retentionDays: 3 }, { tier: 'x' }), { type: 'apply' });
    const after = await client.patch(name, config(name, { images: ['nginx'] }), { type: 'apply' });
    expect(after.spec).toEqual({ images: ['nginx'] });
    expect(after.metadata.labels).toEqual(contract.scope.labels);
  });

  it('a field another manager set is a Conflict unless forced; a field it only shares is kept', async () => {
    const { client } = contract.target;
    const name = contract.scope.name('apply-conflict');
    await client.patch(name, config(name, { images: ['nginx'] }), { type: 'apply' });
    await client.patch(name, { spec: { imageCacheSize: 50 } }, { fieldManager: 'contract-other' });

    const error = await client.patch(name, config(name, { images: ['nginx'], imageCacheSize: 60 }), { type: 'apply' }).catch((e: unknown) => e);
    expect(isConflict(error)).toBe(true);
    expect(isKubernetesApiError(error) && error.status.message).toBe(
      'Apply failed with 1 conflict: conflict with "contract-other" using eci.alibabacloud.com/v1: .spec.imageCacheSize',
    );
    expect((await client.get(name)).spec.imageCacheSize).toBe(50);

    const forced = await client.patch(name, config(name, { images: ['nginx'], imageCacheSize: 60 }), { type: 'apply', force: true });
    expect(forced.spec.imageCacheSize).toBe(60);
    // The other manager lost the field to the forced apply, so dropping it now removes it.
    const dropped = await client.patch(name, config(name, { images: ['nginx'] }), { type: 'apply' });
    expect(dropped.spec).toEqual({ images: ['nginx'] });

    // Applying the value another manager already set shares the field: dropping it later keeps it.
    await client.patch(name, { spec: { retentionDays: 9 } }, { fieldManager: 'contract-other' });
    await client.patch(name, config(name, { images: ['nginx'], retentionDays: 9 }), { type: 'apply' });
    const shared = await client.patch(name, config(name, { images: ['nginx'] }), { type: 'apply' });
    expect(shared.spec).toEqual({ images: ['nginx'], retentionDays: 9 });
  });
});
