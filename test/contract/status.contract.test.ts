/**
 * Contract: the status subresource. The controller's status survives whole (the CRD's structural
 * schema must declare every field, or the server prunes it), only `/status` changes it, and
 * writes to the main resource leave it alone.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ImageCacheMergePatch } from '../../src/client/index.js';
import { COLLECTION_PATH } from '../../src/client/paths.js';
import type { ImageCache, ImageCacheStatus, Status, StatusCause } from '../../src/types/index.js';
import { FULL_STATUS } from './support/fixtures.js';
import { rawRequestExpecting } from './support/raw-request.js';
import { useContractTarget } from './support/setup.js';

const contract = useContractTarget();

interface SchemaNode {
  readonly properties?: Record<string, SchemaNode>;
  readonly items?: SchemaNode;
}

/** Dotted paths of every property the CRD declares under `node` (array items as `[]`). */
function declaredPaths(node: SchemaNode, prefix = ''): string[] {
  const paths: string[] = [];
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    paths.push(path, ...declaredPaths(child, path));
    if (child.items) paths.push(...declaredPaths(child.items, `${path}[]`));
  }
  return paths;
}

/** Dotted paths present in `value`, the same way. */
function presentPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => presentPaths(item, `${prefix}[]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [path, ...presentPaths(child, path)];
  });
}

const crdStatusSchema = (): SchemaNode => {
  const crd = parse(readFileSync(new URL('../../crds/imagecache.v1.yaml', import.meta.url), 'utf8')) as {
    spec: { versions: { schema: { openAPIV3Schema: { properties: { status: SchemaNode } } } }[] };
  };
  return crd.spec.versions[0]!.schema.openAPIV3Schema.properties.status;
};

describe('status subresource', () => {
  it('the full status fixture sets every status field the CRD declares', () => {
    expect([...new Set(presentPaths(FULL_STATUS))].sort()).toEqual(declaredPaths(crdStatusSchema()).sort());
  });

  it('every status field the controller writes survives, through get and list alike', async () => {
    const { client, connection } = contract.target;
    const name = contract.scope.name('full-status');
    const created = await client.create(contract.scope.manifest(name));
    // A PUT, as a controller writes a status it built: a merge patch would drop the nulls (see writes).
    const res = await rawRequestExpecting([200], connection, 'PUT', `${COLLECTION_PATH}/${name}/status`, { body: { ...created, status: FULL_STATUS } });
    const written = res.json as ImageCache;
    expect(written.status).toEqual(FULL_STATUS);
    expect((await client.get(name)).status).toEqual(FULL_STATUS);
    const listed = await client.list({ fieldSelector: `metadata.name=${name}` });
    expect(listed.items[0]?.status).toEqual(FULL_STATUS);
  });

  it('a status write changes the resourceVersion but neither the spec nor the generation', async () => {
    const { client, connection } = contract.target;
    const name = contract.scope.name('status-only');
    const created = await client.create(contract.scope.manifest(name, { retentionDays: 3 }));
    const res = await rawRequestExpecting([200], connection, 'PATCH', `${COLLECTION_PATH}/${name}/status`, {
      body: { spec: { retentionDays: 9 }, status: { phase: 'Creating', progress: '45%' } },
      contentType: 'application/merge-patch+json',
    });
    const after = res.json as ImageCache;
    expect(after.status).toEqual({ phase: 'Creating', progress: '45%' });
    expect(after.spec).toEqual(created.spec);
    expect(after.metadata.generation).toBe(1);
    expect(after.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);
  });

  it('replace and merge patch of the main resource keep the status as the controller wrote it', async () => {
    const { client, connection } = contract.target;
    const name = contract.scope.name('status-kept');
    const created = await client.create(contract.scope.manifest(name));
    const withStatus = (await rawRequestExpecting([200], connection, 'PUT', `${COLLECTION_PATH}/${name}/status`, { body: { ...created, status: FULL_STATUS } }))
      .json as ImageCache;

    const put = await rawRequestExpecting([200], connection, 'PUT', `${COLLECTION_PATH}/${name}`, {
      body: { ...withStatus, spec: { ...withStatus.spec, retentionDays: 5 }, status: { phase: 'Failed', reason: 'forged' } },
    });
    expect((put.json as ImageCache).spec.retentionDays).toBe(5);
    expect((put.json as ImageCache).status).toEqual(FULL_STATUS);

    // Status is not part of the client's merge-patch type: sent anyway, to show the server ignores it.
    const withForgedStatus = { spec: { retentionDays: 6 }, status: { phase: 'Failed' } } as ImageCacheMergePatch;
    const patched = await client.patch(name, withForgedStatus);
    expect(patched.spec.retentionDays).toBe(6);
    expect(patched.status).toEqual(FULL_STATUS);

    const replaced = await client.replace({ ...patched, spec: { ...patched.spec, retentionDays: 7 } });
    expect(replaced.status).toEqual(FULL_STATUS);
    expect((await client.get(name)).status).toEqual(FULL_STATUS);
  });

  it('a status field outside the schema is pruned, and one of the wrong type is rejected with its path', async () => {
    const { client, connection, setStatus } = contract.target;
    const name = contract.scope.name('status-schema');
    await client.create(contract.scope.manifest(name));
    const written = await setStatus(name, { phase: 'Creating', unknownField: 'dropped' } as ImageCacheStatus);
    expect(written.status).toEqual({ phase: 'Creating' });

    const bad = await rawRequestExpecting([422], connection, 'PATCH', `${COLLECTION_PATH}/${name}/status`, {
      body: { status: { progress: 250, events: [{ count: 'one', metadata: { name: 5 } }] } },
      contentType: 'application/merge-patch+json',
    });
    const status = bad.json as Status;
    expect(status).toMatchObject({ reason: 'Invalid', code: 422, details: { name, kind: 'ImageCache' } });
    // The server validates the status against the status schema alone: messages name the field
    // from there (`startTime in body`), causes from the object's root. Cause order is not stable.
    const byField = (a: StatusCause, b: StatusCause) => ((a.field ?? '') < (b.field ?? '') ? -1 : 1);
    expect([...(status.details?.causes ?? [])].sort(byField)).toEqual(
      [
        { reason: 'FieldValueTypeInvalid', field: 'status.progress', message: 'Invalid value: "integer": progress in body must be of type string: "integer"' },
        {
          reason: 'FieldValueTypeInvalid',
          field: 'status.events[0].count',
          message: 'Invalid value: "string": events[0].count in body must be of type integer: "string"',
        },
        {
          reason: 'FieldValueTypeInvalid',
          field: 'status.events[0].metadata.name',
          message: 'Invalid value: "integer": events[0].metadata.name in body must be of type string: "integer"',
        },
      ].sort(byField),
    );
    expect((await client.get(name)).status).toEqual({ phase: 'Creating' });
  });
});

describe('generation', () => {
  it('moves with spec changes only: not with labels, annotations or status', async () => {
    const { client, setStatus } = contract.target;
    const name = contract.scope.name('generation');
    expect((await client.create(contract.scope.manifest(name))).metadata.generation).toBe(1);
    expect((await client.patch(name, { metadata: { annotations: { note: 'x' } } })).metadata.generation).toBe(1);
    expect((await setStatus(name, { phase: 'Pending' })).metadata.generation).toBe(1);
    expect((await client.patch(name, { spec: { retentionDays: 2 } })).metadata.generation).toBe(2);
    expect((await client.patch(name, { spec: { retentionDays: 2 } })).metadata.generation).toBe(2);
    expect((await client.patch(name, { spec: { imageCacheSize: 40 } })).metadata.generation).toBe(3);
  });
});
