import type { ClusterConnection } from '../connection.js';

/** A connection resolved the way kubectl resolves it, with what was chosen and why. */
export interface ResolvedKubeConfig {
  /** Hand this to `new ImageCacheClient(connection)`. Its secrets are hidden from JSON.stringify and util.inspect. */
  readonly connection: ClusterConnection;
  /** The context used (`in-cluster` for the service-account configuration). */
  readonly contextName: string;
  /** The cluster entry used. */
  readonly clusterName: string;
  /** The user entry used; undefined when the context names none (anonymous). */
  readonly userName?: string | undefined;
  /** The context's namespace. ImageCaches are cluster-scoped, so the SDK itself does not use it. */
  readonly namespace?: string | undefined;
  /** Things a person should know, e.g. that TLS verification is off. Never contains secrets. */
  readonly warnings: readonly string[];
  /** The files read, in precedence order (`<inline>` for YAML text passed in). */
  readonly source: readonly string[];
}

/** Where a credential setting came from, named in error messages: exec plugins and token files share it. */
export interface CredentialOrigin {
  /** The kubeconfig file, or the service-account directory. */
  readonly file?: string | undefined;
  /** The key in it, in kubectl's notation (`users[dev].user.exec`, `users[dev].user.tokenFile`). */
  readonly key?: string | undefined;
}

/** Options shared by the loaders that may run exec plugins or re-read token files. */
export interface CredentialOptions {
  /** The environment: `KUBECONFIG`, `HOME`, `KUBERNETES_SERVICE_*`, and the base environment of exec plugins. Defaults to `process.env`. */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** The clock, in milliseconds since the epoch, for credential caching; injectable for tests. */
  readonly now?: (() => number) | undefined;
  /** How long before its expiry an exec credential is renewed; see `EXEC_DEFAULTS.expiryMarginMs`. */
  readonly execExpiryMarginMs?: number | undefined;
  /** How long an exec plugin may run; see `EXEC_DEFAULTS.timeoutMs`. */
  readonly execTimeoutMs?: number | undefined;
  /** How long a token read from a file is reused; see `TOKEN_FILE_DEFAULTS.maxAgeMs`. */
  readonly tokenFileMaxAgeMs?: number | undefined;
}

/** Options of `loadKubeConfig`. */
export interface LoadKubeConfigOptions extends CredentialOptions {
  /**
   * Kubeconfig file(s), like kubectl's `--kubeconfig`: each must exist. Several are merged with
   * KUBECONFIG's precedence. When neither this nor `kubeconfig` is given, `KUBECONFIG` is used,
   * else `~/.kube/config`.
   */
  readonly path?: string | readonly string[] | undefined;
  /** Kubeconfig YAML text instead of a file; relative paths in it are resolved against the working directory. */
  readonly kubeconfig?: string | undefined;
  /** The context to use instead of `current-context`, like `--context`. */
  readonly context?: string | undefined;
  /** The cluster entry to use instead of the context's, like `--cluster`. */
  readonly cluster?: string | undefined;
  /** The user entry to use instead of the context's, like `--user`. */
  readonly user?: string | undefined;
  /** Replaces `~` and the default `~/.kube/config` location; defaults to `env.HOME`, else the OS's home directory. */
  readonly homeDir?: string | undefined;
  /** The directory relative KUBECONFIG entries and inline kubeconfigs are resolved against; `process.cwd()` by default. */
  readonly cwd?: string | undefined;
}

/** Options of `loadInClusterConfig`: the service-account paths can be moved for tests. */
export interface InClusterOptions extends CredentialOptions {
  /** Defaults to `/var/run/secrets/kubernetes.io/serviceaccount/token`. */
  readonly tokenPath?: string | undefined;
  /** Defaults to `/var/run/secrets/kubernetes.io/serviceaccount/ca.crt`. */
  readonly caPath?: string | undefined;
  /** Defaults to `/var/run/secrets/kubernetes.io/serviceaccount/namespace`. */
  readonly namespacePath?: string | undefined;
}

/** Options of `loadDefaultConfig`: a kubeconfig's when one is found, else in-cluster. */
export interface LoadDefaultConfigOptions extends LoadKubeConfigOptions, InClusterOptions {}
