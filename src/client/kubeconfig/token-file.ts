import { readFile } from 'node:fs/promises';
import type { CredentialProvider } from '../connection.js';
import { KubeConfigError } from './errors.js';
import type { CredentialOrigin } from './types.js';

/** Options of {@link TokenFileCredentialProvider}; defaults are in {@link TOKEN_FILE_DEFAULTS}. */
export interface TokenFileCredentialProviderOptions {
  /** Absolute path of the file holding the token. */
  readonly path: string;
  /** Used when the file cannot be read and no token was read before: kubectl's `token` beside `tokenFile`. */
  readonly fallbackToken?: string | undefined;
  /** How long a token read from the file is reused before the file is read again. */
  readonly maxAgeMs?: number | undefined;
  /** The clock, in milliseconds since the epoch; injectable for tests. */
  readonly now?: (() => number) | undefined;
  /** The kubeconfig (or service-account directory) that named the file, for error messages. */
  readonly origin?: CredentialOrigin | undefined;
}

/** Defaults of {@link TokenFileCredentialProviderOptions}. */
export const TOKEN_FILE_DEFAULTS = {
  /** client-go re-reads token files once a minute; projected service-account tokens rotate well before they expire. */
  maxAgeMs: 60_000,
} as const;

/**
 * Bearer tokens from a file that something else rotates (a projected service-account token, a
 * `tokenFile` in a kubeconfig). Like client-go, a failed re-read keeps the last good token.
 *
 * @example
 * ```ts
 * const credentials = new TokenFileCredentialProvider({ path: '/var/run/secrets/kubernetes.io/serviceaccount/token' });
 * const token = await credentials.getToken();
 * ```
 */
export class TokenFileCredentialProvider implements CredentialProvider {
  readonly #path: string;
  readonly #fallbackToken: string | undefined;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  readonly #origin: { readonly file?: string | undefined; readonly key?: string | undefined };
  #token: string | undefined;
  #readAt = 0;

  /** Nothing is read until the first `getToken()`. Defaults of `options` are in {@link TOKEN_FILE_DEFAULTS}. */
  constructor(options: TokenFileCredentialProviderOptions) {
    this.#path = options.path;
    this.#fallbackToken = options.fallbackToken;
    this.#maxAgeMs = options.maxAgeMs ?? TOKEN_FILE_DEFAULTS.maxAgeMs;
    this.#now = options.now ?? Date.now;
    this.#origin = options.origin ?? {};
  }

  /** The file the token is read from. */
  get path(): string {
    return this.#path;
  }

  /** Returns the token, reading the file again when the last read is older than `maxAgeMs` or `forceRefresh` is set. */
  async getToken(options?: { readonly forceRefresh?: boolean | undefined }): Promise<string> {
    const now = this.#now();
    if (this.#token !== undefined && !options?.forceRefresh && now - this.#readAt < this.#maxAgeMs) return this.#token;
    const read = await readTokenFile(this.#path);
    if (read.token !== undefined) {
      this.#token = read.token;
      this.#readAt = now;
      return read.token;
    }
    const usable = this.#token ?? this.#fallbackToken;
    if (usable !== undefined) return usable;
    throw new KubeConfigError(`cannot read token file ${JSON.stringify(this.#path)} (${read.problem})`, {
      reason: 'FileUnreadable',
      file: this.#origin.file ?? this.#path,
      key: this.#origin.key,
    });
  }
}

/** Reads a token file, trimming whitespace as client-go does; an empty file is a problem, not a token. */
export async function readTokenFile(path: string): Promise<{ token?: string; problem?: string }> {
  try {
    const token = (await readFile(path, 'utf8')).trim();
    return token ? { token } : { problem: 'the file is empty' };
  } catch (error) {
    return { problem: (error as NodeJS.ErrnoException).code ?? 'read error' };
  }
}
