import { inspect } from 'node:util';
import type { ClusterConnection } from '../connection.js';

const REDACTED = '[redacted]';
const SECRET_FIELDS = ['token', 'password', 'keyData'] as const;

function redactedView(connection: ClusterConnection): Record<string, unknown> {
  const view: Record<string, unknown> = { ...connection };
  for (const field of SECRET_FIELDS) if (view[field] !== undefined) view[field] = REDACTED;
  if (view['proxyUrl'] !== undefined) view['proxyUrl'] = redactUrlCredentials(String(view['proxyUrl']));
  return view;
}

/** The URL with any `user:password@` replaced, for messages and logs. */
export function redactUrlCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = REDACTED;
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, `//${REDACTED}@`);
  }
}

/**
 * Makes JSON.stringify and util.inspect (so console.log) show `[redacted]` for the token, password
 * and client key of `connection`. The hooks are non-enumerable: spreading the connection copies the
 * data and drops the protection, which is the caller's choice.
 */
export function hideSecrets<T extends ClusterConnection>(connection: T): T {
  Object.defineProperty(connection, 'toJSON', { value: () => redactedView(connection), enumerable: false });
  Object.defineProperty(connection, inspect.custom, {
    value: (_depth: number, options: object) => `ClusterConnection ${inspect(redactedView(connection), options)}`,
    enumerable: false,
  });
  return connection;
}
