import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImageCacheEmulator } from '../../src/testing/emulator/index.js';
import { BASE, cache, readAllEvents, readEvents, startQuiet } from './helpers.js';

let emu: ImageCacheEmulator;
beforeEach(async () => {
  emu = await startQuiet({ controller: false, bookmarkIntervalMs: 20 });
});
afterEach(() => emu.close());

const open = (query: string, headers: Record<string, string> = {}) => fetch(`${emu.url}${BASE}?${query}`, { headers });
const summary = (events: any[]) => events.map((e) => `${e.type} ${e.object.metadata?.name ?? e.object.metadata?.resourceVersion}`);

describe('watch over HTTP', () => {
  it('starts with ADDED for existing objects, then streams changes as newline-delimited JSON', async () => {
    emu.store.create(cache('a'));
    const res = await open('watch=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const a = emu.store.get('a');
    emu.store.update('a', { ...a, spec: { images: ['redis'] } });
    emu.store.create(cache('b'));
    emu.store.delete('a');
    const events = await readEvents(res, (e) => e.length >= 4);
    expect(summary(events)).toEqual(['ADDED a', 'MODIFIED a', 'ADDED b', 'DELETED a']);
    expect(events[1].object.spec.images).toEqual(['redis']);
    expect(Number(events[3].object.metadata.resourceVersion)).toBe(Number(emu.store.resourceVersion));
  });

  it('resumes after a resourceVersion without replaying older state', async () => {
    const a = emu.store.create(cache('a'));
    emu.store.create(cache('b'));
    const res = await open(`watch=true&resourceVersion=${a.metadata.resourceVersion}`);
    emu.store.create(cache('c'));
    expect(summary(await readEvents(res, (e) => e.length >= 2))).toEqual(['ADDED b', 'ADDED c']);
  });

  it('sends an ERROR event with 410 Expired for a resourceVersion older than the history', async () => {
    const a = emu.store.create(cache('a'));
    emu.store.create(cache('b'));
    emu.store.compact();
    const res = await open(`watch=1&resourceVersion=${a.metadata.resourceVersion}`);
    expect(res.status).toBe(200);
    const events = await readAllEvents(res);
    expect(events).toEqual([
      {
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: expect.stringMatching(/^too old resource version: \d+ \(\d+\)$/),
          reason: 'Expired',
          code: 410,
        },
      },
    ]);
  });

  it('sends BOOKMARK events only when allowed', async () => {
    emu.store.create(cache('a'));
    const res = await open('watch=1&allowWatchBookmarks=true');
    const events = await readEvents(res, (e) => e.some((x) => x.type === 'BOOKMARK'));
    const bookmark = events.find((e) => e.type === 'BOOKMARK');
    expect(bookmark.object).toEqual({ kind: 'ImageCache', apiVersion: 'eci.alibabacloud.com/v1', metadata: { resourceVersion: emu.store.resourceVersion } });
  });

  it('ends the stream after timeoutSeconds', async () => {
    const res = await open('watch=1&timeoutSeconds=1');
    expect(await readAllEvents(res)).toEqual([]);
  });

  it('follows objects into and out of a label selection', async () => {
    const a = emu.store.create(cache('a', {}, { team: 'api' }));
    const res = await open(`watch=1&labelSelector=${encodeURIComponent('team=web')}`);
    const moved = emu.store.update('a', { ...a, metadata: { ...a.metadata, labels: { team: 'web' } } });
    const touched = emu.store.update('a', { ...moved, metadata: { ...moved.metadata, annotations: { note: 'x' } } });
    emu.store.update('a', { ...touched, metadata: { ...touched.metadata, labels: { team: 'api' } } });
    emu.store.create(cache('other', {}, { team: 'api' }));
    emu.store.create(cache('z', {}, { team: 'web' }));
    expect(summary(await readEvents(res, (e) => e.length >= 4))).toEqual(['ADDED a', 'MODIFIED a', 'DELETED a', 'ADDED z']);
  });

  it('watches one object by fieldSelector and by the legacy /watch/ path', async () => {
    emu.store.create(cache('a'));
    emu.store.create(cache('b'));
    const byField = await open('watch=1&fieldSelector=metadata.name%3Db');
    const legacy = await fetch(`${emu.url}/apis/eci.alibabacloud.com/v1/watch/imagecaches/b`);
    emu.store.delete('a');
    emu.store.delete('b');
    expect(summary(await readEvents(byField, (e) => e.length >= 2))).toEqual(['ADDED b', 'DELETED b']);
    expect(summary(await readEvents(legacy, (e) => e.length >= 2))).toEqual(['ADDED b', 'DELETED b']);
  });

  it('streams Table rows when kubectl asks for them', async () => {
    emu.store.create(cache('a'));
    const res = await open('watch=1', { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
    expect(res.headers.get('content-type')).toBe('application/json;as=Table;v=v1;g=meta.k8s.io');
    const [event] = await readEvents(res, (e) => e.length >= 1);
    expect(event.type).toBe('ADDED');
    expect(event.object.kind).toBe('Table');
    expect(event.object.rows[0].cells).toEqual(['a', '0s', null, null, null]);
    expect(event.object.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'a' } });
  });

  it('ends open watches on close', async () => {
    emu.store.create(cache('a'));
    const res = await open('watch=1');
    const reading = readAllEvents(res);
    await emu.close();
    // The stream ends cleanly after what was sent; a watch left open would hang this test.
    expect(summary(await reading)).toEqual(['ADDED a']);
  });
});
