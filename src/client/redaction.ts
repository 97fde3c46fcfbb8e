/**
 * Keeps credentials out of everything the client shows: error messages, excerpts of bodies and
 * log records. Errors never hold request headers at all; this is the second line of defence for
 * text that came from elsewhere (a proxy echoing the request, a server quoting it).
 */

/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);
// Scheme words survive so a reader still knows which kind of credential was sent.
const AUTH_VALUE = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
// Kubernetes service account tokens and most bearer tokens are JWTs.
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g;
// A URL's user info is a credential even when it is only a name (a token passed as the username).
const URL_USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;
// An echoed cookie header: the rest of its line is the session.
const COOKIE_HEADER = /\b((?:set-)?cookie)(["']?\s*:\s*)[^\r\n]+/gi;

/**
 * Replaces known secrets and anything shaped like a credential in `text`.
 *
 * @example
 * ```ts
 * scrubSecrets('Authorization: Bearer abc.def', ['abc.def']); // 'Authorization: Bearer [REDACTED]'
 * ```
 */
// Stryker disable next-line ArrayDeclaration: equivalent, a default list of secrets is never shown
export function scrubSecrets(text: string, secrets: Iterable<string> = []): string {
  let result = text;
  for (const secret of secrets) {
    // Very short strings would erase ordinary words; they are caught by the patterns below anyway.
    if (secret.length >= 4) result = result.split(secret).join(REDACTED);
  }
  return result
    .replace(AUTH_VALUE, (_, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(PEM_PRIVATE_KEY, REDACTED)
    .replace(URL_USER_INFO, `$1${REDACTED}@`)
    .replace(COOKIE_HEADER, `$1$2${REDACTED}`);
}

/** A function that masks secrets in a piece of text. */
export type Scrub = (text: string) => string;

// Rotating tokens would grow the set forever; the last few are enough to scrub recent text.
const MAX_ROTATING_SECRETS = 8;

/**
 * The one scrubber of a client: it knows the client's own secrets (static token, password and its
 * Basic encoding, every recent token of an exec plugin or token file, the client key) and masks
 * them, and anything shaped like a credential, in every piece of server text that enters an
 * error, an event or a log. Its secrets live in private fields: it never serializes them.
 *
 * @example
 * ```ts
 * const scrubber = new SecretScrubber();
 * scrubber.remember('s3cr3t-token');
 * scrubber.text('echo: s3cr3t-token'); // 'echo: [REDACTED]'
 * ```
 */
export class SecretScrubber {
  readonly #fixed = new Set<string>();
  readonly #rotating = new Set<string>();

  /** Remembers a secret for the client's life (token, password, client key). */
  remember(secret: string | undefined): void {
    if (secret) this.#fixed.add(secret);
  }

  /** Remembers a secret that rotates (a provider's token): only the last few are kept. */
  rememberRotating(secret: string): void {
    if (this.#fixed.has(secret) || this.#rotating.has(secret)) return;
    if (this.#rotating.size >= MAX_ROTATING_SECRETS) this.#rotating.delete(this.#rotating.values().next().value as string);
    this.#rotating.add(secret);
  }

  /**
   * Remembers a PEM private key: whole, and each base64 line of its body, so an echo of part of
   * it is masked too.
   */
  rememberKey(pem: string | undefined): void {
    if (!pem) return;
    this.remember(pem.trim());
    for (const line of pem.split(/\r?\n/)) if (/^[A-Za-z0-9+/=]{16,}$/.test(line.trim())) this.remember(line.trim());
  }

  /** Every secret known, for {@link scrubSecrets}. */
  get secrets(): Iterable<string> {
    return [...this.#fixed, ...this.#rotating];
  }

  /** `text` with every known secret and credential-shaped run masked. */
  readonly text: Scrub = (text) => scrubSecrets(text, this.secrets);

  /**
   * A copy of a decoded JSON value (a Status, an event) with every string, keys included,
   * scrubbed: what a server sends back may quote a secret anywhere.
   */
  value<T>(value: T): T {
    const secrets = [...this.secrets];
    const walk = (node: unknown): unknown => {
      if (typeof node === 'string') return scrubSecrets(node, secrets);
      if (Array.isArray(node)) return node.map(walk);
      if (typeof node !== 'object' || node === null) return node;
      const copy: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) {
        Object.defineProperty(copy, scrubSecrets(key, secrets), { value: walk(child), enumerable: true, writable: true, configurable: true });
      }
      return copy;
    };
    return walk(value) as T;
  }
}

/**
 * A copy of `headers` whose credential values are replaced by `[REDACTED]`, for log hooks.
 *
 * @example
 * ```ts
 * redactHeaders({ Authorization: 'Bearer t0k3n', Accept: 'application/json' });
 * // { Authorization: '[REDACTED]', Accept: 'application/json' }
 * ```
 */
export function redactHeaders(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
): Record<string, string | readonly string[]> {
  const copy: Record<string, string | readonly string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    copy[name] = CREDENTIAL_HEADERS.has(name.toLowerCase()) ? REDACTED : value;
  }
  return copy;
}

/**
 * The URL without user info, safe to show.
 *
 * @example
 * ```ts
 * withoutUserInfo('https://admin:pw@k8s.example:6443/base'); // 'https://k8s.example:6443/base'
 * ```
 */
export function withoutUserInfo(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, url.endsWith('/') ? '/' : '');
  } catch {
    return '[unparseable URL]';
  }
}

/** Longest excerpt of a body quoted in an error. */
export const MAX_EXCERPT_LENGTH = 200;

/**
 * The start of a body, whitespace collapsed and credentials scrubbed, to quote in an error.
 *
 * @example
 * ```ts
 * excerptOf('<html>\n  <body>502 Bad Gateway</body></html>'); // '<html> <body>502 Bad Gateway</body></html>'
 * ```
 */
// Stryker disable next-line ArrayDeclaration: equivalent, a default list of secrets is never shown
export function excerptOf(body: string, secrets: Iterable<string> | Scrub = []): string {
  // Scrub before cutting, so a secret split by the cut cannot survive half-visible. Reading only
  // four excerpts' worth bounds the work on a huge body; it does not change the result.
  // Stryker disable next-line MethodExpression: the slice bounds the work only
  const head = body.slice(0, MAX_EXCERPT_LENGTH * 4);
  const flat = (typeof secrets === 'function' ? secrets(head) : scrubSecrets(head, secrets)).replace(/\s+/g, ' ').trim();
  return flat.length > MAX_EXCERPT_LENGTH ? `${flat.slice(0, MAX_EXCERPT_LENGTH)}...` : flat;
}
