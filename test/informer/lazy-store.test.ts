// The store over caches kept as JSON bytes: it keys, indexes and diffs them without parsing, parses
// each on its first read only, and hands out one object per version however often it is read.
import { describe, expect, it } from 'vitest';
import { InformerStore } from '../../src/client/informer/store.js';
import { ScannedCache, scanImageCacheList } from '../../src/client/lazy/scan.js';
import { StoredCache } from '../../src/client/lazy/stored-cache.js';
import type { ImageCache } from '../../src/types/index.js';

const cache = (name: string, resourceVersion: string, images: unknown[] = ['nginx:1.25'], imageCacheId?: string): ImageCache =>
  ({
    apiVersion: 'eci.alibabacloud.com/v1',
    kind: 'ImageCache',
    metadata: { name, resourceVersion },
    spec: { images },
    ...(imageCacheId !== undefined ? { status: { phase: 'Ready', imageCacheId } } : {}),
  }) as ImageCache;

/** A cache as the list scan gives it: its bytes, and the fields read from them. */
function listed(object: ImageCache): StoredCache {
  // Between other bytes, as a cache is in a page: the store must read only its own.
  const source = Buffer.from(`[1,${JSON.stringify(object)},2]`);
  return StoredCache.fromScan(new ScannedCache(source, 3, source.length - 3, object.metadata.name as string, object.metadata.resourceVersion));
}

describe('informer store over unparsed caches', () => {
  it('keys, indexes, counts and diffs listed caches without parsing any of them', () => {
    const store = new InformerStore();
    const records = [listed(cache('a', '1', ['nginx:1.25'], 'imc-a')), listed(cache('b', '2', ['redis']))];
    const deltas = store.replace(records, '10');
    expect(deltas.map((d) => d.type)).toEqual(['add', 'add']);
    expect(store.size).toBe(2);
    // Relisting the same versions is no change, and still reads nothing.
    expect(store.replace([listed(cache('a', '1', ['nginx:1.25'], 'imc-a')), records[1] as StoredCache], '11')).toEqual([]);
    expect(records.every((r) => r.unread)).toBe(true);
    expect(store.byImage('docker.io/library/nginx:1.25').map((c) => c.metadata.name)).toEqual(['a']);
    expect(store.byImageCacheId('imc-a').map((c) => c.metadata.name)).toEqual(['a']);
    expect(records[0]?.unread).toBe(false);
    expect(records[1]?.unread).toBe(true);
  });

  it('parses a cache once: every read and every delta is the same object, equal to the bytes it came from', () => {
    const store = new InformerStore();
    const object = cache('web', '7', ['nginx:1.25', 42], 'imc-web');
    const record = listed(object);
    const [delta] = store.replace([record], '7');
    const first = store.get('web');
    expect(first).toEqual(object);
    expect(first).not.toBe(object);
    expect(store.get('web')).toBe(first);
    expect(delta?.type === 'add' && delta.object).toBe(first);
    expect([...store.values()][0]).toBe(first);
    // The index skipped the number among the images, as it does for a parsed cache.
    expect(store.byImage('nginx:1.25')).toEqual([first]);
  });

  it('an update delta read late still carries the versions it was made of', () => {
    const store = new InformerStore();
    store.replace([listed(cache('web', '1', ['nginx:1.24']))], '1');
    const update = store.upsert(listed(cache('web', '2', ['nginx:1.25'])));
    store.upsert(cache('web', '3', ['nginx:1.26']));
    const gone = store.replace([], '4');
    expect(update?.type).toBe('update');
    if (update?.type !== 'update') return;
    expect(update.oldObject.spec.images).toEqual(['nginx:1.24']);
    expect(update.object.spec.images).toEqual(['nginx:1.25']);
    expect(gone).toHaveLength(1);
    expect(gone[0]).toMatchObject({ type: 'delete', finalStateUnknown: true });
    expect(gone[0]?.type === 'delete' && gone[0].object.metadata.resourceVersion).toBe('3');
  });

  it('moves the indexes with each version, whether it arrives as bytes or as an object', () => {
    const store = new InformerStore();
    store.upsert(listed(cache('web', '1', ['nginx:1.24'], 'imc-1')));
    store.upsert(cache('web', '2', ['nginx:1.25'], 'imc-2'));
    expect(store.byImage('nginx:1.24')).toEqual([]);
    expect(store.byImageCacheId('imc-1')).toEqual([]);
    store.upsert(listed(cache('web', '3', ['nginx:1.26'])));
    expect(store.byImage('nginx:1.25')).toEqual([]);
    expect(store.byImageCacheId('imc-2')).toEqual([]);
    expect(store.byImage('nginx:1.26').map((c) => c.metadata.resourceVersion)).toEqual(['3']);
    store.delete(listed(cache('web', '4', [])));
    expect(store.size).toBe(0);
    expect(store.byImage('nginx:1.26')).toEqual([]);
  });

  it('reads the same fields from an object as the scan reads from its bytes', () => {
    const objects = [
      cache('a', '1', ['nginx', 7, null, 'redis:7'], 'imc-a'),
      cache('b', '2', [], ''),
      { ...cache('c', '3'), spec: {} } as ImageCache,
      { ...cache('d', '4'), metadata: { name: 'd' } } as ImageCache,
      { ...cache('e', '5'), status: null } as unknown as ImageCache,
      { ...cache('f', '6'), spec: { images: 'nginx' } } as unknown as ImageCache,
    ];
    const list = scanImageCacheList(
      Buffer.from(JSON.stringify({ apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCacheList', metadata: {}, items: objects })),
    );
    expect(list?.items).toHaveLength(objects.length);
    objects.forEach((object, i) => {
      const { name, resourceVersion, imageCacheId, images } = StoredCache.fromObject(object);
      const scanned = list?.items[i];
      const stored = scanned && StoredCache.fromScan(scanned);
      expect({ name, resourceVersion, imageCacheId, images }).toEqual({
        name: stored?.name,
        resourceVersion: stored?.resourceVersion,
        imageCacheId: stored?.imageCacheId,
        images: stored?.images,
      });
      // The index fields came from the bytes: the object is still unread.
      expect(stored?.unread).toBe(true);
    });
  });
});
