/**
 * eci-imagecache: a typed SDK for Alibaba Cloud ECI's ImageCache custom resource.
 * @packageDocumentation
 */
export * from './errors/index.js';
export * from './types/index.js';
export * from './validation/index.js';
export * from './matching/index.js';
export * from './planning/index.js';
export * from './client/index.js';
export {
  loadKubeConfig,
  loadDefaultConfig,
  loadInClusterConfig,
  isInCluster,
  KubeConfigError,
  isKubeConfigError,
  ExecCredentialProvider,
  TokenFileCredentialProvider,
  ProxyConnectError,
  isProxyConnectError,
  SERVICE_ACCOUNT_DIR,
  EXEC_DEFAULTS,
  TOKEN_FILE_DEFAULTS,
} from './client/kubeconfig/index.js';
export type {
  ResolvedKubeConfig,
  LoadKubeConfigOptions,
  LoadDefaultConfigOptions,
  InClusterOptions,
  CredentialOptions,
  CredentialOrigin,
  KubeConfigErrorReason,
  KubeConfigErrorDetails,
  ExecCredential,
  ExecCredentialApiVersion,
  ExecCredentialProviderOptions,
  ExecPluginSpec,
  ExecClusterInfo,
  TokenFileCredentialProviderOptions,
} from './client/kubeconfig/index.js';
