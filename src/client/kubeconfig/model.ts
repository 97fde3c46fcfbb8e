/**
 * The kubeconfig as read from disk, after type checks, base64 decoding and path resolution but
 * before a context is chosen. Internal: the public result is {@link ResolvedKubeConfig}.
 *
 * Its entries look like `ClusterConnection` field by field but stay separate types: they follow
 * kubeconfig's schema (paths and data both, origins for messages), the connection what the client needs.
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
  readonly server?: string | undefined;
  readonly tlsServerName?: string | undefined;
  readonly insecureSkipTlsVerify?: boolean | undefined;
  /** Absolute path. */
  readonly certificateAuthority?: string | undefined;
  readonly certificateAuthorityData?: Buffer | undefined;
  readonly proxyUrl?: string | undefined;
  /** `extensions[name=client.authentication.k8s.io/exec].extension`, handed to exec plugins as `spec.cluster.config`. */
  readonly execExtension?: unknown | undefined;
}

/** A `users[].user.exec` block. */
export interface KubeExec {
  /** Resolved against the kubeconfig's directory when it contains a path separator. */
  readonly command?: string | undefined;
  readonly args: readonly string[];
  readonly env: readonly { readonly name: string; readonly value: string }[];
  readonly apiVersion?: string | undefined;
  readonly installHint?: string | undefined;
  readonly provideClusterInfo: boolean;
  readonly interactiveMode?: string | undefined;
}

/** A `users[].user` entry. */
export interface KubeUser {
  readonly origin: Origin;
  readonly clientCertificate?: string | undefined;
  readonly clientCertificateData?: Buffer | undefined;
  readonly clientKey?: string | undefined;
  readonly clientKeyData?: Buffer | undefined;
  readonly token?: string | undefined;
  readonly tokenFile?: string | undefined;
  readonly as?: string | undefined;
  readonly asUid?: string | undefined;
  readonly asGroups?: readonly string[] | undefined;
  readonly hasAsUserExtra: boolean;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** Only the provider's name: its config may hold secrets and is never used. */
  readonly authProviderName?: string | undefined;
  readonly exec?: KubeExec | undefined;
}

/** A `contexts[].context` entry. */
export interface KubeContext {
  readonly origin: Origin;
  readonly cluster: string;
  readonly user: string;
  readonly namespace?: string | undefined;
}

/** One file, or several merged with kubectl's precedence. */
export interface KubeConfigModel {
  readonly clusters: ReadonlyMap<string, KubeCluster>;
  readonly users: ReadonlyMap<string, KubeUser>;
  readonly contexts: ReadonlyMap<string, KubeContext>;
  readonly currentContext?: { readonly name: string; readonly file: string } | undefined;
  /** The files read, in precedence order. */
  readonly files: readonly string[];
}
