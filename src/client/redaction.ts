/**
 * Keeps credentials out of everything the package shows: error messages, excerpts of bodies,
 * credential plugins' output, connection objects and log records. Errors never hold request
 * headers at all; this is the second line of defence for text that came from elsewhere (a proxy
 * echoing the request, a server quoting it, a plugin printing debug output). Every mask in the
 * package is this module's {@link REDACTED}.
 */

/** What replaces a secret, everywhere in the package. */
export const REDACTED = '[REDACTED]';

const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);
// Scheme words survive so a reader still knows which kind of credential was sent.
const AUTH_VALUE = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
// Kubernetes service account tokens and most bearer tokens are JWTs.
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g;
// A URL's user info is a credential even when it is only a name (a token passed as the username).
const URL_USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;
// An echoed cookie header: the rest of its line is the session.
const COOKIE_HEADER = /\b((?:set-)?cookie)(["']?\s*:\s*)[^\r\n]+/gi;

// A plugin's text is scrubbed harder: any run after a scheme word up to a delimiter, values after
// credential-like keys, and long hex or base64 runs. Key words survive, as scheme words do.
const PLUGIN_AUTH_VALUE = /\b(Bearer|Basic)\s+[^\s"',;]+/gi;
const KEYED_VALUE =
  /\b((?:access[_-]?)?token|password|passwd|secret|api[_-]?key|access[_-]?key(?:[_-]?id)?|client[_-]?key(?:[_-]?data)?|credentials?)(["']?\s*[:=]\s*["']?)([^\s"',;}]+)/gi;
const HEX_RUN = /\b[0-9a-fA-F]{32,}\b/g;
// Long runs of base64/base64url characters with both letters and digits: keys, tokens, session
// ids. Plain words and paths rarely reach 32 such characters without a dot or a space.
const BASE64_RUN = /[A-Za-z0-9+/_-]{32,}={0,2}/g;

/** `text` with every known secret masked, longest first, so a secret that contains another is masked whole. */
function maskKnownSecrets(text: string, secrets: Iterable<string>): string {
  let result = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    // Very short strings would erase ordinary words; they are caught by the patterns anyway.
    if (secret.length >= 4) result = result.split(secret).join(REDACTED);
  }
  return result;
}

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
  return maskKnownSecrets(text, secrets)
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
export function redactHeaders(headers: Readonly<Record<string, string | readonly string[] | undefined>>): Record<string, string | readonly string[]> {
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

/**
 * `text` with `secrets` (the kubeconfig's env values for a credential plugin, a token it printed)
 * and anything shaped like a credential masked: stricter than {@link scrubSecrets}, for a plugin's
 * stderr and malformed output, where tokens are most likely to leak.
 *
 * @example
 * ```ts
 * maskCredentials('token=abc123 for eyJhbGciOi.eyJzdWIiOi.sig', []); // 'token=[REDACTED] for [REDACTED]'
 * ```
 */
export function maskCredentials(text: string, secrets: Iterable<string>): string {
  return maskKnownSecrets(text, secrets)
    .replace(PEM_PRIVATE_KEY, REDACTED)
    .replace(JWT, REDACTED)
    .replace(PLUGIN_AUTH_VALUE, (_, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(KEYED_VALUE, (_, key: string, separator: string) => `${key}${separator}${REDACTED}`)
    .replace(HEX_RUN, REDACTED)
    .replace(BASE64_RUN, (run) => (/\d/.test(run) && /[A-Za-z]/.test(run) ? REDACTED : run));
}

/**
 * The URL with any `user:password@` replaced by the marker, for messages and logs that should
 * still show that credentials were there (see {@link withoutUserInfo} to drop them).
 *
 * @example
 * ```ts
 * redactUrlCredentials('http://alice:pw@proxy:3128'); // 'http://%5BREDACTED%5D@proxy:3128/'
 * ```
 */
export function redactUrlCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = REDACTED;
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, `//${REDACTED}@`);
  }
}
