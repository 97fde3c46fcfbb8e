import * as http from 'node:http';
import * as https from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';

/** Where the tunnel goes through and how to authenticate to it. */
export interface TunnelProxy {
  /** `http://` or `https://` URL of the proxy; user info in it becomes `Proxy-Authorization`. */
  readonly url: URL;
  /** Milliseconds to wait for the proxy's answer to CONNECT. */
  readonly connectTimeoutMs: number;
}

/** The proxy refused or failed the CONNECT; `code` is `EPROXYCONNECT`. */
class TunnelError extends Error {
  override readonly name = 'TunnelError';
  readonly code = 'EPROXYCONNECT';
}

/**
 * An https.Agent that reaches the server through an HTTP(S) proxy with CONNECT, then speaks TLS
 * to the server inside the tunnel, so the proxy sees neither the URL nor the headers. Sockets are
 * kept alive and pooled like any https.Agent's; proxy credentials go only on the CONNECT request.
 */
export class ConnectTunnelAgent extends https.Agent {
  readonly #proxy: TunnelProxy;
  readonly #proxyAuthorization: string | undefined;

  /**
   * @example
   * ```ts
   * const agent = new ConnectTunnelAgent({ url: new URL('http://proxy:3128'), connectTimeoutMs: 10_000 }, { keepAlive: true, ca });
   * ```
   */
  constructor(proxy: TunnelProxy, options: https.AgentOptions) {
    super(options);
    this.#proxy = proxy;
    const { username, password } = proxy.url;
    this.#proxyAuthorization =
      username || password
        ? `Basic ${Buffer.from(`${decodeURIComponent(username)}:${decodeURIComponent(password)}`).toString('base64')}`
        : undefined;
  }

  override createConnection(
    options: http.ClientRequestArgs & tls.ConnectionOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const done = callback ?? (() => undefined);
    const host = options.host ?? options.hostname ?? 'localhost';
    const port = Number(options.port ?? 443);
    const target = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
    const proxy = this.#proxy.url;
    const secureProxy = proxy.protocol === 'https:';
    const headers: http.OutgoingHttpHeaders = { host: target };
    if (this.#proxyAuthorization) headers['proxy-authorization'] = this.#proxyAuthorization;

    const request = (secureProxy ? https : http).request({
      host: proxy.hostname.replace(/^\[|\]$/g, ''),
      port: proxy.port || (secureProxy ? 443 : 80),
      method: 'CONNECT',
      path: target,
      headers,
      agent: false,
      timeout: this.#proxy.connectTimeoutMs,
    });
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      request.destroy();
      done(error, undefined as unknown as Duplex);
    };
    request.once('connect', (response, socket, head) => {
      if (response.statusCode !== 200) {
        socket.destroy();
        fail(new TunnelError(`proxy ${proxy.host} refused CONNECT to ${target}: ${response.statusCode ?? '?'} ${response.statusMessage ?? ''}`.trim()));
        return;
      }
      if (head.length > 0) socket.unshift(head);
      settled = true;
      const servername = options.servername || (isIP(host) ? undefined : host);
      const secured = tls.connect({ ...options, socket, ...(servername ? { servername } : {}) });
      done(null, secured);
    });
    request.once('timeout', () => fail(new TunnelError(`proxy ${proxy.host} did not answer CONNECT within ${this.#proxy.connectTimeoutMs} ms`)));
    request.once('error', fail);
    request.end();
    return undefined;
  }
}
