import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startImageCacheEmulator, type ImageCacheEmulator } from '../../src/testing/emulator/index.js';
import { BASE, cache, call, startQuiet } from './helpers.js';

let emu: ImageCacheEmulator;
beforeEach(async () => {
  emu = await startQuiet({ controller: false });
});
afterEach(() => emu.close());

const create = async (name: string, extra: Record<string, unknown> = {}) => {
  const reply = await call(emu, 'POST', BASE, { ...cache(name), ...extra });
  expect(reply.status).toBe(201);
  return reply.body;
};

describe('discovery', () => {
  it('serves /api, /apis, the group and the resource list kubectl needs', async () => {
    expect((await call(emu, 'GET', '/api')).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await call(emu, 'GET', '/apis')).body;
    expect(groups.groups).toEqual([
      {
        name: 'eci.alibabacloud.com',
        versions: [{ groupVersion: 'eci.alibabacloud.com/v1', version: 'v1' }],
        preferredVersion: { groupVersion: 'eci.alibabacloud.com/v1', version: 'v1' },
      },
    ]);
    expect((await call(emu, 'GET', '/apis/eci.alibabacloud.com')).body).toMatchObject({ kind: 'APIGroup', name: 'eci.alibabacloud.com' });
    const resources = (await call(emu, 'GET', '/apis/eci.alibabacloud.com/v1')).body;
    expect(resources.resources[0]).toMatchObject({
      name: 'imagecaches',
      singularName: 'imagecache',
      namespaced: false,
      kind: 'ImageCache',
      shortNames: ['ic', 'imc'],
      categories: ['all'],
    });
    expect(resources.resources[0].verbs).toEqual(expect.arrayContaining(['create', 'get', 'list', 'watch', 'update', 'patch', 'delete', 'deletecollection']));
    expect(resources.resources[1]).toMatchObject({ name: 'imagecaches/status', verbs: ['get', 'patch', 'update'] });
    expect((await call(emu, 'GET', '/version')).body).toMatchObject({ major: '1', gitVersion: expect.stringMatching(/^v1\./) });
  });

  it('advertises server-side field validation in OpenAPI v3, and has no OpenAPI v2', async () => {
    const root = (await call(emu, 'GET', '/openapi/v3')).body;
    const url = root.paths['apis/eci.alibabacloud.com/v1'].serverRelativeURL as string;
    const doc = (await call(emu, 'GET', url)).body;
    const patch = doc.paths['/apis/eci.alibabacloud.com/v1/imagecaches/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'eci.alibabacloud.com', version: 'v1', kind: 'ImageCache' });
    expect(patch.parameters).toContainEqual(expect.objectContaining({ name: 'fieldValidation', in: 'query' }));
    expect((await call(emu, 'GET', '/openapi/v2')).status).toBe(404);
  });

  it('serves core/v1 events as an always-empty list, for kubectl describe', async () => {
    expect((await call(emu, 'GET', '/api/v1')).body.resources.map((r: any) => r.name)).toEqual(['events']);
    for (const path of ['/api/v1/events?fieldSelector=involvedObject.name%3Dweb', '/api/v1/namespaces/default/events']) {
      expect((await call(emu, 'GET', path)).body).toMatchObject({ kind: 'EventList', apiVersion: 'v1', items: [] });
    }
    expect((await call(emu, 'POST', '/api/v1/events', {})).status).toBe(405);
  });

  it('answers 404 Status for namespaced and unknown paths, and 405 for unsupported methods', async () => {
    const namespaced = await call(emu, 'GET', '/apis/eci.alibabacloud.com/v1/namespaces/default/imagecaches');
    expect(namespaced.status).toBe(404);
    expect(namespaced.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server could not find the requested resource',
      reason: 'NotFound',
      details: {},
      code: 404,
    });
    expect((await call(emu, 'GET', '/apis/eci.alibabacloud.com/v1/pods')).status).toBe(404);
    expect((await call(emu, 'POST', `${BASE}/web`, cache('web'))).body).toMatchObject({ code: 405, reason: 'MethodNotAllowed' });
    expect((await call(emu, 'PATCH', BASE, {}, { 'content-type': 'application/merge-patch+json' })).status).toBe(405);
    expect((await call(emu, 'DELETE', `${BASE}/web/status`)).status).toBe(405);
  });
});

