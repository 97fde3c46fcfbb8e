/**
 * kubectl's rule for credentials and plain http: client-go's `clientcmd` reads the user's
 * credentials only when the final server (after every flag override) is https
 * (`restclient.IsConfigTransportTLS`), so a token, a password or an exec plugin's token never
 * travels in clear text. The SDK applies the same rule wherever a connection is built.
 */
import type { ClusterConnection } from './connection.js';

/** Connection fields that put a credential into request headers. */
export const HEADER_CREDENTIAL_FIELDS = ['token', 'credentials', 'username', 'password'] as const;
/** Fields that only mean something over TLS: client certificates. */
const TLS_CREDENTIAL_FIELDS = ['certData', 'keyData'] as const;

/** One of the fields in {@link HEADER_CREDENTIAL_FIELDS}. */
export type HeaderCredentialField = (typeof HEADER_CREDENTIAL_FIELDS)[number];

/**
 * True when `server` is a plain `http://` URL (loopback included: kubectl makes no exception).
 *
 * @example
 * ```ts
 * isPlainHttp('http://127.0.0.1:8001'); // true
 * ```
 */
export function isPlainHttp(server: string): boolean {
  return /^http:\/\//i.test(server.trim());
}

/**
 * The header credentials `connection` carries, by field name.
 *
 * @example
 * ```ts
 * headerCredentialFields({ server: 'http://x', token: 't' }); // ['token']
 * ```
 */
export function headerCredentialFields(connection: ClusterConnection): HeaderCredentialField[] {
  return HEADER_CREDENTIAL_FIELDS.filter((field) => connection[field] !== undefined);
}

/**
 * `connection` without any credential when its server is plain http, and the names of what was
 * dropped (for a warning); unchanged over https. This is what kubectl does after applying
 * `--server` and `--token`.
 *
 * @example
 * ```ts
 * credentialsForServer({ server: 'http://127.0.0.1:8001', token: 't' }); // { connection: { server: 'http://127.0.0.1:8001' }, dropped: ['token'] }
 * ```
 */
export function credentialsForServer(connection: ClusterConnection): { connection: ClusterConnection; dropped: string[] } {
  if (!isPlainHttp(connection.server)) return { connection, dropped: [] };
  const fields = [...HEADER_CREDENTIAL_FIELDS, ...TLS_CREDENTIAL_FIELDS];
  const dropped = fields.filter((field) => connection[field] !== undefined);
  if (dropped.length === 0) return { connection, dropped };
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(connection) as (keyof ClusterConnection)[]) {
    if (!(fields as readonly string[]).includes(key)) kept[key] = connection[key];
  }
  return { connection: kept as unknown as ClusterConnection, dropped };
}
