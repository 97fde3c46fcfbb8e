import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** GETs `url` with `agent` and resolves with the status, or rejects with the TLS/network error. */
export function get(url: string, agent: https.Agent, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

/** A CONNECT proxy on 127.0.0.1 that records the authorities it was asked for. */
export interface TestProxy {
  readonly url: string;
  readonly connects: { authority: string; proxyAuthorization?: string | undefined }[];
  close(): Promise<void>;
}

/**
 * Starts a plain-http (or, with `tls`, https) CONNECT proxy. With `requiredAuth`, a CONNECT without
 * that exact Proxy-Authorization gets 407.
 */
export async function startConnectProxy(options: { tls?: { cert: string; key: string }; requiredAuth?: string } = {}): Promise<TestProxy> {
  const connects: TestProxy['connects'] = [];
  const server = options.tls ? https.createServer(options.tls) : http.createServer();
  const sockets = new Set<net.Socket>();
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    sockets.add(client);
    const authority = req.url ?? '';
    const proxyAuthorization = req.headers['proxy-authorization'];
    connects.push({ authority, proxyAuthorization });
    if (options.requiredAuth !== undefined && proxyAuthorization !== options.requiredAuth) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n');
      return;
    }
    const [host, port] = [authority.slice(0, authority.lastIndexOf(':')), Number(authority.slice(authority.lastIndexOf(':') + 1))];
    const upstream = net.connect({ host: host.replace(/^\[|\]$/g, ''), port }, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    connects,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
