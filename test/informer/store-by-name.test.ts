// replaceByName: a streaming list's state, keyed by name, which an empty store keeps as its own map.
// It must answer exactly as replace() of the same caches: deltas, reads, indexes, observers.
import { describe, expect, it } from 'vitest';
import { InformerStore, type ObjectDelta, type StoreInput } from '../../src/client/informer/store.js';
import { ScannedCache } from '../../src/client/lazy/scan.js';
import { StoredCache } from '../../src/client/lazy/stored-cache.js';
import type { ImageCache } from '../../src/types/index.js';

const cache = (name: string, resourceVersion: string, images: string[] = ['nginx:1.25']): ImageCache =>
  ({ apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCache', metadata: { name, resourceVersion }, spec: { images } }) as ImageCache;

function listed(object: ImageCache): StoredCache {
  const source = Buffer.from(JSON.stringify(object));
  return StoredCache.fromScan(new ScannedCache(source, 0, source.length, object.metadata.name as string, object.metadata.resourceVersion));
}

const byName = (inputs: StoreInput[]): Map<string, StoreInput> =>
  new Map(inputs.map((input) => [input instanceof StoredCache ? input.name : (input.metadata.name as string), input]));
const summary = (deltas: ObjectDelta[]) =>
  deltas.map((d) => `${d.type} ${d.object.metadata.name}@${d.object.metadata.resourceVersion}${d.type === 'delete' && d.finalStateUnknown ? ' ?' : ''}`);

/** A store already queried by image (so its indexes exist) and observed, as a live matcher does. */
function observedStore(): { store: InformerStore; told: string[] } {
  const store = new InformerStore();
  const told: string[] = [];
  store.observe((delta) => void told.push(`${delta.type} ${delta.object.metadata.name}`));
  expect(store.byImage('nginx:1.25')).toEqual([]);
  return { store, told };
}

describe('InformerStore.replaceByName', () => {
  it('on an empty store: the deltas, reads, indexes and observers of replace(), for objects and for unread bytes alike', () => {
    const inputs = () => [listed(cache('a', '1')), cache('b', '2', ['redis']), listed(cache('c', '3', ['nginx:1.25', 'redis']))];
    const keyed = observedStore();
    const plain = observedStore();
    const keyedDeltas = keyed.store.replaceByName(byName(inputs()), '9');
    const plainDeltas = plain.store.replace(inputs(), '9');
    expect(summary(keyedDeltas)).toEqual(['add a@1', 'add b@2', 'add c@3']);
    expect(summary(keyedDeltas)).toEqual(summary(plainDeltas));
    expect(keyed.told).toEqual(plain.told);
    expect(keyed.store.resourceVersion).toBe('9');
    expect(keyed.store.size).toBe(3);
    expect(keyed.store.get('b')).toEqual(cache('b', '2', ['redis']));
    expect(keyed.store.byImage('redis').map((c) => c.metadata.name)).toEqual(['b', 'c']);
    expect(keyed.store.byImage('nginx:1.25').map((c) => c.metadata.name)).toEqual(['a', 'c']);
    // It goes on like any store: the next change diffs against the state it took.
    expect(summary([keyed.store.upsert(cache('a', '4')) as ObjectDelta])).toEqual(['update a@4']);
    expect(summary(keyed.store.replace([cache('a', '4')], '10'))).toEqual(['delete b@2 ?', 'delete c@3 ?']);
  });

  it('on a store that holds caches: the differences, as replace() gives them', () => {
    const start = () => [cache('a', '1'), cache('b', '2'), cache('gone', '3')];
    const next = () => [cache('b', '2'), cache('a', '5'), cache('new', '6')];
    const keyed = new InformerStore();
    const plain = new InformerStore();
    keyed.replace(start(), '3');
    plain.replace(start(), '3');
    const deltas = keyed.replaceByName(byName(next()), '6');
    expect(summary(deltas)).toEqual(['update a@5', 'add new@6', 'delete gone@3 ?']);
    expect(summary(deltas)).toEqual(summary(plain.replace(next(), '6')));
    expect([...keyed.values()].map((c) => c.metadata.name).sort()).toEqual(['a', 'b', 'new']);
  });
});
