/**
 * The kubeconfig as read from disk, after type checks, base64 decoding and path resolution but
 * before a context is chosen. Internal: the public result is {@link ResolvedKubeConfig}.
 */

/** Where an entry came from, for error messages and relative paths. */
export interface Origin {
  /** The file's absolute path, or `<inline>` for YAML text passed in directly. */
  readonly file: string;
  /** kubectl's notation for the entry, e.g. `users[alice].user`. */
  readonly key: string;
}

/** A `clusters[].cluster` entry. */
export interface KubeCluster {
  readonly origin: Origin;
  readonly server?: string;
  readonly tlsServerName?: string;
  readonly insecureSkipTlsVerify?: boolean;
  /** Absolute path. */
  readonly certificateAuthority?: string;
  readonly certificateAuthorityData?: Buffer;
  readonly proxyUrl?: string;
  /** `extensions[name=client.authentication.k8s.io/exec].extension`, handed to exec plugins as `spec.cluster.config`. */
  readonly execExtension?: unknown;
}

/** A `users[].user.exec` block. */
export interface KubeExec {
  /** Resolved against the kubeconfig's directory when it contains a path separator. */
  readonly command?: string;
  readonly args: readonly string[];
  readonly env: readonly { readonly name: string; readonly value: string }[];
  readonly apiVersion?: string;
  readonly installHint?: string;
  readonly provideClusterInfo: boolean;
  readonly interactiveMode?: string;
}

/** A `users[].user` entry. */
export interface KubeUser {
  readonly origin: Origin;
  readonly clientCertificate?: string;
  readonly clientCertificateData?: Buffer;
  readonly clientKey?: string;
  readonly clientKeyData?: Buffer;
  readonly token?: string;
  readonly tokenFile?: string;
  readonly as?: string;
  readonly asUid?: string;
  readonly asGroups?: readonly string[];
  readonly hasAsUserExtra: boolean;
  readonly username?: string;
  readonly password?: string;
  /** Only the provider's name: its config may hold secrets and is never used. */
  readonly authProviderName?: string;
  readonly exec?: KubeExec;
}

/** A `contexts[].context` entry. */
export interface KubeContext {
  readonly origin: Origin;
  readonly cluster: string;
  readonly user: string;
  readonly namespace?: string;
}

/** One file, or several merged with kubectl's precedence. */
export interface KubeConfigModel {
  readonly clusters: ReadonlyMap<string, KubeCluster>;
  readonly users: ReadonlyMap<string, KubeUser>;
  readonly contexts: ReadonlyMap<string, KubeContext>;
  readonly currentContext?: { readonly name: string; readonly file: string };
  /** The files read, in precedence order. */
  readonly files: readonly string[];
}
