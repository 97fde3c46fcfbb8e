/**
 * The axios instance of one client: the server's URL checked once, its agents, an explicit proxy
 * for http:// servers only, no redirects, and bodies left as text for the transport to parse.
 */
import axios, { type AxiosInstance, type AxiosProxyConfig } from 'axios';
import type { ClusterConnection } from '../connection.js';
import type { ClientAgents } from './agents.js';

const identity = <T>(data: T): T => data;

/**
 * `connection.server` as a URL; a TypeError names what is wrong before anything is sent.
 *
 * @example
 * ```ts
 * const url = parseServerUrl('https://10.0.0.1:6443');
 * ```
 */
export function parseServerUrl(server: string): URL {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new TypeError('connection.server is not a URL; expected e.g. https://10.0.0.1:6443 or http://127.0.0.1:8001');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`connection.server must be http:// or https://, got ${url.protocol}`);
  }
  if (url.username || url.password) {
    // A URL is printed and logged far too often to carry a password.
    throw new TypeError('connection.server must not contain user info; set connection.username and connection.password instead');
  }
  return url;
}

function proxyConfigFor(server: URL, proxyUrl: string | undefined): AxiosProxyConfig | false {
  // https targets tunnel through the agent; environment proxies are never consulted implicitly.
  if (!proxyUrl || server.protocol === 'https:') return false;
  const proxy = new URL(proxyUrl);
  return {
    protocol: proxy.protocol.replace(/:$/, ''),
    host: proxy.hostname,
    port: Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80)),
    ...(proxy.username ? { auth: { username: decodeURIComponent(proxy.username), password: decodeURIComponent(proxy.password) } } : {}),
  };
}

/**
 * The axios instance for `server` (from {@link parseServerUrl}).
 *
 * @example
 * ```ts
 * const http = createHttpClient(parseServerUrl(connection.server), connection, agents);
 * ```
 */
export function createHttpClient(server: URL, connection: ClusterConnection, agents: ClientAgents): AxiosInstance {
  return axios.create({
    baseURL: baseUrlOf(server),
    adapter: 'http',
    httpAgent: agents.httpAgent,
    httpsAgent: agents.httpsAgent,
    proxy: proxyConfigFor(server, connection.proxyUrl),
    // The API server never redirects; following one could carry the token elsewhere.
    maxRedirects: 0,
    responseType: 'text',
    responseEncoding: 'utf8',
    transformRequest: [identity],
    transformResponse: [identity],
    // Every status resolves; the transport turns failures into its own errors.
    validateStatus: null,
  });
}

/** The server's URL without a trailing slash, so API paths append to it. */
export function baseUrlOf(server: URL): string {
  return server.toString().replace(/\/+$/, '');
}
