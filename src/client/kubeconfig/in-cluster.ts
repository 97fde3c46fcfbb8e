import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import type { ClusterConnection } from '../connection.js';
import { KubeConfigError } from './errors.js';
import { hideSecrets } from './secrets.js';
import { readTokenFile, TokenFileCredentialProvider, TOKEN_FILE_DEFAULTS } from './token-file.js';
import type { InClusterOptions, ResolvedKubeConfig } from './types.js';

/** Where a pod's service-account credentials are mounted. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The context name reported for the in-cluster configuration. */
export const IN_CLUSTER_CONTEXT = 'in-cluster';

/**
 * True when the environment says this process runs in a pod (`KUBERNETES_SERVICE_HOST` and
 * `KUBERNETES_SERVICE_PORT` are set), which is when kubectl would fall back to the in-cluster configuration.
 *
 * @example
 * ```ts
 * if (isInCluster()) console.log('using the pod service account');
 * ```
 */
export function isInCluster(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env['KUBERNETES_SERVICE_HOST'] && env['KUBERNETES_SERVICE_PORT']);
}

/**
 * The connection of a pod's service account, as client-go's InClusterConfig builds it: the API
 * server from `KUBERNETES_SERVICE_HOST`/`_PORT`, the mounted CA, and the mounted token, re-read at
 * least once a minute because the kubelet rotates projected tokens.
 *
 * @example
 * ```ts
 * const { connection, namespace } = await loadInClusterConfig();
 * ```
 */
export async function loadInClusterConfig(options: InClusterOptions = {}): Promise<ResolvedKubeConfig> {
  const env = options.env ?? process.env;
  const host = env['KUBERNETES_SERVICE_HOST'];
  const port = env['KUBERNETES_SERVICE_PORT'];
  if (!host || !port) {
    throw new KubeConfigError('not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be set', {
      reason: 'NotInCluster',
    });
  }
  const tokenPath = options.tokenPath ?? `${SERVICE_ACCOUNT_DIR}/token`;
  const caPath = options.caPath ?? `${SERVICE_ACCOUNT_DIR}/ca.crt`;
  const namespacePath = options.namespacePath ?? `${SERVICE_ACCOUNT_DIR}/namespace`;
  const warnings: string[] = [];

  const token = await readTokenFile(tokenPath);
  if (token.token === undefined) {
    throw new KubeConfigError(`cannot read the service-account token (${token.problem})`, { reason: 'NotInCluster', file: tokenPath });
  }
  let caData: string | undefined;
  try {
    caData = await readFile(caPath, 'utf8');
  } catch (error) {
    // client-go logs this and goes on with the system roots; a warning is our log.
    warnings.push(`cannot read the service-account CA ${caPath} (${(error as NodeJS.ErrnoException).code ?? 'error'}): the system roots are used instead`);
  }
  const namespace = await readFile(namespacePath, 'utf8').then(
    (text) => text.trim() || undefined,
    () => undefined,
  );

  const maxAgeMs = Math.min(options.tokenFileMaxAgeMs ?? TOKEN_FILE_DEFAULTS.maxAgeMs, TOKEN_FILE_DEFAULTS.maxAgeMs);
  const connection: ClusterConnection = {
    server: `https://${isIP(host) === 6 ? `[${host}]` : host}:${port}`,
    ...(caData !== undefined ? { caData } : {}),
    credentials: new TokenFileCredentialProvider({ path: tokenPath, maxAgeMs, now: options.now, origin: { file: tokenPath } }),
  };
  return {
    connection: hideSecrets(connection),
    contextName: IN_CLUSTER_CONTEXT,
    clusterName: IN_CLUSTER_CONTEXT,
    namespace,
    warnings,
    source: [tokenPath, caPath],
  };
}