describe('create', () => {
  it('creates from JSON with server-set metadata and no status', async () => {
    const reply = await call(emu, 'POST', BASE, { ...cache('web'), status: { phase: 'Ready' } });
    expect(reply.status).toBe(201);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.body.metadata).toMatchObject({
      name: 'web',
      generation: 1,
      uid: expect.any(String),
      resourceVersion: expect.stringMatching(/^\d+$/),
      creationTimestamp: '2024-03-01T12:00:00Z',
    });
    expect(reply.body).not.toHaveProperty('status');
    expect(emu.store.get('web').spec).toEqual({ images: ['nginx:1.25'] });
  });

  it('creates from YAML, as curl in the original document does', async () => {
    const yaml =
      'apiVersion: eci.alibabacloud.com/v1\nkind: ImageCache\nmetadata:\n  name: from-yaml\nspec:\n  images:\n  - registry.cn-shanghai.aliyuncs.com/baz/nginx:1.0\n  imagePullSecrets:\n  - default:acr-test\n';
    const reply = await call(emu, 'POST', BASE, yaml, { 'content-type': 'application/yaml' });
    expect(reply.status).toBe(201);
    expect(reply.body.spec.imagePullSecrets).toEqual(['default:acr-test']);
  });

  it('refuses bodies it cannot read', async () => {
    expect((await call(emu, 'POST', BASE, JSON.stringify(cache('x')), { 'content-type': 'text/plain' })).body).toMatchObject({
      code: 415,
      reason: 'UnsupportedMediaType',
    });
    expect((await call(emu, 'POST', BASE, '{not json')).status).toBe(400);
    const { kind: _kind, ...noKind } = cache('x');
    expect((await call(emu, 'POST', BASE, noKind)).body.message).toMatch(/^Object 'Kind' is missing in '/);
    expect((await call(emu, 'POST', BASE, { ...cache('x'), apiVersion: 'eci.alibabacloud.com/v2' })).body.message).toBe(
      'the API version in the data (eci.alibabacloud.com/v2) does not match the expected API version (eci.alibabacloud.com/v1)',
    );
    expect((await call(emu, 'POST', BASE, { ...cache('x'), metadata: { name: 'x', labels: { n: 1 } } })).status).toBe(400);
  });

  it('answers 422 Invalid in the exact Kubernetes Status shape', async () => {
    const reply = await call(emu, 'POST', BASE, cache('small', { imageCacheSize: 10 }));
    expect(reply.status).toBe(422);
    expect(reply.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'ImageCache.eci.alibabacloud.com "small" is invalid: spec.imageCacheSize: Invalid value: 10: spec.imageCacheSize in body should be greater than or equal to 20',
      reason: 'Invalid',
      details: {
        name: 'small',
        group: 'eci.alibabacloud.com',
        kind: 'ImageCache',
        causes: [
          {
            reason: 'FieldValueInvalid',
            message: 'Invalid value: 10: spec.imageCacheSize in body should be greater than or equal to 20',
            field: 'spec.imageCacheSize',
          },
        ],
      },
      code: 422,
    });
  });

  it('answers 409 AlreadyExists', async () => {
    await create('web');
    const reply = await call(emu, 'POST', BASE, cache('web'));
    expect(reply.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'imagecaches.eci.alibabacloud.com "web" already exists',
      reason: 'AlreadyExists',
      details: { name: 'web', group: 'eci.alibabacloud.com', kind: 'imagecaches' },
      code: 409,
    });
  });

  it('prunes unknown fields: a warning by default, silently with Ignore, a 400 with Strict', async () => {
    const typo = { ...cache('typo'), spec: { images: ['nginx'], imageCacheSzie: 30 } };
    const warned = await call(emu, 'POST', BASE, typo);
    expect(warned.status).toBe(201);
    expect(warned.headers.get('warning')).toBe('299 - "unknown field \\"spec.imageCacheSzie\\""');
    expect(warned.body.spec).toEqual({ images: ['nginx'] });
    const ignored = await call(emu, 'POST', `${BASE}?fieldValidation=Ignore`, { ...typo, metadata: { name: 'typo2' } });
    expect(ignored.status).toBe(201);
    expect(ignored.headers.get('warning')).toBeNull();
    const strict = await call(emu, 'POST', `${BASE}?fieldValidation=Strict`, { ...typo, metadata: { name: 'typo3' } });
    expect(strict.body).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'ImageCache in version "v1" cannot be handled as a ImageCache: strict decoding error: unknown field "spec.imageCacheSzie"',
    });
  });

  it('keeps nothing with dryRun=All, and names objects from generateName', async () => {
    const dry = await call(emu, 'POST', `${BASE}?dryRun=All`, cache('dry'));
    expect(dry.status).toBe(201);
    expect(emu.store.find('dry')).toBeUndefined();
    const generated = await call(emu, 'POST', BASE, { ...cache(''), metadata: { generateName: 'gen-' } });
    expect(generated.body.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
  });
});

