import { ImageCacheClient } from '../client/index.js';
import type { ClusterConnection } from '../client/connection.js';
import { loadDefaultConfig, loadKubeConfig } from '../client/kubeconfig/index.js';
import { overrideConnection } from '../client/kubeconfig/secrets.js';
import { credentialsForServer } from '../client/plain-http.js';
import { parseDuration, parseRequestTimeout } from './args.js';
import type { CliIO } from './io.js';

/** The connection flags as parsed. */
export interface ConnectionFlags {
  readonly kubeconfig?: string | undefined;
  readonly context?: string | undefined;
  readonly server?: string | undefined;
  readonly token?: string | undefined;
  readonly 'insecure-skip-tls-verify'?: boolean | undefined;
  readonly 'request-timeout'?: string | undefined;
  readonly namespace?: string | undefined;
  readonly 'all-namespaces'?: boolean | undefined;
}

/**
 * Resolves the cluster as kubectl would from the same flags: `--kubeconfig` or KUBECONFIG or
 * ~/.kube/config or in-cluster, then `--server` and `--token` override what was loaded. With
 * `--server` and no kubeconfig at all, the flags alone make the connection (e.g. `kubectl proxy`).
 */
export async function connectionFromFlags(flags: ConnectionFlags, io: CliIO): Promise<ClusterConnection> {
  let connection: ClusterConnection;
  const explicitOnly = flags.server !== undefined && flags.kubeconfig === undefined && !io.env['KUBECONFIG'] && flags.context === undefined;
  if (explicitOnly) {
    connection = { server: flags.server! };
  } else {
    const resolved = flags.kubeconfig
      ? await loadKubeConfig({ path: flags.kubeconfig, context: flags.context, env: io.env, cwd: io.cwd })
      : await loadDefaultConfig({ context: flags.context, env: io.env, cwd: io.cwd });
    for (const warning of resolved.warnings) io.stderr.write(`warning: ${warning}\n`);
    connection = resolved.connection;
  }
  if (flags.server !== undefined) connection = overrideConnection(connection, { server: flags.server });
  // A --token replaces whatever identified the user, as kubectl's override of the AuthInfo does.
  if (flags.token !== undefined)
    connection = overrideConnection(connection, { token: flags.token, credentials: undefined, username: undefined, password: undefined });
  if (flags['insecure-skip-tls-verify']) {
    io.stderr.write('warning: TLS verification is off (--insecure-skip-tls-verify)\n');
    connection = overrideConnection(connection, { insecureSkipTlsVerify: true, caData: undefined });
  }
  // kubectl's rule, after every override: no credential travels to a plain-http server.
  const { connection: safe, dropped } = credentialsForServer(connection);
  if (dropped.length > 0) io.stderr.write(`warning: the server is plain http, so like kubectl the SDK ignores: ${dropped.join(', ')}\n`);
  return safe;
}

/**
 * A client for the cluster the flags name. A server that refuses the first connection fails the
 * command at once (a wrong address or a stopped server); later refusals, 429, 5xx and resets are
 * retried.
 */
export async function clientFromFlags(flags: ConnectionFlags, io: CliIO): Promise<ImageCacheClient> {
  const timeout = flags['request-timeout'];
  const timeoutMs = timeout !== undefined ? parseRequestTimeout(timeout) : undefined;
  if (flags.namespace !== undefined || flags['all-namespaces']) {
    io.stderr.write(`note: ImageCaches are cluster-scoped; ${flags['all-namespaces'] ? '-A/--all-namespaces' : '-n/--namespace'} is ignored\n`);
  }
  return new ImageCacheClient(await connectionFromFlags(flags, io), {
    failFastIfUnreachable: true,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
}
