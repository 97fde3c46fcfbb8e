/**
 * Contract: the CRD never rejects what ECI's controller writes. Status fields carry types only
 * (no pattern, enum or format), so a fractional or empty progress, a phase this SDK does not know
 * and a time in another layout are stored as written, and the SDK reads them back without fuss.
 */
import { describe, expect, it } from 'vitest';
import { COLLECTION_PATH } from '../../src/client/paths.js';
import { selectImageCache } from '../../src/matching/index.js';
import type { ImageCache, ImageCacheStatus } from '../../src/types/index.js';
import { rawRequestExpecting } from './support/raw-request.js';
import { useContractTarget } from './support/setup.js';

const contract = useContractTarget();

const WRITES: readonly [string, Partial<ImageCacheStatus>][] = [
  ['a fractional progress', { phase: 'Creating', progress: '45.5%', imageCacheId: 'imc-tolerant' }],
  ['an empty progress', { phase: 'Creating', progress: '' }],
  ['a phase this SDK does not know', { phase: 'Migrating', progress: '100%' }],
  ['times in other layouts, and an empty one', { startTime: '2024-06-01 10:00:00', lastUpdatedTime: '1717236000', expireDateTime: '' }],
];

describe('status the controller writes is never rejected', () => {
  it.each(WRITES)('accepts %s through a merge patch of /status, and reads it back', async (_name, status) => {
    const { client, setStatus } = contract.target;
    const name = contract.scope.name('tolerant');
    await client.create(contract.scope.manifest(name));
    expect((await setStatus(name, status)).status).toEqual(status);
    expect((await client.get(name)).status).toEqual(status);
    const listed = await client.list({ fieldSelector: `metadata.name=${name}` });
    expect(listed.items[0]?.status).toEqual(status);
  });

  it('accepts all of them at once through a PUT of /status, and matching reads the result', async () => {
    const { client, connection } = contract.target;
    const name = contract.scope.name('tolerant-put');
    const created = await client.create(contract.scope.manifest(name, { images: ['nginx:1.25'] }));
    const status: ImageCacheStatus = { phase: 'Migrating', progress: '45.5%', imageCacheId: 'imc-odd', startTime: 'soon', expireDateTime: '' };
    const res = await rawRequestExpecting([200], connection, 'PUT', `${COLLECTION_PATH}/${name}/status`, { body: { ...created, status } });
    expect((res.json as ImageCache).status).toEqual(status);
    const stored = await client.get(name);
    const pod = { kind: 'Pod', metadata: { annotations: { 'k8s.aliyun.com/eci-imc-id': 'imc-odd' } }, spec: { containers: [{ image: 'nginx:1.25' }] } };
    const selection = selectImageCache(pod, [stored]);
    expect(selection).toMatchObject({ outcome: 'explicit-not-ready', willFail: true });
    expect(selection.explanation).toContain('phase is Migrating, not Ready');
  });
});
