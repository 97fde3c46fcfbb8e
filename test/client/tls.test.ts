import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { ImageCacheClient } from '../../src/client/index.js';
import { serverImageCache } from './helpers/fixtures.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const CA = fixture('ca.crt');
const BODY = JSON.stringify(serverImageCache('web'));

interface Running {
  readonly port: number;
  readonly close: () => Promise<void>;
}

async function listen(server: Server): Promise<Running> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An https API server; records the client certificate's CN of each request. */
async function apiServer(requestCert: boolean, clients: string[]): Promise<Running> {
  const server = createHttpsServer({ key: fixture('server.key'), cert: fixture('server.crt'), ca: CA, requestCert, rejectUnauthorized: false }, (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    clients.push(String(peer?.subject?.CN ?? ''));
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(BODY);
  });
  return listen(server as unknown as Server);
}

/** A forward proxy: CONNECT tunnels for https, absolute-URI requests for http. Records what it was asked. */
async function proxyServer(seen: string[]): Promise<Running> {
  const server = createHttpServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const upstream = httpRequest(req.url ?? '', { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url} ${req.headers['proxy-authorization'] ?? ''}`.trim());
    const [, port] = (req.url ?? '').split(':');
    // Every name leads to 127.0.0.1: tests never reach any other address (not even ::1).
    const upstream = connect(Number(port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
  });
  return listen(server);
}

describe('TLS and proxies', () => {
  const running: Running[] = [];
  const clients: ImageCacheClient[] = [];
  const make = (...args: ConstructorParameters<typeof ImageCacheClient>): ImageCacheClient => {
    const client = new ImageCacheClient(...args);
    clients.push(client);
    return client;
  };
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    for (const r of running.splice(0)) await r.close();
  });

  it('verifies the server with the connection CA and presents the client certificate', async () => {
    const seen: string[] = [];
    const api = await apiServer(true, seen);
    running.push(api);
    const client = make({ server: `https://127.0.0.1:${api.port}`, caData: CA, certData: fixture('client.crt'), keyData: fixture('client.key') });
    await expect(client.get('web')).resolves.toMatchObject({ metadata: { name: 'web' } });
    await client.get('web');
    expect(seen).toEqual(['test-user', 'test-user']);
  });

  it('rejects a server its CA does not vouch for, unless insecureSkipTlsVerify is set', async () => {
    const api = await apiServer(false, []);
    running.push(api);
    const strict = make({ server: `https://127.0.0.1:${api.port}` }, { retry: false });
    await expect(strict.get('web')).rejects.toMatchObject({ name: 'KubernetesNetworkError', code: expect.stringMatching(/CERT|SIGNED|ISSUER/) });
    const lax = make({ server: `https://127.0.0.1:${api.port}`, insecureSkipTlsVerify: true });
    await expect(lax.get('web')).resolves.toBeTruthy();
  });

  it('reaches an https server through an http proxy with a CONNECT tunnel, credentials only on CONNECT', async () => {
    const api = await apiServer(false, []);
    const seen: string[] = [];
    const proxy = await proxyServer(seen);
    running.push(api, proxy);
    const client = make({
      server: `https://localhost:${api.port}`,
      caData: CA,
      proxyUrl: `http://user:pa%3Ass@127.0.0.1:${proxy.port}`,
      token: 'tok-inside-tunnel',
    });
    await client.get('web');
    await client.get('web');
    // One tunnel, kept alive for both requests; the proxy never saw the path or the token.
    expect(seen).toEqual([`CONNECT localhost:${api.port} Basic ${Buffer.from('user:pa:ss').toString('base64')}`]);
  });

  it('reaches an http server (kubectl proxy style) through an http proxy', async () => {
    const plain = await listen(
      createHttpServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(BODY);
      }),
    );
    const seen: string[] = [];
    const proxy = await proxyServer(seen);
    running.push(plain, proxy);
    const client = make({ server: `http://127.0.0.1:${plain.port}`, proxyUrl: `http://127.0.0.1:${proxy.port}` });
    await client.get('web');
    expect(seen).toEqual([`GET http://127.0.0.1:${plain.port}/apis/eci.alibabacloud.com/v1/imagecaches/web`]);
  });
});
