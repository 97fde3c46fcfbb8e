import { PaginationError } from './errors.js';

/**
 * The continue tokens one paging run has followed. A server that hands back a token already
 * followed would make the client loop forever (and, in a relist, buffer without end); this turns
 * that into a {@link PaginationError} on the first repeat.
 *
 * @example
 * ```ts
 * const tokens = new ContinueTokens();
 * let token = tokens.follow(page.metadata.continue); // undefined when the list is complete
 * ```
 */
export class ContinueTokens {
  readonly #followed = new Set<string>();
  #pages = 0;

  /** Pages counted so far. */
  get pages(): number {
    return this.#pages;
  }

  /** Counts a page received and returns its token to follow, or undefined when the list is complete. */
  follow(token: string | undefined): string | undefined {
    this.#pages++;
    return this.followInstead(token);
  }

  /** Returns a token to follow instead of the last (the one offered by a 410), without counting a page. */
  followInstead(token: string | undefined): string | undefined {
    if (!token) return undefined;
    if (this.#followed.has(token)) throw new PaginationError('repeated-continue', this.#pages);
    this.#followed.add(token);
    return token;
  }
}
