/**
 * What of a credential plugin's output may be quoted in an error. A plugin's stderr and its
 * malformed fields are the most likely places for a token to leak: plugins print debug output,
 * echo the request they made, or put the token in the wrong field. Quoting is still worth it,
 * since "login failed: MFA required" is the one clue a user has, so text is masked, then cut.
 */

const REDACTED = '[redacted]';

// Scheme or key words survive so the reader still sees which kind of credential was there.
const AUTH_VALUE = /\b(Bearer|Basic)\s+[^\s"',;]+/gi;
const KEYED_VALUE = /\b((?:access[_-]?)?token|password|passwd|secret|api[_-]?key|access[_-]?key(?:[_-]?id)?|client[_-]?key(?:[_-]?data)?|credentials?)(["']?\s*[:=]\s*["']?)([^\s"',;}]+)/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g;
const HEX_RUN = /\b[0-9a-fA-F]{32,}\b/g;
// Long runs of base64/base64url characters with both letters and digits: keys, tokens, session
// ids. Plain words and paths rarely reach 32 such characters without a dot or a space.
const BASE64_RUN = /[A-Za-z0-9+/_-]{32,}={0,2}/g;

/**
 * `text` with `secrets` (the kubeconfig's env values for the plugin, a token it printed) and
 * anything shaped like a credential replaced by `[redacted]`.
 *
 * @example
 * ```ts
 * maskCredentials('token=abc123 for eyJhbGciOi.eyJzdWIiOi.sig', []); // 'token=[redacted] for [redacted]'
 * ```
 */
export function maskCredentials(text: string, secrets: Iterable<string>): string {
  let result = text;
  // Longest first, so a secret that contains another is masked whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    // Values this short are not credentials, and replacing them would mangle the text.
    if (secret.length >= 4) result = result.split(secret).join(REDACTED);
  }
  return result
    .replace(PEM_PRIVATE_KEY, REDACTED)
    .replace(JWT, REDACTED)
    .replace(AUTH_VALUE, (_, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(KEYED_VALUE, (whole: string, key: string, separator: string, value: string) => (value === REDACTED ? whole : `${key}${separator}${REDACTED}`))
    .replace(HEX_RUN, REDACTED)
    .replace(BASE64_RUN, (run) => (/\d/.test(run) && /[A-Za-z]/.test(run) ? REDACTED : run));
}

/**
 * Masked, then cut to `maxLength` characters: the form in which plugin text enters a message.
 * Masking runs over the whole text first, so a cut can never leave half a secret visible.
 *
 * @example
 * ```ts
 * quotePluginText(stderr, envValues, 500);
 * ```
 */
export function quotePluginText(text: string, secrets: Iterable<string>, maxLength: number): string {
  const masked = maskCredentials(text.trim(), secrets);
  return masked.length > maxLength ? `${masked.slice(0, maxLength)}… (truncated)` : masked;
}