describe('get and list', () => {
  it('gets an object, and answers 404 NotFound for a missing one', async () => {
    const created = await create('web');
    expect((await call(emu, 'GET', `${BASE}/web`)).body).toEqual(created);
    expect((await call(emu, 'GET', `${BASE}/nope`)).body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'imagecaches.eci.alibabacloud.com "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', group: 'eci.alibabacloud.com', kind: 'imagecaches' },
      code: 404,
    });
  });

  it('lists with label selectors, limit and continue', async () => {
    for (const [name, team] of [
      ['a', 'web'],
      ['b', 'api'],
      ['c', 'web'],
    ] as const) {
      expect((await call(emu, 'POST', BASE, cache(name, {}, { team }))).status).toBe(201);
    }
    const all = (await call(emu, 'GET', BASE)).body;
    expect(all).toMatchObject({ apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCacheList', metadata: { resourceVersion: emu.store.resourceVersion } });
    expect(all.items.map((i: any) => i.metadata.name)).toEqual(['a', 'b', 'c']);
    const web = (await call(emu, 'GET', `${BASE}?labelSelector=${encodeURIComponent('team in (web)')}`)).body;
    expect(web.items.map((i: any) => i.metadata.name)).toEqual(['a', 'c']);
    const page1 = (await call(emu, 'GET', `${BASE}?limit=2`)).body;
    expect(page1.items).toHaveLength(2);
    expect(page1.metadata.remainingItemCount).toBe(1);
    const page2 = (await call(emu, 'GET', `${BASE}?limit=2&continue=${encodeURIComponent(page1.metadata.continue)}`)).body;
    expect(page2.items.map((i: any) => i.metadata.name)).toEqual(['c']);
    expect((await call(emu, 'GET', `${BASE}?labelSelector=${encodeURIComponent('team in web')}`)).status).toBe(400);
    expect((await call(emu, 'GET', `${BASE}?fieldSelector=spec.images%3Dx`)).body.message).toBe('field label not supported: spec.images');
  });

  it('answers 410 Expired for a continue token after compaction', async () => {
    await create('a');
    await create('b');
    const page1 = (await call(emu, 'GET', `${BASE}?limit=1`)).body;
    emu.store.compact();
    const reply = await call(emu, 'GET', `${BASE}?limit=1&continue=${encodeURIComponent(page1.metadata.continue)}`);
    expect(reply.body).toMatchObject({ code: 410, reason: 'Expired', message: expect.stringMatching(/^The provided continue parameter is too old/) });
  });

  it('serves the Table format kubectl asks for, and YAML', async () => {
    await create('web');
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
    const table = await call(emu, 'GET', BASE, undefined, { accept });
    expect(table.headers.get('content-type')).toBe('application/json;as=Table;v=v1;g=meta.k8s.io');
    expect(table.body.kind).toBe('Table');
    expect(table.body.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'Age', 'CacheId', 'Phase', 'Progress']);
    expect(table.body.rows[0].cells).toEqual(['web', '0s', null, null, null]);
    const one = await call(emu, 'GET', `${BASE}/web`, undefined, { accept });
    expect(one.body.rows).toHaveLength(1);
    const yaml = await call(emu, 'GET', `${BASE}/web`, undefined, { accept: 'application/yaml' });
    expect(yaml.headers.get('content-type')).toBe('application/yaml');
    expect(yaml.text).toMatch(/^apiVersion: eci\.alibabacloud\.com\/v1\nkind: ImageCache\n/);
    expect((await call(emu, 'GET', BASE, undefined, { accept: 'application/vnd.kubernetes.protobuf' })).body).toMatchObject({
      code: 406,
      reason: 'NotAcceptable',
    });
  });
});

