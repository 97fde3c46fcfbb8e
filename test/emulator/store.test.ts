import { describe, expect, it } from 'vitest';
import { isEmulatorStatusError } from '../../src/testing/emulator/index.js';
import { ImageCacheStore, type StoreEvent } from '../../src/testing/emulator/store.js';
import { cache } from './helpers.js';

const fixedNow = () => new Date('2024-03-01T12:00:00.500Z');
const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (isEmulatorStatusError(error)) return error.status;
    throw error;
  }
  throw new Error('expected a failure');
};

describe('ImageCacheStore writes', () => {
  it('sets uid, generation, creationTimestamp and a rising resourceVersion on create, and drops status', () => {
    const store = new ImageCacheStore({ now: fixedNow });
    const a = store.create({ ...cache('a'), status: { phase: 'Ready' } });
    const b = store.create(cache('b'));
    expect(a.metadata).toMatchObject({ name: 'a', generation: 1, creationTimestamp: '2024-03-01T12:00:00Z' });
    expect(a.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.metadata.uid).not.toBe(b.metadata.uid);
    expect(Number(b.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
    expect(store.resourceVersion).toBe(b.metadata.resourceVersion);
    expect(a.status).toBeUndefined();
  });

  it('answers AlreadyExists and NotFound with the real messages', () => {
    const store = new ImageCacheStore();
    store.create(cache('a'));
    expect(failure(() => store.create(cache('a')))).toMatchObject({
      code: 409,
      reason: 'AlreadyExists',
      message: 'imagecaches.eci.alibabacloud.com "a" already exists',
      details: { name: 'a', group: 'eci.alibabacloud.com', kind: 'imagecaches' },
    });
    expect(failure(() => store.get('zz'))).toMatchObject({ code: 404, reason: 'NotFound', message: 'imagecaches.eci.alibabacloud.com "zz" not found' });
  });

  it('generates names from generateName', () => {
    const store = new ImageCacheStore();
    const created = store.create({ ...cache(''), metadata: { generateName: 'web-' } });
    expect(created.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('bumps generation on spec changes only, and keeps status on a main-resource update', () => {
    const store = new ImageCacheStore();
    const created = store.create(cache('a'));
    const withStatus = store.update('a', { ...created, status: { phase: 'Ready' } }, { subresource: 'status' });
    expect(withStatus.metadata.generation).toBe(1);
    const labelled = store.update('a', { ...withStatus, metadata: { ...withStatus.metadata, labels: { team: 'web' } }, status: { phase: 'Hacked' } });
    expect(labelled.metadata.generation).toBe(1);
    expect(labelled.status).toEqual({ phase: 'Ready' });
    const resized = store.update('a', { ...labelled, spec: { ...labelled.spec, imageCacheSize: 40 } });
    expect(resized.metadata.generation).toBe(2);
    expect(resized.metadata.uid).toBe(created.metadata.uid);
    expect(resized.metadata.creationTimestamp).toBe(created.metadata.creationTimestamp);
  });

  it('changes only status through the status subresource', () => {
    const store = new ImageCacheStore();
    const created = store.create(cache('a'));
    const updated = store.update('a', { ...created, spec: { images: ['other'] }, status: { phase: 'Pending' } }, { subresource: 'status' });
    expect(updated.spec).toEqual(created.spec);
    expect(updated.status).toEqual({ phase: 'Pending' });
  });

  it('does not bump resourceVersion for an update that changes nothing', () => {
    const store = new ImageCacheStore();
    const created = store.create(cache('a'));
    expect(store.update('a', created).metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(store.resourceVersion).toBe(created.metadata.resourceVersion);
  });

  it('enforces optimistic concurrency', () => {
    const store = new ImageCacheStore();
    const created = store.create(cache('a'));
    store.update('a', { ...created, spec: { images: ['b'] } });
    expect(failure(() => store.update('a', { ...created, spec: { images: ['c'] } }))).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on imagecaches.eci.alibabacloud.com "a": the object has been modified; please apply your changes to the latest version and try again',
    });
    const { resourceVersion: _rv, ...noVersion } = created.metadata;
    expect(failure(() => store.update('a', { ...created, metadata: noVersion }))).toMatchObject({
      code: 422,
      message: 'imagecaches.eci.alibabacloud.com "a" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
    });
  });

  it('keeps an object with finalizers until they are removed', () => {
    const store = new ImageCacheStore({ now: fixedNow });
    const created = store.create({ ...cache('a'), metadata: { name: 'a', finalizers: ['example.com/keep'] } });
    const marked = store.delete('a');
    expect(marked.deleted).toBe(false);
    expect(marked.object.metadata.deletionTimestamp).toBe('2024-03-01T12:00:00Z');
    expect(marked.object.metadata.generation).toBe(2);
    expect(
      failure(() => store.update('a', { ...marked.object, metadata: { ...marked.object.metadata, finalizers: ['example.com/keep', 'x.io/more'] } })).code,
    ).toBe(422);
    store.update('a', { ...marked.object, metadata: { ...marked.object.metadata, finalizers: [] } });
    expect(store.find('a')).toBeUndefined();
    expect(created.metadata.uid).toBeDefined();
  });

  it('checks delete preconditions', () => {
    const store = new ImageCacheStore();
    const created = store.create(cache('a'));
    expect(failure(() => store.delete('a', { preconditions: { uid: 'other' } })).message).toBe(
      `Operation cannot be fulfilled on ImageCache.eci.alibabacloud.com "a": the UID in the precondition (other) does not match the UID in record (${created.metadata.uid}). The object might have been deleted and then recreated`,
    );
    expect(failure(() => store.delete('a', { preconditions: { resourceVersion: '1' } })).message).toBe(
      `Operation cannot be fulfilled on ImageCache.eci.alibabacloud.com "a": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${created.metadata.resourceVersion}). The object might have been modified`,
    );
    expect(store.delete('a', { preconditions: { uid: created.metadata.uid, resourceVersion: created.metadata.resourceVersion } }).deleted).toBe(true);
  });

  it('keeps nothing on dry runs', () => {
    const store = new ImageCacheStore();
    const before = store.resourceVersion;
    const dry = store.create(cache('a'), { dryRun: true });
    expect(dry.metadata.uid).toBeDefined();
    expect(store.find('a')).toBeUndefined();
    expect(store.resourceVersion).toBe(before);
  });
});

describe('ImageCacheStore lists', () => {
  const filled = () => {
    const store = new ImageCacheStore();
    for (const name of ['e', 'c', 'a', 'd', 'b']) store.create(cache(name, {}, { tier: name < 'c' ? 'low' : 'high' }));
    return store;
  };

  it('lists in name order with selectors', () => {
    const store = filled();
    expect(store.list().items.map((i) => i.metadata.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(store.list({ labelSelector: 'tier=low' }).items.map((i) => i.metadata.name)).toEqual(['a', 'b']);
    expect(store.list({ fieldSelector: 'metadata.name=d' }).items.map((i) => i.metadata.name)).toEqual(['d']);
  });

  it('pages with limit and continue over a consistent snapshot', () => {
    const store = filled();
    const first = store.list({ limit: 2 });
    expect(first.items.map((i) => i.metadata.name)).toEqual(['a', 'b']);
    expect(first.metadata.remainingItemCount).toBe(3);
    store.delete('c');
    store.create(cache('bb'));
    const second = store.list({ limit: 2, continue: first.metadata.continue });
    expect(second.items.map((i) => i.metadata.name)).toEqual(['c', 'd']);
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    const third = store.list({ limit: 2, continue: second.metadata.continue });
    expect(third.items.map((i) => i.metadata.name)).toEqual(['e']);
    expect(third.metadata.continue).toBeUndefined();
  });

  it('pages with a selector without remainingItemCount', () => {
    const page = filled().list({ limit: 1, labelSelector: 'tier=high' });
    expect(page.items.map((i) => i.metadata.name)).toEqual(['c']);
    expect(page.metadata.continue).toBeDefined();
    expect(page.metadata.remainingItemCount).toBeUndefined();
  });

  it('expires continue tokens after compaction with 410, and rejects garbage with 400', () => {
    const store = filled();
    const first = store.list({ limit: 2 });
    store.compact();
    expect(failure(() => store.list({ continue: first.metadata.continue }))).toMatchObject({ code: 410, reason: 'Expired' });
    expect(failure(() => store.list({ continue: 'not-a-token' })).code).toBe(400);
  });

  it('expires continue tokens once the history has moved past them', () => {
    const store = new ImageCacheStore({ watchHistory: 3 });
    for (const name of ['a', 'b', 'c']) store.create(cache(name));
    const first = store.list({ limit: 1 });
    for (const name of ['d', 'e', 'f', 'g']) store.create(cache(name));
    expect(failure(() => store.list({ continue: first.metadata.continue })).code).toBe(410);
  });

  it('answers 504 for a resourceVersion from the future', () => {
    const store = filled();
    expect(failure(() => store.list({ resourceVersion: '999999' }))).toMatchObject({ code: 504, reason: 'Timeout' });
  });
});

describe('ImageCacheStore watch', () => {
  it('replays events after a resourceVersion, then follows', () => {
    const store = new ImageCacheStore();
    const a = store.create(cache('a'));
    store.create(cache('b'));
    store.delete('a');
    const seen: StoreEvent[] = [];
    const watch = store.watch({ resourceVersion: a.metadata.resourceVersion }, (e) => seen.push(e));
    store.create(cache('c'));
    watch.stop();
    store.create(cache('d'));
    expect(seen.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED b', 'DELETED a', 'ADDED c']);
    expect(seen[1]!.object.metadata.resourceVersion).toBe(String(seen[1]!.resourceVersion));
  });

  it('starts from the current objects without a resourceVersion', () => {
    const store = new ImageCacheStore();
    store.create(cache('a'));
    const watch = store.watch({}, () => {});
    expect(watch.initial.map((o) => o.metadata.name)).toEqual(['a']);
    watch.stop();
  });

  it('counts open watches, so a test can wait until its watch is listening', () => {
    const store = new ImageCacheStore();
    expect(store.watcherCount).toBe(0);
    const first = store.watch({}, () => {});
    const second = store.watch({ resourceVersion: store.resourceVersion }, () => {});
    expect(store.watcherCount).toBe(2);
    first.stop();
    expect(store.watcherCount).toBe(1);
    second.stop();
    expect(store.watcherCount).toBe(0);
  });

  it('answers 410 for a resourceVersion older than the kept history', () => {
    const store = new ImageCacheStore({ watchHistory: 2 });
    const a = store.create(cache('a'));
    for (const name of ['b', 'c', 'd']) store.create(cache(name));
    const status = failure(() => store.watch({ resourceVersion: a.metadata.resourceVersion }, () => {}));
    expect(status).toMatchObject({ code: 410, reason: 'Expired' });
    expect(status.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
  });
});
