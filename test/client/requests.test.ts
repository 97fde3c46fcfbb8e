import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ImageCacheClient, isStatus } from '../../src/client/index.js';
import { ImageCacheValidationError } from '../../src/validation/errors.js';
import { listOf, serverImageCache, statusOf } from './helpers/fixtures.js';

const SERVER = 'http://127.0.0.1:6443';
const COLLECTION = '/apis/eci.alibabacloud.com/v1/imagecaches';

describe('ImageCacheClient requests', () => {
  let client: ImageCacheClient;
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  beforeEach(() => {
    client = new ImageCacheClient(
      { server: SERVER, token: 'static-token-value' },
      { allowCredentialsOverHttp: true, retry: { baseDelayMs: 1, maxDelayMs: 5 } },
    );
  });
  afterEach(() => {
    client.close();
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
  });

  it('create validates, then POSTs the object once with apiVersion and kind filled in', async () => {
    let sent: unknown;
    let calls = 0;
    nock(SERVER)
      .post(COLLECTION)
      .query({ fieldManager: 'warmup', dryRun: 'All' })
      .matchHeader('content-type', 'application/json')
      .matchHeader('authorization', 'Bearer static-token-value')
      .reply(201, (_uri, body) => {
        calls++;
        sent = body;
        return serverImageCache('web');
      });
    const created = await client.create(
      { metadata: { name: 'web', labels: { team: 'a' } }, spec: { images: ['nginx:1.25'] }, status: { phase: 'Ready' } },
      { fieldManager: 'warmup', dryRun: true },
    );
    expect(created.metadata.name).toBe('web');
    expect(calls).toBe(1);
    expect(sent).toEqual({
      apiVersion: 'eci.alibabacloud.com/v1',
      kind: 'ImageCache',
      metadata: { name: 'web', labels: { team: 'a' } },
      spec: { images: ['nginx:1.25'] },
    });
  });

  it('create rejects an invalid object without sending anything', async () => {
    // No interceptor: a request would fail with a network error instead of a validation error.
    const error = await client.create({ metadata: { name: 'web' }, spec: { images: [], imageCacheSize: 5 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageCacheValidationError);
    expect((error as ImageCacheValidationError).issues.map((i) => i.path)).toEqual(expect.arrayContaining(['spec.images', 'spec.imageCacheSize']));
  });

  it('get reads one object by name, with no namespace in the path, and keeps unknown fields and phases', async () => {
    const object = { ...serverImageCache('web'), status: { phase: 'Hibernating', newField: 1 }, extra: { a: 1 } };
    nock(SERVER).get(`${COLLECTION}/web`).matchHeader('user-agent', 'eci-imagecache/0.2.0').matchHeader('accept', 'application/json').reply(200, object);
    const got = await client.get('web');
    expect(got).toEqual(object);
    expect(got.status?.phase).toBe('Hibernating');
  });

  it('list sends selectors, limit, continue and resourceVersion as query parameters', async () => {
    nock(SERVER)
      .get(COLLECTION)
      .query({ labelSelector: 'team=a,tier=cache', fieldSelector: 'metadata.name=web', limit: '2', continue: 'tok', resourceVersion: '0' })
      .reply(200, listOf([serverImageCache('web')], { continue: 'next' }));
    const page = await client.list({
      labelSelector: { team: 'a', tier: 'cache' },
      fieldSelector: 'metadata.name=web',
      limit: 2,
      continue: 'tok',
      resourceVersion: '0',
    });
    expect(page.items.map((i) => i.metadata.name)).toEqual(['web']);
    expect(page.metadata.continue).toBe('next');
  });

  it('delete sends options as query parameters and preconditions in a DeleteOptions body; returns a Status as is', async () => {
    let sent: unknown;
    nock(SERVER)
      .delete(`${COLLECTION}/web`)
      .query({ propagationPolicy: 'Foreground', gracePeriodSeconds: '0', dryRun: 'All' })
      .reply(200, (_uri, body) => {
        sent = body;
        return { kind: 'Status', apiVersion: 'v1', status: 'Success', details: { name: 'web' } };
      });
    const result = await client.delete('web', {
      propagationPolicy: 'Foreground',
      gracePeriodSeconds: 0,
      dryRun: true,
      preconditions: { resourceVersion: '42' },
    });
    expect(isStatus(result)).toBe(true);
    expect(sent).toEqual({ kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { resourceVersion: '42' } });
  });

  it('delete returns the object when finalizers keep it', async () => {
    nock(SERVER)
      .delete(`${COLLECTION}/web`)
      .reply(200, serverImageCache('web', { metadata: { name: 'web', deletionTimestamp: '2024-01-01T00:00:00Z', finalizers: ['x'] } }));
    const result = await client.delete('web');
    expect(isStatus(result)).toBe(false);
    expect(!isStatus(result) && result.metadata.finalizers).toEqual(['x']);
  });

  it('replace PUTs with the resourceVersion and without status', async () => {
    let sent: Record<string, unknown> | undefined;
    nock(SERVER)
      .put(`${COLLECTION}/web`)
      .reply(200, (_uri, body) => {
        sent = body as Record<string, unknown>;
        return serverImageCache('web', { resourceVersion: '43' });
      });
    const current = serverImageCache('web', { resourceVersion: '42', status: { phase: 'Ready' } });
    const replaced = await client.replace({ ...current, spec: { images: ['nginx:1.26'] } });
    expect(replaced.metadata.resourceVersion).toBe('43');
    expect(sent?.['status']).toBeUndefined();
    expect((sent?.['metadata'] as Record<string, unknown>)['resourceVersion']).toBe('42');
    expect(sent?.['spec']).toEqual({ images: ['nginx:1.26'] });
  });

  it('replace refuses an object without resourceVersion', async () => {
    const object = serverImageCache('web');
    delete object.metadata.resourceVersion;
    await expect(client.replace(object)).rejects.toBeInstanceOf(ImageCacheValidationError);
  });

  it.each([
    ['merge', { metadata: { labels: { team: null } } }, 'application/merge-patch+json', {}],
    ['json', [{ op: 'replace', path: '/spec/retentionDays', value: 3 }], 'application/json-patch+json', {}],
  ] as const)('patch type %s sends %j with the right content type', async (type, patch, contentType, query) => {
    let sent: unknown;
    nock(SERVER)
      .patch(`${COLLECTION}/web`)
      .query(query)
      .matchHeader('content-type', contentType)
      .reply(200, (_uri, body) => {
        // nock decodes only application/json bodies.
        sent = typeof body === 'string' ? JSON.parse(body) : body;
        return serverImageCache('web');
      });
    if (type === 'json') await client.patch('web', patch as never, { type: 'json' });
    else await client.patch('web', patch as never);
    expect(sent).toEqual(patch);
  });

  it('apply patch fills apiVersion and kind, sends the field manager and force', async () => {
    let sent: unknown;
    nock(SERVER)
      .patch(`${COLLECTION}/web`)
      .query({ fieldManager: 'eci-imagecache', force: 'true' })
      .matchHeader('content-type', 'application/apply-patch+yaml')
      .reply(200, (_uri, body) => {
        sent = typeof body === 'string' ? JSON.parse(body) : body;
        return serverImageCache('web');
      });
    await client.patch('web', { metadata: { name: 'web' }, spec: { retentionDays: 3 } }, { type: 'apply', force: true });
    expect(sent).toEqual({ apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCache', metadata: { name: 'web' }, spec: { retentionDays: 3 } });
  });

  it('apply patch refuses a body naming another object', async () => {
    await expect(client.patch('web', { metadata: { name: 'other' } }, { type: 'apply' })).rejects.toBeInstanceOf(ImageCacheValidationError);
  });

  it('a response that is not an ImageCache is a typed error at the boundary', async () => {
    nock(SERVER)
      .get(`${COLLECTION}/web`)
      .reply(200, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web' }, data: {} });
    nock(SERVER).get(`${COLLECTION}/nameless`).reply(200, { apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCache', metadata: {} });
    await expect(client.get('web')).rejects.toMatchObject({ name: 'KubernetesResponseError', problem: 'unexpected-object' });
    await expect(client.get('nameless')).rejects.toMatchObject({ problem: 'unexpected-object', message: expect.stringContaining('metadata.name') });
  });

  it('a list with a bad item is rejected, naming the item', async () => {
    nock(SERVER)
      .get(COLLECTION)
      .reply(200, listOf([serverImageCache('a'), { kind: 'ImageCache' } as never]));
    await expect(client.list()).rejects.toMatchObject({ problem: 'unexpected-object', message: expect.stringContaining('item 1') });
  });

  it('an API error carries code, reason, causes, method and path', async () => {
    nock(SERVER)
      .post(COLLECTION)
      .reply(
        422,
        statusOf(422, 'Invalid', 'ImageCache.eci.alibabacloud.com "web" is invalid', {
          details: { name: 'web', causes: [{ reason: 'FieldValueInvalid', field: 'spec.images', message: 'bad' }] },
        }),
      );
    const error = await client.create({ metadata: { name: 'web' }, spec: { images: ['nginx'] } }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'KubernetesApiError',
      statusCode: 422,
      reason: 'Invalid',
      method: 'POST',
      path: COLLECTION,
      causes: [{ field: 'spec.images', message: 'bad', reason: 'FieldValueInvalid' }],
    });
  });
});
