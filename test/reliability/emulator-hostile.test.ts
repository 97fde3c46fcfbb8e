// Issue #12, defects 1, 5 and 11: the emulator under hostile requests. No request may reach a
// prototype; an early error must not leave a keep-alive socket unusable; bad percent-encoding is a 400.
import fc from 'fast-check';
import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ImageCacheEmulator } from '../../src/testing/emulator/index.js';
import { BASE, cache, call, startQuiet } from '../emulator/helpers.js';

const JSON_PATCH = { 'content-type': 'application/json-patch+json' };
const MERGE_PATCH = { 'content-type': 'application/merge-patch+json' };
const APPLY_PATCH = { 'content-type': 'application/apply-patch+yaml' };
const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype, String.prototype] as const;
const snapshot = () => PROTOTYPES.map((proto) => Object.getOwnPropertyNames(proto).sort().join(','));

let emulator: ImageCacheEmulator;
let before: string[];
beforeAll(async () => {
  emulator = await startQuiet({ controller: false });
  before = snapshot();
});
afterAll(async () => emulator.close());
afterEach(() => {
  expect(snapshot()).toEqual(before);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  for (const item of emulator.store.list().items) emulator.store.delete(item.metadata.name!);
});

describe('prototype pollution (defect 1)', () => {
  const paths = [
    '/__proto__/polluted',
    '/metadata/__proto__/polluted',
    '/spec/__proto__/polluted',
    '/status/__proto__/polluted',
    '/constructor/prototype/polluted',
    '/metadata/constructor/prototype/polluted',
    '/spec/images/__proto__/polluted',
    '/metadata/labels/__proto__/polluted',
  ];
  it.each(paths)('a JSON patch at %s is a 422 like a missing path on kube-apiserver', async (path) => {
    await call(emulator, 'POST', BASE, cache('web'));
    for (const target of [`${BASE}/web`, `${BASE}/web/status`]) {
      for (const op of ['add', 'replace', 'remove', 'test']) {
        const reply = await call(emulator, 'PATCH', target, [{ op, path, value: true }], JSON_PATCH);
        expect(reply.status, `${op} ${path} on ${target}`).toBe(422);
        expect(reply.body).toMatchObject({ kind: 'Status', reason: 'Invalid' });
      }
      const moved = await call(emulator, 'PATCH', target, [{ op: 'copy', from: '/spec', path }], JSON_PATCH);
      expect(moved.status).toBe(422);
    }
  });

  it('a JSON patch that adds a __proto__ or constructor key stores an own field, pruned as unknown', async () => {
    await call(emulator, 'POST', BASE, cache('web'));
    const reply = await call(
      emulator,
      'PATCH',
      `${BASE}/web`,
      [
        { op: 'add', path: '/__proto__', value: { polluted: true } },
        { op: 'add', path: '/spec/constructor', value: { prototype: { polluted: true } } },
      ],
      JSON_PATCH,
    );
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body)).not.toContain('__proto__');
    expect(reply.body.spec).toEqual({ images: ['nginx:1.25'] });
  });

  it('a create body with a top-level __proto__ key is stored without it', async () => {
    const body = `{"apiVersion":"eci.alibabacloud.com/v1","kind":"ImageCache","metadata":{"name":"web","__proto__":{"polluted":1}},"spec":{"images":["nginx"],"__proto__":{"polluted":1}},"__proto__":{"polluted":1}}`;
    const created = await call(emulator, 'POST', BASE, body);
    expect(created.status).toBe(201);
    expect(created.text).not.toContain('__proto__');
    expect(created.headers.get('warning')).toContain('unknown field');
    expect(JSON.stringify(emulator.store.get('web'))).not.toContain('__proto__');
  });

  it('merge patch and apply bodies with __proto__ and constructor keys touch no prototype', async () => {
    await call(emulator, 'POST', BASE, cache('web'));
    const merge = `{"__proto__":{"polluted":1},"metadata":{"__proto__":{"polluted":1},"labels":{"constructor":"x"}},"spec":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}}`;
    const merged = await call(emulator, 'PATCH', `${BASE}/web`, merge, MERGE_PATCH);
    expect(merged.status).toBe(200);
    expect(merged.text).not.toContain('__proto__');
    // `constructor` is a valid label key: kept, as a real server keeps it.
    expect(merged.body.metadata.labels).toEqual({ constructor: 'x' });
    const apply =
      'apiVersion: eci.alibabacloud.com/v1\nkind: ImageCache\nmetadata:\n  name: web\n  __proto__: {polluted: 1}\nspec:\n  __proto__: {polluted: 1}\n  images: [nginx]\n__proto__: {polluted: 1}\n';
    const applied = await call(emulator, 'PATCH', `${BASE}/web?fieldManager=t&force=true`, apply, APPLY_PATCH);
    expect(applied.status).toBe(200);
    expect(applied.text).not.toContain('__proto__');
    const statusMerge = await call(emulator, 'PATCH', `${BASE}/web/status`, '{"status":{"__proto__":{"polluted":1}}}', MERGE_PATCH);
    expect(statusMerge.status).toBe(200);
    // A label selector on `constructor` sees only the label, not Object.prototype.constructor.
    await call(emulator, 'POST', BASE, cache('plain'));
    const selected = await call(emulator, 'GET', `${BASE}?labelSelector=constructor`);
    expect(selected.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['web']);
  });

  it('after all that, the SDK client still creates and reads', async () => {
    const created = await emulator.client.create({ metadata: { name: 'after' }, spec: { images: ['nginx'] } });
    expect(created.metadata.name).toBe('after');
    expect((await emulator.client.get('after')).spec.images).toEqual(['nginx']);
  });

  it('property: no JSON patch over random paths touches Object.prototype', async () => {
    await call(emulator, 'POST', BASE, cache('web', {}, { app: 'web' }));
    const segment = fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'metadata',
      'spec',
      'status',
      'labels',
      'images',
      '0',
      '-',
      'polluted',
      'toString',
      'valueOf',
      'hasOwnProperty',
    );
    const pointer = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => `/${parts.join('/')}`);
    const operation = fc.record({
      op: fc.constantFrom('add', 'replace', 'remove', 'move', 'copy', 'test'),
      path: pointer,
      from: pointer,
      value: fc.oneof(fc.constant({ polluted: true }), fc.constant('polluted'), fc.constant(null), fc.constant([1])),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 3 }), fc.constantFrom('', '/status'), async (operations, sub) => {
        const reply = await call(emulator, 'PATCH', `${BASE}/web${sub}`, operations, JSON_PATCH);
        expect([200, 400, 409, 422]).toContain(reply.status);
        expect(snapshot()).toEqual(before);
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
        expect(Object.getPrototypeOf(emulator.store.get('web'))).toBe(Object.prototype);
      }),
      { numRuns: 150, seed: 12 },
    );
  });
});

