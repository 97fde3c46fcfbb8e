/**
 * What the client needs to reach one cluster, already resolved from a kubeconfig, the in-cluster
 * service account, or written by hand (e.g. `{ server: 'http://127.0.0.1:8001' }` for `kubectl proxy`).
 * @packageDocumentation
 */

/** Supplies bearer tokens that can change over time (exec plugins, rotated token files). */
export interface CredentialProvider {
  /**
   * Returns the token for the next request. Implementations cache; `forceRefresh` is passed once
   * after the server answered 401, so a stale credential is replaced and the request retried once.
   */
  getToken(options?: { readonly forceRefresh?: boolean | undefined }): Promise<string>;
}

/** Who to act as, like kubectl's `--as`, `--as-group` and `--as-uid`. */
export interface Impersonation {
  /** User name to act as (`Impersonate-User`, kubectl's `--as`). */
  readonly user?: string | undefined;
  /** Groups to act as (`Impersonate-Group`, `--as-group`), one header per group. */
  readonly groups?: readonly string[] | undefined;
  /** UID to act as (`Impersonate-Uid`, `--as-uid`); Kubernetes requires a user with it. */
  readonly uid?: string | undefined;
}

/** A resolved connection to one Kubernetes API server. Secrets in it are never logged or serialized by the SDK. */
export interface ClusterConnection {
  /** Base URL of the API server: `https://host:6443`, or `http://127.0.0.1:8001` behind `kubectl proxy`. */
  readonly server: string;
  /** PEM of the certificate authority that signs the server's certificate; the system roots when absent. */
  readonly caData?: string | undefined;
  /** PEM client certificate, for certificate authentication. */
  readonly certData?: string | undefined;
  /** PEM client key, for certificate authentication. */
  readonly keyData?: string | undefined;
  /** A static bearer token. */
  readonly token?: string | undefined;
  /** A source of bearer tokens that change; wins over `token`. */
  readonly credentials?: CredentialProvider | undefined;
  /** Basic authentication. */
  readonly username?: string | undefined;
  /** Basic authentication. */
  readonly password?: string | undefined;
  /** Skips TLS verification. Off unless set explicitly; never use it beyond a local test cluster. */
  readonly insecureSkipTlsVerify?: boolean | undefined;
  /** Server name to verify the certificate against, when it differs from the URL's host. */
  readonly tlsServerName?: string | undefined;
  /** An http:// or https:// proxy to reach the server through. */
  readonly proxyUrl?: string | undefined;
  /** Impersonation headers to send. */
  readonly impersonate?: Impersonation | undefined;
}
