import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ImageCacheClient, isImageCacheSpecConflictError } from '../../src/client/index.js';
import { serverImageCache, statusOf } from './helpers/fixtures.js';

const SERVER = 'http://127.0.0.1:6443';
const COLLECTION = '/apis/eci.alibabacloud.com/v1/imagecaches';
const DESIRED = { metadata: { name: 'web' }, spec: { images: ['nginx:1.25', 'redis:7'], imagePullSecrets: ['default:a', 'default:b'] } };

describe('ensure', () => {
  const client = new ImageCacheClient({ server: SERVER }, { retry: { baseDelayMs: 1, maxDelayMs: 2 } });
  let unmatched = 0;
  const countUnmatched = (): void => {
    unmatched++;
  };
  beforeAll(() => {
    nock.disableNetConnect();
    nock.emitter.on('no match', countUnmatched);
  });
  afterAll(() => {
    nock.emitter.off('no match', countUnmatched);
    nock.enableNetConnect();
    client.close();
  });
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    expect(unmatched).toBe(0);
    nock.cleanAll();
  });

  it('creates the cache when it is missing', async () => {
    nock(SERVER)
      .get(`${COLLECTION}/web`)
      .reply(404, statusOf(404, 'NotFound', 'not found'));
    nock(SERVER)
      .post(COLLECTION)
      .reply(201, serverImageCache('web', { spec: DESIRED.spec }));
    const result = await client.ensure(DESIRED);
    expect(result.created).toBe(true);
    expect(result.imageCache.spec.images).toEqual(['nginx:1.25', 'redis:7']);
  });

  it('returns the existing cache when its spec means the same (defaulted size, reordered secrets and keys)', async () => {
    const existing = serverImageCache('web', {
      spec: { imageCacheSize: 20, imagePullSecrets: ['default:b', 'default:a'], images: ['nginx:1.25', 'redis:7'] },
      status: { phase: 'Ready' },
    });
    nock(SERVER).get(`${COLLECTION}/web`).reply(200, existing);
    const result = await client.ensure(DESIRED);
    expect(result).toEqual({ imageCache: existing, created: false });
  });

  it('throws a spec conflict naming the fields when the existing spec differs, and never writes', async () => {
    nock(SERVER)
      .get(`${COLLECTION}/web`)
      .reply(200, serverImageCache('web', { spec: { images: ['redis:7', 'nginx:1.25'], retentionDays: 3, imagePullSecrets: ['default:a', 'default:b'] } }));
    const error = await client.ensure(DESIRED).catch((e: unknown) => e);
    expect(isImageCacheSpecConflictError(error)).toBe(true);
    expect(error).toMatchObject({
      imageCacheName: 'web',
      differences: ['images', 'retentionDays'],
      desiredSpec: DESIRED.spec,
      existingSpec: { images: ['redis:7', 'nginx:1.25'] },
    });
  });

  it('when someone creates it between the GET and the POST, theirs is judged like any existing one', async () => {
    nock(SERVER)
      .get(`${COLLECTION}/web`)
      .reply(404, statusOf(404, 'NotFound', 'not found'));
    nock(SERVER)
      .post(COLLECTION)
      .reply(409, statusOf(409, 'AlreadyExists', 'exists'));
    nock(SERVER)
      .get(`${COLLECTION}/web`)
      .reply(200, serverImageCache('web', { spec: DESIRED.spec }));
    await expect(client.ensure(DESIRED)).resolves.toMatchObject({ created: false });
  });

  it('validates before any request', async () => {
    await expect(client.ensure({ metadata: { name: 'web' }, spec: { images: ['UPPER/Case'] } })).rejects.toMatchObject({ name: 'ImageCacheValidationError' });
  });
});
