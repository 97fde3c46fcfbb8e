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
export function excerptOf(body: string, secrets: Iterable<string> = []): string {
  // Scrub before cutting, so a secret split by the cut cannot survive half-visible. Reading only
  // four excerpts' worth bounds the work on a huge body; it does not change the result.
  // Stryker disable next-line MethodExpression: the slice bounds the work only
  const flat = scrubSecrets(body.slice(0, MAX_EXCERPT_LENGTH * 4), secrets).replace(/\s+/g, ' ').trim();
  return flat.length > MAX_EXCERPT_LENGTH ? `${flat.slice(0, MAX_EXCERPT_LENGTH)}...` : flat;
}