describe('replace (PUT)', () => {
  it('replaces the spec and bumps generation; ignores status', async () => {
    const created = await create('web');
    const reply = await call(emu, 'PUT', `${BASE}/web`, { ...created, spec: { images: ['nginx', 'redis'] }, status: { phase: 'Ready' } });
    expect(reply.status).toBe(200);
    expect(reply.body.metadata.generation).toBe(2);
    expect(reply.body).not.toHaveProperty('status');
    expect(Number(reply.body.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
  });

  it('answers 409 Conflict for a stale resourceVersion, 404 for a missing object, 400 for a name mismatch', async () => {
    const created = await create('web');
    await call(emu, 'PUT', `${BASE}/web`, { ...created, spec: { images: ['a'] } });
    const stale = await call(emu, 'PUT', `${BASE}/web`, { ...created, spec: { images: ['b'] } });
    expect(stale.body).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on imagecaches.eci.alibabacloud.com "web": the object has been modified; please apply your changes to the latest version and try again',
      details: { name: 'web', group: 'eci.alibabacloud.com', kind: 'imagecaches' },
    });
    expect((await call(emu, 'PUT', `${BASE}/nope`, { ...created, metadata: { ...created.metadata, name: 'nope' } })).status).toBe(404);
    expect((await call(emu, 'PUT', `${BASE}/web`, { ...created, metadata: { ...created.metadata, name: 'other' } })).body.message).toBe(
      'the name of the object (other) does not match the name on the URL (web)',
    );
  });

  it('validates the new object', async () => {
    const created = await create('web');
    const reply = await call(emu, 'PUT', `${BASE}/web`, { ...created, spec: { images: ['nginx'], retentionDays: 0 } });
    expect(reply.body).toMatchObject({ code: 422, details: { causes: [{ field: 'spec.retentionDays', reason: 'FieldValueInvalid' }] } });
  });
});

