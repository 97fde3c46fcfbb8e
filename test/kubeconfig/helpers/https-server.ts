import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

/** What the test server saw of one request. */
export interface SeenRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** CN of the client certificate, when one was presented and verified against the CA. */
  readonly clientCn?: string | undefined;
}

/** A local HTTPS server on 127.0.0.1 that records requests and answers like a tiny API server. */
export interface TestHttpsServer {
  readonly port: number;
  readonly url: string;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

/** Starts the server; client certificates are requested and verified against `ca` but not required. */
export async function startHttpsServer(options: { cert: string; key: string; ca: string }): Promise<TestHttpsServer> {
  const requests: SeenRequest[] = [];
  const server = https.createServer({ ...options, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const socket = req.socket as TLSSocket;
    const peer = socket.authorized ? socket.getPeerCertificate() : undefined;
    const cn = peer?.subject?.CN;
    requests.push({ path: req.url ?? '', headers: req.headers, clientCn: typeof cn === 'string' ? cn : undefined });
    answer(req, res);
  });
  return listening(server, 'https', requests);
}

/** Answers like a tiny API server: kubectl's dispatcher asks for /version first. */
function answer(req: http.IncomingMessage, res: http.ServerResponse): void {
  res.setHeader('content-type', 'application/json');
  const body = req.url?.includes('/version')
    ? { major: '1', minor: '32', gitVersion: 'v1.32.0' }
    : { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] };
  res.end(JSON.stringify(body));
}

/** The same over plain http on 127.0.0.1, to see what kubectl sends without TLS. */
export async function startHttpServer(): Promise<TestHttpsServer> {
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ path: req.url ?? '', headers: req.headers });
    answer(req, res);
  });
  return listening(server, 'http', requests);
}

/** Listens on a random port of 127.0.0.1; `close` also ends open connections. */
async function listening(server: http.Server, scheme: 'http' | 'https', requests: SeenRequest[]): Promise<TestHttpsServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `${scheme}://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
