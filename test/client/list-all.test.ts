import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ImageCacheClient, isGone } from '../../src/client/index.js';
import { listOf, serverImageCache, statusOf } from './helpers/fixtures.js';

const SERVER = 'http://127.0.0.1:6443';
const COLLECTION = '/apis/eci.alibabacloud.com/v1/imagecaches';

describe('listAll', () => {
  const client = new ImageCacheClient({ server: SERVER }, { retry: false, listPageSize: 2 });
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => {
    nock.enableNetConnect();
    client.close();
  });
  afterEach(() => nock.cleanAll());

  it('follows continue tokens page by page, fetching a page only when the previous one is consumed', async () => {
    nock(SERVER)
      .get(COLLECTION)
      .query({ limit: '2', labelSelector: 'team=a', resourceVersion: '0' })
      .reply(200, listOf([serverImageCache('a'), serverImageCache('b')], { continue: 'c1' }));
    const second = nock(SERVER)
      .get(COLLECTION)
      .query({ limit: '2', labelSelector: 'team=a', continue: 'c1' })
      .reply(200, listOf([serverImageCache('c')]));
    const iterator = client.listAll({ labelSelector: 'team=a', resourceVersion: '0' })[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.metadata.name).toBe('a');
    expect((await iterator.next()).value?.metadata.name).toBe('b');
    // Two items consumed: the second page has not been asked for yet.
    expect(second.isDone()).toBe(false);
    expect((await iterator.next()).value?.metadata.name).toBe('c');
    expect((await iterator.next()).done).toBe(true);
    expect(second.isDone()).toBe(true);
  });

  it('an expired continue token throws the 410 by default', async () => {
    nock(SERVER)
      .get(COLLECTION)
      .query({ limit: '5' })
      .reply(200, listOf([serverImageCache('a')], { continue: 'old' }));
    nock(SERVER)
      .get(COLLECTION)
      .query({ limit: '5', continue: 'old' })
      .reply(410, statusOf(410, 'Expired', 'The provided continue parameter is too old', { metadata: { continue: 'fresh' } }));
    const names: string[] = [];
    const error = await (async () => {
      for await (const cache of client.listAll({ pageSize: 5 })) names.push(cache.metadata.name ?? '');
    })().catch((e: unknown) => e);
    expect(names).toEqual(['a']);
    expect(isGone(error)).toBe(true);
  });

  it("onContinueExpired: 'inconsistent' goes on with the token the 410 offers", async () => {
    nock(SERVER)
      .get(COLLECTION)
      .query({ limit: '2' })
      .reply(200, listOf([serverImageCache('a')], { continue: 'old' }));
    nock(SERVER)
      .get(COLLECTION)
      .query({ limit: '2', continue: 'old' })
      .reply(410, statusOf(410, 'Expired', 'too old', { metadata: { continue: 'fresh' } }));
    nock(SERVER)
      .get(COLLECTION)
      .query({ limit: '2', continue: 'fresh' })
      .reply(200, listOf([serverImageCache('b')]));
    const names: string[] = [];
    for await (const cache of client.listAll({ onContinueExpired: 'inconsistent' })) names.push(cache.metadata.name ?? '');
    expect(names).toEqual(['a', 'b']);
    expect(nock.pendingMocks()).toEqual([]);
  });
});