describe('patch', () => {
  it('applies a JSON merge patch', async () => {
    await create('web');
    const reply = await call(
      emu,
      'PATCH',
      `${BASE}/web`,
      { spec: { retentionDays: 7 }, metadata: { labels: { team: 'web' } } },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(reply.status).toBe(200);
    expect(reply.body.spec).toEqual({ images: ['nginx:1.25'], retentionDays: 7 });
    expect(reply.body.metadata.labels).toEqual({ team: 'web' });
    expect(reply.body.metadata.generation).toBe(2);
  });

  it('applies a JSON patch, and a failed test is 422', async () => {
    await create('web');
    const ok = await call(emu, 'PATCH', `${BASE}/web`, [{ op: 'add', path: '/spec/images/-', value: 'redis:7' }], {
      'content-type': 'application/json-patch+json',
    });
    expect(ok.body.spec.images).toEqual(['nginx:1.25', 'redis:7']);
    const failed = await call(emu, 'PATCH', `${BASE}/web`, [{ op: 'test', path: '/spec/images/0', value: 'x' }], {
      'content-type': 'application/json-patch+json',
    });
    expect(failed.status).toBe(422);
  });

  it('treats a resourceVersion in the patch as a precondition', async () => {
    const created = await create('web');
    await call(emu, 'PATCH', `${BASE}/web`, { spec: { retentionDays: 1 } }, { 'content-type': 'application/merge-patch+json' });
    const stale = await call(
      emu,
      'PATCH',
      `${BASE}/web`,
      { metadata: { resourceVersion: created.metadata.resourceVersion }, spec: { retentionDays: 2 } },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(stale.body).toMatchObject({ code: 409, reason: 'Conflict' });
  });

  it('refuses strategic merge patch with 415, and answers 404 for a missing object', async () => {
    await create('web');
    expect((await call(emu, 'PATCH', `${BASE}/web`, {}, { 'content-type': 'application/strategic-merge-patch+json' })).body).toMatchObject({
      code: 415,
      reason: 'UnsupportedMediaType',
    });
    expect((await call(emu, 'PATCH', `${BASE}/nope`, {}, { 'content-type': 'application/merge-patch+json' })).status).toBe(404);
  });

  it('server-side apply creates, then merges; it requires a fieldManager', async () => {
    const manifest = 'apiVersion: eci.alibabacloud.com/v1\nkind: ImageCache\nmetadata:\n  name: applied\nspec:\n  images: [nginx]\n';
    const headers = { 'content-type': 'application/apply-patch+yaml' };
    expect((await call(emu, 'PATCH', `${BASE}/applied`, manifest, headers)).body.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
    const created = await call(emu, 'PATCH', `${BASE}/applied?fieldManager=test`, manifest, headers);
    expect(created.status).toBe(201);
    const updated = await call(emu, 'PATCH', `${BASE}/applied?fieldManager=test`, manifest.replace('[nginx]', '[nginx, redis]'), headers);
    expect(updated.status).toBe(200);
    expect(updated.body.spec.images).toEqual(['nginx', 'redis']);
  });
});

describe('status subresource', () => {
  it('PUT and PATCH on /status change only status; the main resource ignores status', async () => {
    const created = await create('web');
    const put = await call(emu, 'PUT', `${BASE}/web/status`, { ...created, spec: { images: ['changed'] }, status: { phase: 'Pending' } });
    expect(put.status).toBe(200);
    expect(put.body.spec).toEqual(created.spec);
    expect(put.body.status).toEqual({ phase: 'Pending' });
    expect(put.body.metadata.generation).toBe(1);
    const patched = await call(
      emu,
      'PATCH',
      `${BASE}/web/status`,
      { status: { phase: 'Ready', progress: '100%' } },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(patched.body.status).toEqual({ phase: 'Ready', progress: '100%' });
    const ignored = await call(emu, 'PATCH', `${BASE}/web`, { status: { phase: 'Failed' } }, { 'content-type': 'application/merge-patch+json' });
    expect(ignored.body.status.phase).toBe('Ready');
    expect((await call(emu, 'GET', `${BASE}/web/status`)).body.status.phase).toBe('Ready');
    const invalid = await call(emu, 'PATCH', `${BASE}/web/status`, { status: { progress: 100 } }, { 'content-type': 'application/merge-patch+json' });
    expect(invalid.body).toMatchObject({ code: 422, details: { causes: [{ field: 'status.progress' }] } });
  });
});

describe('delete', () => {
  it('answers a Success Status with the uid, then 404', async () => {
    const created = await create('web');
    const reply = await call(emu, 'DELETE', `${BASE}/web`);
    expect(reply.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 'web', group: 'eci.alibabacloud.com', kind: 'imagecaches', uid: created.metadata.uid },
    });
    expect((await call(emu, 'DELETE', `${BASE}/web`)).body).toMatchObject({ code: 404, message: 'imagecaches.eci.alibabacloud.com "web" not found' });
  });

  it('honours preconditions and dry runs', async () => {
    const created = await create('web');
    const conflict = await call(emu, 'DELETE', `${BASE}/web`, { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'someone-else' } });
    expect(conflict.body).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: expect.stringContaining('the UID in the precondition (someone-else) does not match the UID in record'),
    });
    expect((await call(emu, 'DELETE', `${BASE}/web?dryRun=All`)).status).toBe(200);
    expect(emu.store.find('web')).toBeDefined();
    const ok = await call(emu, 'DELETE', `${BASE}/web`, { preconditions: { resourceVersion: created.metadata.resourceVersion } });
    expect(ok.body.status).toBe('Success');
  });

  it('returns the object while finalizers hold it', async () => {
    await create('held', { metadata: { name: 'held', finalizers: ['example.com/hold'] } });
    const reply = await call(emu, 'DELETE', `${BASE}/held`);
    expect(reply.status).toBe(200);
    expect(reply.body.kind).toBe('ImageCache');
    expect(reply.body.metadata.deletionTimestamp).toBeDefined();
  });

  it('deletes a collection by label selector', async () => {
    await call(emu, 'POST', BASE, cache('a', {}, { team: 'web' }));
    await call(emu, 'POST', BASE, cache('b', {}, { team: 'api' }));
    const reply = await call(emu, 'DELETE', `${BASE}?labelSelector=team%3Dweb`);
    expect(reply.body.kind).toBe('ImageCacheList');
    expect(reply.body.items.map((i: any) => i.metadata.name)).toEqual(['a']);
    expect(emu.store.list().items.map((i) => i.metadata.name)).toEqual(['b']);
  });
});

