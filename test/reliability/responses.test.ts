// Issue #12, defect 12 and risks: another object than the one asked for is a typed error; response
// bodies are bounded by maxResponseBytes; selectors in map form and list limits are checked or
// escaped before anything is sent.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CLIENT_OPTIONS,
  ImageCacheClient,
  KubernetesResponseError,
  ResponseTooLargeError,
  isResponseError,
  isResponseTooLarge,
} from '../../src/client/index.js';
import { MAX_IMAGES_PER_CACHE } from '../../src/types/constants.js';
import type { ImageCache } from '../../src/types/index.js';
import { ImageCacheValidationError } from '../../src/validation/errors.js';
import { listOf, serverImageCache } from '../client/helpers/fixtures.js';
import { sendJson, startTestServer } from '../client/helpers/test-server.js';
import { closedAfterEach } from '../client/helpers/client-per-test.js';

const open = closedAfterEach();

async function clientFor(
  handler: Parameters<typeof startTestServer>[0],
  options: ConstructorParameters<typeof ImageCacheClient>[1] = {},
): Promise<ImageCacheClient> {
  open.server = await startTestServer(handler);
  open.client = new ImageCacheClient({ server: open.server.url }, { retry: false, ...options });
  return open.client;
}

describe('another object than the one asked for (defect 12)', () => {
  const other = serverImageCache('other');
  const wrongKind = { ...serverImageCache('web'), kind: 'ConfigMap' };
  const wrongVersion = { ...serverImageCache('web'), apiVersion: 'eci.alibabacloud.com/v2' };
  it.each([
    ['a different name', other, /expected the ImageCache "web", got one named "other"/],
    ['a different kind', wrongKind, /expected kind ImageCache, got "ConfigMap"/],
    ['a different apiVersion', wrongVersion, /expected apiVersion eci.alibabacloud.com\/v1/],
  ])('get, replace, patch and delete refuse %s with a typed error', async (_what, body, message) => {
    const c = await clientFor((_req, res) => sendJson(res, 200, body));
    const web = serverImageCache('web', { resourceVersion: '3' });
    const calls: [string, () => Promise<unknown>][] = [
      ['get', () => c.get('web')],
      ['replace', () => c.replace(web)],
      ['patch', () => c.patch('web', { spec: { retentionDays: 3 } })],
      ['delete', () => c.delete('web')],
      ['create', () => c.create({ metadata: { name: 'web' }, spec: { images: ['nginx'] } })],
    ];
    for (const [name, call] of calls) {
      const error = await call().catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(KubernetesResponseError);
      expect(isResponseError(error)).toBe(true);
      expect(error).toMatchObject({ problem: 'unexpected-object', statusCode: 200 });
      expect((error as Error).message).toMatch(message);
    }
  });

  it('the object asked for passes, and a delete may still answer with a Status', async () => {
    const c = await clientFor((req, res) =>
      sendJson(res, 200, req.method === 'DELETE' ? { kind: 'Status', apiVersion: 'v1', status: 'Success' } : serverImageCache('web')),
    );
    expect((await c.get('web')).metadata.name).toBe('web');
    expect(await c.delete('web')).toMatchObject({ kind: 'Status' });
  });
});

/** An ImageCache as large as the API server lets one be: 20 images of the longest reference, 256 KiB of annotations. */
function largest(name: string): ImageCache {
  const image = `registry.example.com/${'a'.repeat(200)}/${'b'.repeat(60)}:${'t'.repeat(30)}`;
  return serverImageCache(name, {
    metadata: { name, annotations: { 'example.com/big': 'x'.repeat(256 * 1024 - 40) } },
    spec: { images: Array.from({ length: MAX_IMAGES_PER_CACHE }, (_, i) => `${image}${i}`) },
  } as Partial<ImageCache>);
}

