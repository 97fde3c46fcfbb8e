import { describe, expect, it } from 'vitest';
import { ImageCacheClient, isAbortError, isKubernetesApiError, isNetworkError, isRequestTimeout, isResponseError, isTimeout } from '../../src/client/index.js';
import { serverImageCache } from './helpers/fixtures.js';
import { sendJson, startTestServer } from './helpers/test-server.js';
import { closedAfterEach } from './helpers/client-per-test.js';

const GET_WEB = '/apis/eci.alibabacloud.com/v1/imagecaches/web';
const HTML_PAGE = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';

describe('faults on a real socket', () => {
  const open = closedAfterEach();

  it('a connection reset mid-body is retried for a GET, which then succeeds', async () => {
    open.server = await startTestServer((_req, res, index) => {
      if (index === 0) {
        const body = JSON.stringify(serverImageCache('web'));
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
        res.write(body.slice(0, 40));
        // Cut the connection once half the body is out.
        setTimeout(() => res.socket?.destroy(), 10);
        return;
      }
      sendJson(res, 200, serverImageCache('web'));
    });
    open.client = new ImageCacheClient({ server: open.server.url }, { retry: { baseDelayMs: 1, maxDelayMs: 2 } });
    await expect(open.client.get('web')).resolves.toMatchObject({ metadata: { name: 'web' } });
    expect(open.server.requests.map((r) => r.path)).toEqual([GET_WEB, GET_WEB]);
  });

  it('a connection reset mid-body fails a create with a network error and no second POST', async () => {
    open.server = await startTestServer((_req, res) => {
      res.writeHead(201, { 'Content-Type': 'application/json', 'Content-Length': 500 });
      res.write('{"apiVersion":"eci');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    open.client = new ImageCacheClient({ server: open.server.url }, { retry: { baseDelayMs: 1, maxDelayMs: 2 } });
    const error = await open.client.create({ metadata: { name: 'web' }, spec: { images: ['nginx'] } }).catch((e: unknown) => e);
    expect(isNetworkError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ECONNRESET', method: 'POST' });
    expect(open.server.requests).toHaveLength(1);
  });

  it('an HTML page with a success status is a typed error quoting a short excerpt', async () => {
    open.server = await startTestServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(HTML_PAGE.repeat(5));
    });
    open.client = new ImageCacheClient({ server: open.server.url });
    const error = await open.client.get('web').catch((e: unknown) => e);
    expect(isResponseError(error)).toBe(true);
    expect(error).toMatchObject({ problem: 'not-json', statusCode: 200, contentType: 'text/html', excerpt: expect.stringContaining('502 Bad Gateway') });
    expect((error as { excerpt: string }).excerpt.length).toBeLessThanOrEqual(203);
    expect(open.server.requests).toHaveLength(1);
  });

  it('an HTML page with an error status is a KubernetesApiError with the derived reason and an excerpt', async () => {
    open.server = await startTestServer((_req, res) => {
      res.writeHead(503, { 'Content-Type': 'text/html' });
      res.end(HTML_PAGE);
    });
    open.client = new ImageCacheClient({ server: open.server.url }, { retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 } });
    const error = await open.client.get('web').catch((e: unknown) => e);
    expect(isKubernetesApiError(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 503, reason: 'ServiceUnavailable', bodyExcerpt: expect.stringContaining('<title>502 Bad Gateway') });
    expect(open.server.requests).toHaveLength(2);
  });

  it('a body cut short without a reset is reported as truncated', async () => {
    open.server = await startTestServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"apiVersion":"eci.alibabacloud.com/v1","kind":"ImageCache","metadata":{"na');
    });
    open.client = new ImageCacheClient({ server: open.server.url });
    await expect(open.client.get('web')).rejects.toMatchObject({ name: 'KubernetesResponseError', problem: 'truncated' });
  });

  it('a response slower than the timeout fails with a timeout error and is not retried', async () => {
    open.server = await startTestServer((_req, res) => {
      // Headers at once, then nothing: the timeout covers the body too.
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{');
    });
    open.client = new ImageCacheClient({ server: open.server.url }, { timeoutMs: 100, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
    const error = await open.client.get('web').catch((e: unknown) => e);
    expect(isRequestTimeout(error)).toBe(true);
    expect(isTimeout(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ETIMEDOUT', timeoutMs: 100, method: 'GET', path: GET_WEB });
    expect(open.server.requests).toHaveLength(1);
  });

  it('an abort during the request rejects with an AbortError and sends nothing more', async () => {
    open.server = await startTestServer(() => {
      // Never answers.
    });
    open.client = new ImageCacheClient({ server: open.server.url });
    const controller = new AbortController();
    const pending = open.client.get('web', { signal: controller.signal });
    await waitFor(() => open.server!.requests.length === 1);
    controller.abort(new Error('user pressed ctrl-c'));
    const error = await pending.catch((e: unknown) => e);
    expect(isAbortError(error)).toBe(true);
    expect(error).toMatchObject({ name: 'AbortError', cause: { message: 'user pressed ctrl-c' } });
    expect(open.server.requests).toHaveLength(1);
  });

  it('an already aborted signal sends nothing', async () => {
    open.server = await startTestServer((_req, res) => sendJson(res, 200, serverImageCache('web')));
    open.client = new ImageCacheClient({ server: open.server.url });
    await expect(open.client.get('web', { signal: AbortSignal.abort() })).rejects.toSatisfy(isAbortError);
    expect(open.server.requests).toHaveLength(0);
  });

  it('an abort during the backoff wait stops the retries', async () => {
    open.server = await startTestServer((_req, res) => sendJson(res, 503, { kind: 'Status', code: 503, reason: 'ServiceUnavailable' }));
    open.client = new ImageCacheClient({ server: open.server.url }, { retry: { retries: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    const controller = new AbortController();
    const pending = open.client.get('web', { signal: controller.signal });
    await waitFor(() => open.server!.requests.length === 1);
    controller.abort();
    await expect(pending).rejects.toSatisfy(isAbortError);
    expect(open.server.requests).toHaveLength(1);
  });

  it('connection refused on a GET is retried, then reported as a network error with a sanitized cause', async () => {
    const probe = await startTestServer(() => undefined);
    const url = probe.url;
    await probe.close();
    const retried: string[] = [];
    open.client = new ImageCacheClient(
      { server: url },
      { retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 }, hooks: { onRetry: (r) => retried.push(r.reason) } },
    );
    const error = await open.client.get('web').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'KubernetesNetworkError', code: 'ECONNREFUSED', cause: { code: 'ECONNREFUSED', syscall: 'connect' } });
    expect(retried).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
    // The cause is a plain copy: no request config, no headers.
    expect(Object.keys((error as Error).cause as object)).not.toContain('config');
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}
