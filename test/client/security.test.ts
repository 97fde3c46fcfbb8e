import { inspect } from 'node:util';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { ImageCacheClient, type RequestLogRecord, type ResponseLogRecord } from '../../src/client/index.js';
import { ImageCacheValidationError } from '../../src/validation/errors.js';
import { SECRET_TOKEN, serverImageCache, statusOf } from './helpers/fixtures.js';
import { sendJson, startTestServer } from './helpers/test-server.js';
import { closedAfterEach } from './helpers/client-per-test.js';

const PASSWORD = 'hunter2-very-secret-password';

function expectNoSecret(error: unknown, secrets: readonly string[]): void {
  const views = [
    String(error),
    (error as Error).message,
    (error as Error).stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
    inspect((error as Error).cause, { depth: 10, showHidden: true }),
  ];
  for (const view of views) for (const secret of secrets) expect(view).not.toContain(secret);
}

describe('security', () => {
  const open = closedAfterEach();
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it.each(['../../api/v1/secrets', 'web/../../x', 'Web', 'a b', '', 'x'.repeat(254), 'web?watch=1', 'web%2F..'])(
    'get(%j) throws a validation error and sends nothing',
    async (name) => {
      open.server = await startTestServer((_req, res) => sendJson(res, 200, serverImageCache('web')));
      open.client = new ImageCacheClient({ server: open.server.url });
      await expect(open.client.get(name)).rejects.toBeInstanceOf(ImageCacheValidationError);
      await expect(open.client.delete(name)).rejects.toBeInstanceOf(ImageCacheValidationError);
      await expect(open.client.patch(name, {})).rejects.toBeInstanceOf(ImageCacheValidationError);
      expect(open.server.requests).toHaveLength(0);
    },
  );

  it('the bearer token never appears in network errors, API errors, echoed bodies or log records', async () => {
    open.server = await startTestServer((req, res, index) => {
      if (index === 0) {
        // A debugging proxy that echoes the request headers in an HTML page.
        res.writeHead(502, { 'Content-Type': 'text/html' });
        res.end(`<html><pre>authorization: ${req.headers.authorization}</pre></html>`);
      } else if (index === 1) {
        sendJson(res, 401, statusOf(401, 'Unauthorized', `token ${SECRET_TOKEN} is expired`));
      } else {
        res.socket?.destroy();
      }
    });
    const records: Array<RequestLogRecord | ResponseLogRecord> = [];
    open.client = new ImageCacheClient(
      { server: open.server.url, token: SECRET_TOKEN },
      { retry: false, allowCredentialsOverHttp: true, hooks: { onRequest: (r) => records.push(r), onResponse: (r) => records.push(r) } },
    );
    const errors = [
      await open.client.get('web').catch((e: unknown) => e),
      await open.client.get('web').catch((e: unknown) => e),
      await open.client.get('web').catch((e: unknown) => e),
    ];
    expect(errors.map((e) => (e as Error).name)).toEqual(['KubernetesApiError', 'KubernetesApiError', 'KubernetesNetworkError']);
    expect(open.server.requests.every((r) => r.headers.authorization === `Bearer ${SECRET_TOKEN}`)).toBe(true);
    for (const error of errors) expectNoSecret(error, [SECRET_TOKEN]);
    expect((errors[0] as { bodyExcerpt: string }).bodyExcerpt).toContain('Bearer [REDACTED]');
    expect(records).toHaveLength(6);
    expect(JSON.stringify(records)).not.toContain(SECRET_TOKEN);
    expect(records[0]).toMatchObject({ method: 'GET', attempt: 1, headers: { Authorization: '[REDACTED]', 'User-Agent': 'eci-imagecache/0.2.0' } });
    expect(records[1]).toMatchObject({ statusCode: 502, durationMs: expect.any(Number) });
  });

  it('basic auth and the password stay out of errors; the client itself does not show its connection', async () => {
    open.server = await startTestServer((_req, res) => {
      res.socket?.destroy();
    });
    open.client = new ImageCacheClient({ server: open.server.url, username: 'admin', password: PASSWORD }, { retry: false, allowCredentialsOverHttp: true });
    const error = await open.client.get('web').catch((e: unknown) => e);
    const basic = Buffer.from(`admin:${PASSWORD}`).toString('base64');
    expect(open.server.requests[0]?.headers.authorization).toBe(`Basic ${basic}`);
    expectNoSecret(error, [PASSWORD, basic]);
    expect(inspect(open.client, { depth: 10, showHidden: true })).not.toContain(PASSWORD);
  });

  it('the client key never appears in a TLS failure', async () => {
    const { readFileSync } = await import('node:fs');
    const keyData = readFileSync(new URL('./fixtures/client.key', import.meta.url), 'utf8');
    const certData = readFileSync(new URL('./fixtures/client.crt', import.meta.url), 'utf8');
    // A plain-HTTP server spoken to over TLS: the handshake fails.
    open.server = await startTestServer(() => undefined);
    open.client = new ImageCacheClient({ server: open.server.url.replace('http:', 'https:'), keyData, certData, token: SECRET_TOKEN }, { retry: false });
    const error = await open.client.get('web').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'KubernetesNetworkError' });
    const keyBody = keyData.split('\n')[1] ?? 'unreachable';
    expectNoSecret(error, [keyBody, SECRET_TOKEN]);
  });

  it('tokens from a credential provider stay out of errors too', async () => {
    nock.disableNetConnect();
    nock('http://127.0.0.1:6443').get('/apis/eci.alibabacloud.com/v1/imagecaches/web').reply(500, `<pre>Authorization: Bearer ${SECRET_TOKEN}</pre>`);
    open.client = new ImageCacheClient(
      { server: 'http://127.0.0.1:6443', credentials: { getToken: async () => SECRET_TOKEN } },
      { retry: false, allowCredentialsOverHttp: true },
    );
    const error = await open.client.get('web').catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 500 });
    expectNoSecret(error, [SECRET_TOKEN]);
  });

  it('sends impersonation headers, one Impersonate-Group line per group', async () => {
    open.server = await startTestServer((_req, res) => sendJson(res, 200, serverImageCache('web')));
    open.client = new ImageCacheClient({ server: open.server.url, impersonate: { user: 'alice', groups: ['dev', 'ops, admins'], uid: 'u-1' } });
    await open.client.get('web');
    const raw = open.server.requests[0]?.rawHeaders ?? [];
    const pairs: Array<[string, string]> = [];
    for (let i = 0; i < raw.length; i += 2) pairs.push([raw[i]!.toLowerCase(), raw[i + 1]!]);
    expect(pairs.filter(([k]) => k === 'impersonate-group').map(([, v]) => v)).toEqual(['dev', 'ops, admins']);
    expect(pairs.filter(([k]) => k === 'impersonate-user')).toEqual([['impersonate-user', 'alice']]);
    expect(pairs.filter(([k]) => k === 'impersonate-uid')).toEqual([['impersonate-uid', 'u-1']]);
  });

  it('refuses a server URL with user info, and never follows redirects', async () => {
    expect(() => new ImageCacheClient({ server: `https://admin:${PASSWORD}@127.0.0.1:6443` })).toThrow(/user info/);
    try {
      new ImageCacheClient({ server: `https://admin:${PASSWORD}@127.0.0.1:6443` });
    } catch (error) {
      expect(String(error)).not.toContain(PASSWORD);
    }
    open.server = await startTestServer((_req, res) => {
      res.writeHead(302, { Location: 'http://127.0.0.1:1/steal' });
      res.end();
    });
    open.client = new ImageCacheClient({ server: open.server.url, token: SECRET_TOKEN }, { retry: false, allowCredentialsOverHttp: true });
    await expect(open.client.get('web')).rejects.toMatchObject({ statusCode: 302 });
    expect(open.server.requests).toHaveLength(1);
  });

  it('a throwing log hook does not break the request', async () => {
    open.server = await startTestServer((_req, res) => sendJson(res, 200, serverImageCache('web')));
    open.client = new ImageCacheClient(
      { server: open.server.url },
      {
        hooks: {
          onRequest: () => {
            throw new Error('logger down');
          },
        },
      },
    );
    await expect(open.client.get('web')).resolves.toBeTruthy();
  });
});