describe('maxResponseBytes (risk)', () => {
  it('the default holds a list page of 500 of the largest objects the API server stores', () => {
    // ~130 MiB: computed from one object rather than built or sent, the machine is shared.
    const envelope = Buffer.byteLength(JSON.stringify(listOf([], { resourceVersion: '123456789', continue: 'x'.repeat(200) })));
    const pageBytes = envelope + 500 * (Buffer.byteLength(JSON.stringify(largest('cache-000'))) + 1);
    expect(pageBytes).toBeGreaterThan(120 * 1024 * 1024);
    expect(pageBytes).toBeLessThan(DEFAULT_CLIENT_OPTIONS.maxResponseBytes);
  });

  it('a 500-object page of ordinary objects arrives under the default', async () => {
    const page = listOf(Array.from({ length: 500 }, (_, i) => serverImageCache(`cache-${String(i).padStart(3, '0')}`)));
    const c = await clientFor((_req, res) => sendJson(res, 200, page));
    expect((await c.list({ limit: 500 })).items).toHaveLength(500);
  });

  it('a larger body fails with ResponseTooLargeError and its socket is destroyed', async () => {
    let destroyedSockets = 0;
    const c = await clientFor(
      (_req, res, _i, raw) => {
        raw.socket.once('close', () => destroyedSockets++);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        // Endless: only the client's limit ends it.
        const chunk = `${JSON.stringify(serverImageCache('x'))},`.repeat(200);
        res.write(`{"kind":"ImageCacheList","apiVersion":"eci.alibabacloud.com/v1","metadata":{},"items":[`);
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        pump();
      },
      { maxResponseBytes: 1024 * 1024 },
    );
    const error = await c.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(isResponseTooLarge(error)).toBe(true);
    expect(error).toMatchObject({ problem: 'too-large', limitBytes: 1024 * 1024, statusCode: 200, name: 'ResponseTooLargeError' });
    await expect.poll(() => destroyedSockets).toBe(1);
    // Not retried: the same body would come again.
    expect(open.server!.requests.length).toBeLessThanOrEqual(1);
  });
});

describe('selectors and limits are checked before sending (risk)', () => {
  it('map-form field selector values are escaped like client-go fields.EscapeValue', async () => {
    const c = await clientFor((_req, res) => sendJson(res, 200, listOf([])));
    await c.list({ fieldSelector: { 'metadata.name': 'a,b=c\\d' } });
    expect(open.server!.requests[0]!.query.get('fieldSelector')).toBe('metadata.name=a\\,b\\=c\\\\d');
    await c.list({ fieldSelector: 'metadata.name=web' });
    expect(open.server!.requests[1]!.query.get('fieldSelector')).toBe('metadata.name=web');
  });

  it.each([
    [{ app: 'web,tier=db' }],
    [{ app: 'has space' }],
    [{ app: 'x'.repeat(64) }],
    [{ app: '-leading' }],
    [{ 'bad key!': 'web' }],
    [{ 'UPPER.example.com/app': 'web' }],
  ])('an invalid map-form label selector %j is a validation error, nothing sent', async (selector) => {
    const c = await clientFor((_req, res) => sendJson(res, 200, listOf([])));
    await expect(c.list({ labelSelector: selector })).rejects.toBeInstanceOf(ImageCacheValidationError);
    await expect(
      (async () => {
        for await (const _ of c.watch({ labelSelector: selector })) break;
      })(),
    ).rejects.toBeInstanceOf(ImageCacheValidationError);
    expect(open.server!.requests).toHaveLength(0);
  });

  it('valid map-form label selectors pass: empty values, prefixed keys', async () => {
    const c = await clientFor((_req, res) => sendJson(res, 200, listOf([])));
    await c.list({ labelSelector: { 'example.com/team': 'web', empty: '', 'a_b.c-d': 'X_y.z-1' } });
    expect(open.server!.requests[0]!.query.get('labelSelector')).toBe('example.com/team=web,empty=,a_b.c-d=X_y.z-1');
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '10' as unknown as number])(
    'list({ limit: %s }) is a validation error, nothing sent',
    async (limit) => {
      const c = await clientFor((_req, res) => sendJson(res, 200, listOf([])));
      const error = await c.list({ limit }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImageCacheValidationError);
      expect((error as ImageCacheValidationError).issues[0]).toMatchObject({ path: 'limit' });
      await expect(
        (async () => {
          for await (const _ of c.listAll({ pageSize: limit })) break;
        })(),
      ).rejects.toBeInstanceOf(ImageCacheValidationError);
      expect(open.server!.requests).toHaveLength(0);
    },
  );
});
