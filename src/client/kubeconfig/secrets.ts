import { inspect } from 'node:util';
import type { ClusterConnection } from '../connection.js';
import { REDACTED, redactUrlCredentials } from '../redaction.js';

const SECRET_FIELDS = ['token', 'password', 'keyData'] as const;

function redactedView(connection: ClusterConnection): Record<string, unknown> {
  const view: Record<string, unknown> = { ...connection };
  for (const field of SECRET_FIELDS) if (connection[field] !== undefined) view[field] = connection[field];
  for (const field of SECRET_FIELDS) if (view[field] !== undefined) view[field] = REDACTED;
  if (view['proxyUrl'] !== undefined) view['proxyUrl'] = redactUrlCredentials(String(view['proxyUrl']));
  return view;
}

/**
 * Keeps the token, password and client key of `connection` out of its enumerable own properties,
 * so `{ ...connection }`, `Object.assign` and `structuredClone` copy everything but them, and
 * JSON.stringify and util.inspect (so console.log) show `[REDACTED]`. The fields still read as
 * before (`connection.token`); a copy made by spreading simply has no credentials. To change a
 * field and keep the secrets, use {@link overrideConnection}.
 */
export function hideSecrets<T extends ClusterConnection>(connection: T): T {
  for (const field of SECRET_FIELDS) {
    const descriptor = Object.getOwnPropertyDescriptor(connection, field);
    if (descriptor && 'value' in descriptor && descriptor.value !== undefined) {
      Object.defineProperty(connection, field, { value: descriptor.value, enumerable: false, writable: false, configurable: true });
    }
  }
  Object.defineProperty(connection, 'toJSON', { value: () => redactedView(connection), enumerable: false, configurable: true });
  Object.defineProperty(connection, inspect.custom, {
    value: (_depth: number, options: object) => `ClusterConnection ${inspect(redactedView(connection), options)}`,
    enumerable: false,
    configurable: true,
  });
  return connection;
}

/**
 * A copy of `connection` with `changes` applied (an `undefined` value removes the field), its
 * hidden secrets carried over and hidden again: how flags such as `--server` and `--token`
 * override a loaded connection.
 *
 * @example
 * ```ts
 * const overridden = overrideConnection(resolved.connection, { server: 'https://10.0.0.2:6443' });
 * ```
 */
export function overrideConnection(
  connection: ClusterConnection,
  changes: { readonly [K in keyof ClusterConnection]?: ClusterConnection[K] | undefined },
): ClusterConnection {
  const copy: Record<string, unknown> = { ...connection };
  for (const field of SECRET_FIELDS) if (connection[field] !== undefined) copy[field] = connection[field];
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete copy[key];
    else copy[key] = value;
  }
  return hideSecrets(copy as unknown as ClusterConnection);
}
