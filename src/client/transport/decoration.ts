/**
 * The headers of each request, built by decorators applied in order (auth, user agent,
 * impersonation), as client-go's `HTTPWrappersForConfig` wraps its round tripper.
 */
import type { ClusterConnection, Impersonation } from '../connection.js';
import type { SecretScrubber } from '../redaction.js';
import { Authentication } from './auth.js';

/** Headers sent with a request, keyed by their canonical names. */
export type RequestHeaders = Record<string, string | string[]>;

/** Adds its headers to `headers`; `forceRefresh` asks for fresh credentials after a 401. */
export type HeaderDecorator = (headers: RequestHeaders, forceRefresh: boolean) => RequestHeaders | Promise<RequestHeaders>;

const BASE: Readonly<RequestHeaders> = Object.freeze({ Accept: 'application/json' });

function withUserAgent(userAgent: string): HeaderDecorator {
  return (headers) => ({ ...headers, 'User-Agent': userAgent });
}

function withImpersonation(impersonate: Impersonation | undefined): HeaderDecorator {
  const added: RequestHeaders = {};
  if (impersonate?.user) added['Impersonate-User'] = impersonate.user;
  // Repeated header lines, one group each: a comma-joined value would name one odd group.
  if (impersonate?.groups && impersonate.groups.length > 0) added['Impersonate-Group'] = [...impersonate.groups];
  if (impersonate?.uid) added['Impersonate-Uid'] = impersonate.uid;
  return Object.keys(added).length === 0 ? (headers) => headers : (headers) => ({ ...headers, ...added });
}

/** The decorators of one client, and the scrubber that knows every secret they send. */
export class RequestDecoration {
  readonly #auth: Authentication;
  readonly #decorators: readonly HeaderDecorator[];
  // Without a credential provider every request gets the same headers: built once, not per request.
  #fixed: Promise<RequestHeaders> | undefined;

  /**
   * @example
   * ```ts
   * const decoration = new RequestDecoration({ server, token }, 'eci-imagecache/0.2.0');
   * const headers = await decoration.headers(false);
   * ```
   */
  constructor(connection: ClusterConnection, userAgent: string) {
    this.#auth = new Authentication(connection);
    this.#decorators = [this.#auth.decorate, withUserAgent(userAgent), withImpersonation(connection.impersonate)];
  }

  /** True when a 401 may be cured by asking the credential provider for a fresh token. */
  get canRefresh(): boolean {
    return this.#auth.canRefresh;
  }

  /** The scrubber that knows this client's secrets. */
  get scrubber(): SecretScrubber {
    return this.#auth.scrubber;
  }

  /** The headers for the next attempt; `forceRefresh` after a 401. */
  headers(forceRefresh: boolean): Promise<RequestHeaders> {
    if (this.#auth.canRefresh) return this.#compose(forceRefresh);
    return (this.#fixed ??= this.#compose(false).then((headers) => Object.freeze(headers)));
  }

  async #compose(forceRefresh: boolean): Promise<RequestHeaders> {
    let headers: RequestHeaders = BASE;
    for (const decorate of this.#decorators) headers = await decorate(headers, forceRefresh);
    return headers;
  }
}
