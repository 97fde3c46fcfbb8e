/**
 * Contract: what the SDK's validators reject, the server rejects too, with 422 Invalid and the
 * same field paths; and the client rejects it first, without sending anything.
 */
import { describe, expect, it } from 'vitest';
import { ImageCacheClient, isInvalid, isKubernetesApiError } from '../../src/client/index.js';
import { COLLECTION_PATH } from '../../src/client/paths.js';
import type { ImageCacheInput, Status } from '../../src/types/index.js';
import { isImageCacheValidationError, validateImageCache } from '../../src/validation/index.js';
import { rawRequest } from './support/raw-request.js';
import { useContractTarget } from './support/setup.js';

const contract = useContractTarget();

const CASES: readonly { readonly title: string; readonly spec: ImageCacheInput['spec'] }[] = [
  { title: 'imageCacheSize below 20', spec: { images: ['nginx'], imageCacheSize: 10 } },
  { title: 'imageCacheSize above 32768', spec: { images: ['nginx'], imageCacheSize: 40000 } },
  { title: 'retentionDays 0', spec: { images: ['nginx'], retentionDays: 0 } },
  { title: 'no images', spec: { images: [] } },
  { title: '21 images', spec: { images: Array.from({ length: 21 }, (_, i) => `nginx:1.${i}`) } },
];

describe.each(CASES)('$title', ({ spec }) => {
  it('the validator and the server reject it at the same field paths; the client sends nothing', async () => {
    const name = contract.scope.name('invalid');
    const manifest: ImageCacheInput = { ...contract.scope.manifest(name), spec };
    const local = validateImageCache({ apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCache', ...manifest });
    expect(local.success).toBe(false);
    const localPaths = local.success ? [] : [...new Set(local.issues.map((i) => i.path))].sort();
    expect(localPaths.length).toBeGreaterThan(0);

    let sent = 0;
    const client = new ImageCacheClient(contract.target.connection, { ...contract.target.clientOptions, hooks: { onRequest: () => sent++ } });
    try {
      const error = await client.create(manifest).catch((e: unknown) => e);
      expect(isImageCacheValidationError(error)).toBe(true);
      expect(sent).toBe(0);
    } finally {
      client.close();
    }

    const res = await rawRequest(contract.target.connection, 'POST', COLLECTION_PATH, {
      body: { apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCache', ...manifest },
    });
    expect(res.status).toBe(422);
    const status = res.json as Status;
    expect(status).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Invalid',
      code: 422,
      details: { name, group: 'eci.alibabacloud.com', kind: 'ImageCache' },
    });
    const serverPaths = [...new Set((status.details?.causes ?? []).map((c) => c.field))].sort();
    expect(serverPaths).toEqual(localPaths);
  });
});

describe('server-side validation through the client', () => {
  it('a patch the server rejects is a typed Invalid carrying the causes and the server message', async () => {
    const { client } = contract.target;
    const name = contract.scope.name('patch-invalid');
    await client.create(contract.scope.manifest(name));
    const error = await client.patch(name, { spec: { imageCacheSize: 10 } }).catch((e: unknown) => e);
    expect(isInvalid(error)).toBe(true);
    expect(isKubernetesApiError(error) && error.causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        field: 'spec.imageCacheSize',
        message: 'Invalid value: 10: spec.imageCacheSize in body should be greater than or equal to 20',
      },
    ]);
    expect(isKubernetesApiError(error) && error.status.message).toBe(
      `ImageCache.eci.alibabacloud.com "${name}" is invalid: spec.imageCacheSize: Invalid value: 10: spec.imageCacheSize in body should be greater than or equal to 20`,
    );
    expect((await client.get(name)).spec.imageCacheSize).toBeUndefined();
  });

  it('too many images is reported as FieldValueTooMany with the count', async () => {
    const name = contract.scope.name('too-many');
    const images = Array.from({ length: 21 }, (_, i) => `nginx:1.${i}`);
    const res = await rawRequest(contract.target.connection, 'POST', COLLECTION_PATH, {
      body: { apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCache', ...contract.scope.manifest(name), spec: { images } },
    });
    expect((res.json as Status).details?.causes).toEqual([
      { reason: 'FieldValueTooMany', message: 'Too many: 21: must have at most 20 items', field: 'spec.images' },
    ]);
  });
});