describe('authentication and lifecycle', () => {
  it('requires the bearer token when one is set, and never echoes it', async () => {
    const token = 'sekret-token-123';
    const secured = await startImageCacheEmulator({ token, controller: false });
    try {
      const denied = await call(secured, 'GET', BASE);
      expect(denied.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
      const wrong = await call(secured, 'GET', BASE, undefined, { authorization: 'Bearer wrong' });
      expect(wrong.status).toBe(401);
      expect(wrong.text).not.toContain(token);
      expect((await call(secured, 'GET', BASE, undefined, { authorization: `Bearer ${token}` })).status).toBe(200);
      expect(secured.kubeconfig).toContain(`token: "${token}"`);
    } finally {
      await secured.close();
    }
  });

  it('writes a kubeconfig file for its URL and removes it on close; close is idempotent', async () => {
    const other = await startImageCacheEmulator({ controller: false });
    expect(other.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(readFileSync(other.kubeconfigPath, 'utf8')).toBe(other.kubeconfig);
    expect(other.kubeconfig).toContain(`server: "${other.url}"`);
    await Promise.all([other.close(), other.close()]);
    await other.close();
    expect(existsSync(other.kubeconfigPath)).toBe(false);
    await expect(fetch(`${other.url}/version`)).rejects.toThrow();
  });

  it('starts with initial objects, keeping their status', async () => {
    const seeded = await startImageCacheEmulator({
      controller: false,
      initialObjects: [{ ...cache('ready'), status: { phase: 'Ready', imageCacheId: 'imc-seeded' } }],
    });
    try {
      expect((await call(seeded, 'GET', `${BASE}/ready`)).body.status).toEqual({ phase: 'Ready', imageCacheId: 'imc-seeded' });
    } finally {
      await seeded.close();
    }
  });
});