/** One request on `agent`, resolving with status, headers and body text. */
function send(agent: http.Agent, url: string, method: string, body?: string): Promise<{ status: number; connection: string | undefined; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : undefined;
    const request = http.request(url, { method, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('early errors on keep-alive connections (defect 5)', () => {
  it('a 413 for a body over 3 MiB closes the connection; the next request on the agent works', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const big = JSON.stringify({ ...cache('big'), pad: 'x'.repeat(4 * 1024 * 1024) });
      const refused = await send(agent, `${emulator.url}${BASE}`, 'POST', big);
      expect(refused.status).toBe(413);
      expect(refused.connection).toBe('close');
      const next = await send(agent, `${emulator.url}${BASE}`, 'GET');
      expect(next.status).toBe(200);
      expect(JSON.parse(next.text)).toMatchObject({ kind: 'ImageCacheList' });
    } finally {
      agent.destroy();
    }
  });

  it('an error answered before reading a large body (415) closes too; a small complete one keeps the socket', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const patch = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
        const body = 'x'.repeat(2 * 1024 * 1024);
        const request = http.request(
          `${emulator.url}${BASE}/web`,
          { method: 'PATCH', agent, headers: { 'content-type': 'text/plain', 'content-length': String(body.length) } },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
          },
        );
        request.on('error', reject);
        request.end(body);
      });
      expect(patch).toEqual({ status: 415, connection: 'close' });
      expect((await send(agent, `${emulator.url}${BASE}`, 'GET')).status).toBe(200);
      const missing = await send(agent, `${emulator.url}${BASE}/nope`, 'GET');
      expect(missing).toMatchObject({ status: 404, connection: 'keep-alive' });
    } finally {
      agent.destroy();
    }
  });
});

describe('bad percent-encoding (defect 11)', () => {
  it.each([`${BASE}/%zz`, `${BASE}/%zz/status`, `${BASE}/web%`, '/apis/eci.alibabacloud.com/v1/watch/imagecaches/%zz'])(
    'GET %s is 400 BadRequest',
    async (path) => {
      const reply = await call(emulator, 'GET', path);
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ kind: 'Status', status: 'Failure', code: 400, reason: 'BadRequest' });
      expect(reply.body.message).toMatch(/^invalid URL escape "%/);
    },
  );
});
