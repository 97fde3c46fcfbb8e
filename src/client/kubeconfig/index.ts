/**
 * Connecting like kubectl: kubeconfig files (merged as KUBECONFIG merges them), the in-cluster
 * service account, exec credential plugins, token files, TLS options and proxies. Each loader
 * returns a `ClusterConnection` for `new ImageCacheClient(connection)`, with warnings.
 * The YAML parser is imported only when a kubeconfig is actually read.
 * @packageDocumentation
 */
export { loadKubeConfig, loadDefaultConfig, INLINE_SOURCE } from './loaders.js';
export { loadInClusterConfig, isInCluster, SERVICE_ACCOUNT_DIR, IN_CLUSTER_CONTEXT } from './in-cluster.js';
export type { ResolvedKubeConfig, LoadKubeConfigOptions, LoadDefaultConfigOptions, InClusterOptions, CredentialOptions, CredentialOrigin } from './types.js';
export { KubeConfigError, isKubeConfigError, type KubeConfigErrorReason, type KubeConfigErrorDetails } from './errors.js';
export {
  ExecCredentialProvider,
  EXEC_DEFAULTS,
  EXEC_CREDENTIAL_API_VERSIONS,
  type ExecCredential,
  type ExecCredentialApiVersion,
  type ExecCredentialProviderOptions,
  type ExecPluginSpec,
  type ExecClusterInfo,
} from './exec.js';
export { TokenFileCredentialProvider, TOKEN_FILE_DEFAULTS, type TokenFileCredentialProviderOptions } from './token-file.js';
export { createHttpsAgent, httpsAgentOptions } from '../transport/tls.js';
export { ProxyTunnelAgent, ProxyConnectError, isProxyConnectError } from '../transport/proxy.js';
