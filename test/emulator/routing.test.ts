// The emulator's request routing (request-target.ts) and its ownership wrapper around the store
// (managed-fields-store.ts), tested directly: the HTTP suites drive them only through whole requests.
import { describe, expect, it } from 'vitest';
import { isEmulatorStatusError } from '../../src/testing/emulator/errors.js';
import type { JsonObject } from '../../src/testing/emulator/json.js';
import { ManagedFieldsStore } from '../../src/testing/emulator/managed-fields-store.js';
import { requestTarget } from '../../src/testing/emulator/request-target.js';
import { ImageCacheStore } from '../../src/testing/emulator/store.js';
import { BASE, cache } from './helpers.js';

const none = new URLSearchParams();
const codeOf = (run: () => unknown): number | undefined => {
  try {
    run();
  } catch (error) {
    return isEmulatorStatusError(error) ? error.code : -1;
  }
  return undefined;
};

describe('requestTarget', () => {
  it('reads the verb from the method, the path and the watch parameter', () => {
    expect(requestTarget('GET', BASE, none)).toEqual({ verb: 'list' });
    expect(requestTarget('GET', BASE, new URLSearchParams('watch=1'))).toEqual({ verb: 'watch', name: undefined });
    expect(requestTarget('GET', '/apis/eci.alibabacloud.com/v1/watch/imagecaches/web', none)).toEqual({ verb: 'watch', name: 'web' });
    expect(requestTarget('DELETE', BASE, none)).toEqual({ verb: 'deletecollection' });
    expect(requestTarget('PATCH', `${BASE}/a%2Fb/status`, none)).toEqual({ verb: 'patch', name: 'a/b', subresource: 'status' });
    expect(requestTarget('DELETE', `${BASE}/web`, none)).toEqual({ verb: 'delete', name: 'web' });
  });

  it('answers 404 for paths that name no resource, 405 for methods a path does not serve, 400 for bad escapes', () => {
    expect(codeOf(() => requestTarget('GET', '/apis/eci.alibabacloud.com/v1/namespaces/default/imagecaches', none))).toBe(404);
    expect(codeOf(() => requestTarget('DELETE', `${BASE}/web/status`, none))).toBe(405);
    expect(codeOf(() => requestTarget('__proto__', `${BASE}/web`, none))).toBe(405);
    expect(codeOf(() => requestTarget('GET', `${BASE}/%zz`, none))).toBe(400);
  });
});

describe('ManagedFieldsStore', () => {
  const configuration = (retentionDays: number): JsonObject => JSON.parse(JSON.stringify(cache('web', { retentionDays })));

  it('an update gives its manager the fields it changed, so another manager applying them conflicts', () => {
    const managed = new ManagedFieldsStore(new ImageCacheStore());
    const created = managed.create(configuration(3), { manager: 'kubectl' });
    const admit = (formed: JsonObject) => formed;
    expect(codeOf(() => managed.apply('web', configuration(7), { manager: 'ci', force: false }, admit))).toBe(409);
    const forced = managed.apply('web', configuration(7), { manager: 'ci', force: true }, admit);
    expect(forced).toMatchObject({ created: false, object: { metadata: { uid: created.metadata.uid }, spec: { retentionDays: 7 } } });
  });

  it('an apply creates a missing object, but not through the status subresource', () => {
    const managed = new ManagedFieldsStore(new ImageCacheStore());
    const admit = (formed: JsonObject) => formed;
    expect(codeOf(() => managed.apply('web', configuration(3), { manager: 'ci', force: false, subresource: 'status' }, admit))).toBe(404);
    expect(managed.find('web')).toBeUndefined();
    expect(managed.apply('web', configuration(3), { manager: 'ci', force: false }, admit).created).toBe(true);
  });
});
