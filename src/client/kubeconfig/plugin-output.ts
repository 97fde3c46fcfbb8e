/**
 * What of a credential plugin's output may be quoted in an error. A plugin's stderr and its
 * malformed fields are the most likely places for a token to leak: plugins print debug output,
 * echo the request they made, or put the token in the wrong field. Quoting is still worth it,
 * since "login failed: MFA required" is the one clue a user has, so text is masked, then cut.
 */
import { maskCredentials } from '../redaction.js';

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
