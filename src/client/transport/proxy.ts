import { EciImageCacheError, isErrorOf } from '../../errors/base.js';
import type { ClientRequestArgs } from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';

/** The proxy refused or broke the CONNECT tunnel. The message names the proxy without its credentials. */
export class ProxyConnectError extends EciImageCacheError {
  /** Always `'ProxyConnectError'`. */
  override readonly name = 'ProxyConnectError';
  /** The proxy's HTTP status, when it answered. */
  readonly statusCode: number | undefined;

  /** `message` names the proxy without credentials; `statusCode` is the proxy's answer to CONNECT, if it gave one. */
  constructor(message: string, statusCode?: number) {
    super(message);
    this.statusCode = statusCode;
  }
}

/**
 * True when `value` is a {@link ProxyConnectError}.
 *
 * @example
 * ```ts
 * if (isProxyConnectError(err) && err.statusCode === 407) console.error('the proxy wants credentials in proxy-url');
 * ```
 */
export function isProxyConnectError(value: unknown): value is ProxyConnectError {
  return isErrorOf(value, ProxyConnectError);
}

const MAX_CONNECT_RESPONSE_BYTES = 16 * 1024;

/**
 * An https.Agent that reaches every server through an HTTP CONNECT tunnel, as Go's transport does for
 * kubeconfig's `proxy-url`. TLS to the API server runs inside the tunnel, so the proxy sees only the host name.
 */
export class ProxyTunnelAgent extends https.Agent {
  readonly #proxy: URL;

  constructor(proxy: URL, options: https.AgentOptions) {
    super(options);
    if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') {
      throw new ProxyConnectError(`unsupported proxy scheme ${JSON.stringify(proxy.protocol)}: use http:// or https://`);
    }
    this.#proxy = proxy;
  }

  override createConnection(options: ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const target = options as tls.ConnectionOptions & { host: string; port: number | string };
    openTunnel(this.#proxy, target.host, Number(target.port), target).then(
      (socket) => {
        const secure = tls.connect({ ...target, socket });
        callback?.(null, secure);
      },
      (error: Error) => callback?.(error, undefined as unknown as Duplex),
    );
    // Node's Agent waits for the callback when no socket is returned synchronously.
    return undefined;
  }
}

function proxyLabel(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}

/** Opens a socket to the proxy and asks it to CONNECT to host:port; resolves once the proxy says 200. */
function openTunnel(proxy: URL, host: string, port: number, tlsOptions: tls.ConnectionOptions): Promise<net.Socket> {
  const proxyPort = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
  const proxyHost = proxy.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket: net.Socket =
      proxy.protocol === 'https:'
        ? tls.connect({
            host: proxyHost,
            port: proxyPort,
            servername: net.isIP(proxyHost) ? undefined : proxyHost,
            // Go verifies an https proxy with the cluster's TLS settings; adding the system roots keeps
            // a publicly trusted proxy working when the cluster has its own CA.
            ca: tlsOptions.ca ? [...tls.rootCertificates, ...[tlsOptions.ca].flat()] : undefined,
            rejectUnauthorized: tlsOptions.rejectUnauthorized,
          })
        : net.connect({ host: proxyHost, port: proxyPort });
    const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    const headers = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
    if (proxy.username || proxy.password) {
      const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
      headers.push(`Proxy-Authorization: Basic ${Buffer.from(credentials).toString('base64')}`);
    }
    let received = Buffer.alloc(0);
    const fail = (message: string, statusCode?: number): void => {
      socket.destroy();
      reject(new ProxyConnectError(`proxy ${proxyLabel(proxy)} ${message}`, statusCode));
    };
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end === -1) {
        if (received.length > MAX_CONNECT_RESPONSE_BYTES) fail('sent an oversized answer to CONNECT');
        return;
      }
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('end', onEnd);
      const statusLine = received.subarray(0, received.indexOf('\r\n')).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
      if (status !== 200) {
        fail(
          Number.isNaN(status) ? 'sent a malformed answer to CONNECT' : `refused CONNECT to ${authority} with HTTP ${status}`,
          Number.isNaN(status) ? undefined : status,
        );
        return;
      }
      const rest = received.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      resolve(socket);
    };
    const onError = (error: NodeJS.ErrnoException): void => fail(`could not be reached (${error.code ?? error.message})`);
    const onEnd = (): void => fail('closed the connection during CONNECT');
    socket.on('data', onData);
    socket.once('error', onError);
    socket.once('end', onEnd);
    socket.once(proxy.protocol === 'https:' ? 'secureConnect' : 'connect', () => socket.write(`${headers.join('\r\n')}\r\n\r\n`));
  });
}
