/**
 * What one list page has yielded so far, so that a page sent again (after a cut connection, or an
 * inconsistent restart) never yields an item twice, and never passes off a changed page as the same.
 * @packageDocumentation
 */
import type { ImageCache } from '../../types/index.js';
import { PaginationError } from '../errors.js';

/**
 * The items one page has yielded, by name and resourceVersion, in order. Each attempt at the page
 * reads its items from the first: those already yielded are skipped. The same continue token
 * gives the same snapshot, so its first items must be the ones yielded before; when they are not
 * (a first page listed again from a newer state), the page changed: a {@link PaginationError}
 * (`page-changed`), or, when changes are tolerated, an item is skipped when its name was yielded.
 *
 * @example
 * ```ts
 * const progress = new PageProgress(false);
 * progress.startAttempt();
 * if (!progress.alreadyYielded(cache, pages)) progress.record(cache);
 * ```
 */
export class PageProgress {
  readonly #names: string[] = [];
  readonly #versions: (string | undefined)[] = [];
  /** The names yielded, once the page is known to have changed and changes are tolerated. */
  #changed: Set<string> | undefined;
  #index = 0;

  /** `tolerateChanges`: skip by name instead of failing when the page changed (listAll's `'inconsistent'`). */
  constructor(private readonly tolerateChanges: boolean) {}

  /** Items yielded so far. */
  get yielded(): number {
    return this.#names.length;
  }

  /** A new attempt at the page reads its items from the first. */
  startAttempt(): void {
    this.#index = 0;
  }

  /** True when `item` was yielded by an earlier attempt; throws `page-changed` when it should have been and is not. */
  alreadyYielded(item: ImageCache, pages: number): boolean {
    const index = this.#index++;
    const name = item.metadata.name ?? '';
    if (this.#changed) return this.#changed.has(name);
    if (index >= this.#names.length) return false;
    if (this.#names[index] === name && this.#versions[index] === item.metadata.resourceVersion) return true;
    if (!this.tolerateChanges) throw new PaginationError('page-changed', pages);
    this.#changed = new Set(this.#names);
    return this.#changed.has(name);
  }

  /** Notes `item` as yielded. */
  record(item: ImageCache): void {
    const name = item.metadata.name ?? '';
    this.#names.push(name);
    this.#versions.push(item.metadata.resourceVersion);
    this.#changed?.add(name);
  }

  /** At the page's end: an attempt that ended before reaching every item yielded before shows the page changed. */
  finish(pages: number): void {
    if (this.#changed || this.#index >= this.#names.length) return;
    if (!this.tolerateChanges) throw new PaginationError('page-changed', pages);
  }
}
