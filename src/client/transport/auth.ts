import type { ClusterConnection, CredentialProvider } from '../connection.js';
import { SecretScrubber } from '../redaction.js';

/** Headers sent with every request, keyed by their canonical names. */
export type RequestHeaders = Record<string, string | string[]>;

/**
 * Builds the headers of each request: the constant ones once, the `Authorization` of a
 * {@link CredentialProvider} per request. Every secret it sends (and the client key) goes into its
 * {@link SecretScrubber}, which masks them in server text; the scrubber is private and never serialized.
 */
export class RequestAuthenticator {
  readonly #constant: Readonly<RequestHeaders>;
  readonly #credentials: CredentialProvider | undefined;
  readonly #scrubber = new SecretScrubber();

  /**
   * @example
   * ```ts
   * const auth = new RequestAuthenticator({ server, token }, 'eci-imagecache/0.2.0');
   * const headers = await auth.headers();
   * ```
   */
  constructor(connection: ClusterConnection, userAgent: string) {
    const headers: RequestHeaders = { Accept: 'application/json', 'User-Agent': userAgent };
    this.#credentials = connection.credentials;
    if (!this.#credentials) {
      if (connection.token) {
        headers['Authorization'] = `Bearer ${connection.token}`;
        this.#scrubber.remember(connection.token);
      } else if (connection.username !== undefined && connection.password !== undefined) {
        const basic = Buffer.from(`${connection.username}:${connection.password}`).toString('base64');
        headers['Authorization'] = `Basic ${basic}`;
        this.#scrubber.remember(connection.password);
        this.#scrubber.remember(basic);
      }
    }
    this.#scrubber.rememberKey(connection.keyData);
    const impersonate = connection.impersonate;
    if (impersonate?.user) headers['Impersonate-User'] = impersonate.user;
    // Repeated header lines, one group each: a comma-joined value would name one odd group.
    if (impersonate?.groups && impersonate.groups.length > 0) headers['Impersonate-Group'] = [...impersonate.groups];
    if (impersonate?.uid) headers['Impersonate-Uid'] = impersonate.uid;
    this.#constant = Object.freeze(headers);
  }

  /** True when a 401 may be cured by asking the credential provider for a fresh token. */
  get canRefresh(): boolean {
    return this.#credentials !== undefined;
  }

  /** Every secret sent so far, for scrubbing error text. */
  get secrets(): Iterable<string> {
    return this.#scrubber.secrets;
  }

  /** The scrubber that knows this client's secrets. */
  get scrubber(): SecretScrubber {
    return this.#scrubber;
  }

  /** The headers for the next request; `forceRefresh` after a 401. */
  async headers(forceRefresh = false): Promise<RequestHeaders> {
    if (!this.#credentials) return this.#constant;
    const token = await this.#credentials.getToken(forceRefresh ? { forceRefresh: true } : undefined);
    this.#scrubber.rememberRotating(token);
    return { ...this.#constant, Authorization: `Bearer ${token}` };
  }
}
