import type { ClusterConnection, CredentialProvider } from '../connection.js';
import { SecretScrubber } from '../redaction.js';
import type { RequestHeaders } from './decoration.js';

/**
 * The `Authorization` of each request: a static bearer token or basic credentials, or a
 * {@link CredentialProvider}'s token per request. Every secret it sends (and the client key) goes
 * into its {@link SecretScrubber}, which masks them in server text; the scrubber is private and never serialized.
 */
export class Authentication {
  readonly #static: string | undefined;
  readonly #credentials: CredentialProvider | undefined;
  readonly #scrubber = new SecretScrubber();

  /**
   * @example
   * ```ts
   * const auth = new Authentication({ server, token });
   * const headers = await auth.decorate({ Accept: 'application/json' }, false);
   * ```
   */
  constructor(connection: ClusterConnection) {
    this.#credentials = connection.credentials;
    if (!this.#credentials) this.#static = this.#staticAuthorization(connection);
    this.#scrubber.rememberKey(connection.keyData);
  }

  #staticAuthorization(connection: ClusterConnection): string | undefined {
    if (connection.token) {
      this.#scrubber.remember(connection.token);
      return `Bearer ${connection.token}`;
    }
    if (connection.username === undefined || connection.password === undefined) return undefined;
    const basic = Buffer.from(`${connection.username}:${connection.password}`).toString('base64');
    this.#scrubber.remember(connection.password);
    this.#scrubber.remember(basic);
    return `Basic ${basic}`;
  }

  /** True when a 401 may be cured by asking the credential provider for a fresh token. */
  get canRefresh(): boolean {
    return this.#credentials !== undefined;
  }

  /** The scrubber that knows this client's secrets. */
  get scrubber(): SecretScrubber {
    return this.#scrubber;
  }

  /** `headers` with this request's `Authorization`; `forceRefresh` after a 401. */
  readonly decorate = async (headers: RequestHeaders, forceRefresh: boolean): Promise<RequestHeaders> => {
    if (!this.#credentials) return this.#static === undefined ? headers : { ...headers, Authorization: this.#static };
    const token = await this.#credentials.getToken(forceRefresh ? { forceRefresh: true } : undefined);
    this.#scrubber.rememberRotating(token);
    return { ...headers, Authorization: `Bearer ${token}` };
  };
}
