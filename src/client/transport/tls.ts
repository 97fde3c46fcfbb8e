import https from 'node:https';
import type { ClusterConnection } from '../connection.js';
import { ProxyTunnelAgent } from './proxy.js';

/**
 * The TLS options kubectl would use for `connection`: its CA instead of the system roots when set,
 * the client certificate, `tls-server-name` as the name to verify (and SNI), and verification off
 * only when `insecureSkipTlsVerify` is exactly true. Fields left unset are left out.
 *
 * @example
 * ```ts
 * const agent = new https.Agent({ ...httpsAgentOptions(connection), keepAlive: true });
 * ```
 */
export function httpsAgentOptions(connection: ClusterConnection): https.AgentOptions {
  const options: https.AgentOptions = { rejectUnauthorized: connection.insecureSkipTlsVerify !== true };
  if (connection.caData !== undefined) options.ca = connection.caData;
  if (connection.certData !== undefined) options.cert = connection.certData;
  if (connection.keyData !== undefined) options.key = connection.keyData;
  // The agent's servername wins over the one Node derives from the URL's host, and Node verifies the
  // certificate against it: exactly kubectl's tls-server-name.
  if (connection.tlsServerName) options.servername = connection.tlsServerName;
  return options;
}

/**
 * An `https.Agent` for an https:// `connection`, tunnelling through `proxyUrl` (http:// or https://,
 * with CONNECT) when there is one. `extra` options (keepAlive, maxSockets, ...) are added; TLS
 * options from the connection win over them.
 *
 * @example
 * ```ts
 * const { connection } = await loadKubeConfig();
 * const agent = createHttpsAgent(connection, { keepAlive: true });
 * https.get(`${connection.server}/version`, { agent }, (res) => res.pipe(process.stdout));
 * ```
 */
export function createHttpsAgent(connection: ClusterConnection, extra: https.AgentOptions = {}): https.Agent {
  const options = { ...extra, ...httpsAgentOptions(connection) };
  return connection.proxyUrl ? new ProxyTunnelAgent(new URL(connection.proxyUrl), options) : new https.Agent(options);
}
