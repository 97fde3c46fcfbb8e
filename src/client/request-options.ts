/**
 * The options and results of the client's calls, in a module of their own: the informer's loop
 * needs `ListOptions` without importing the client class that builds the informer.
 * @packageDocumentation
 */
import type { ImageCache } from '../types/index.js';
import type { Selector } from './paths.js';

/** Options every call accepts. */
export interface RequestOptions {
  /** Cancels the call: it rejects with a `RequestAbortedError` (`name: 'AbortError'`). */
  readonly signal?: AbortSignal | undefined;
}

/** Options of {@link ImageCacheClient.create}. */
export interface CreateOptions extends RequestOptions {
  /** Validate and answer without persisting (`dryRun=All`). */
  readonly dryRun?: boolean | undefined;
  /** Name recorded in managedFields. */
  readonly fieldManager?: string | undefined;
}

/** Options of {@link ImageCacheClient.replace}. */
export type ReplaceOptions = CreateOptions;

/** Options of {@link ImageCacheClient.list}. */
export interface ListOptions extends RequestOptions {
  /** Only caches whose labels match: `app=web,tier!=db`, or `{ app: 'web' }`. */
  readonly labelSelector?: Selector | undefined;
  /** Only caches whose fields match, e.g. `metadata.name=web`. */
  readonly fieldSelector?: Selector | undefined;
  /** At most this many items; the list's `metadata.continue` then fetches the next page. */
  readonly limit?: number | undefined;
  /** The `metadata.continue` of the previous page. */
  readonly continue?: string | undefined;
  /** List as of this resourceVersion (`"0"`: any cached state, cheapest for the server). */
  readonly resourceVersion?: string | undefined;
}

/** Options of {@link ImageCacheClient.listAll}. */
export interface ListAllOptions extends Omit<ListOptions, 'limit' | 'continue'> {
  /** Items per request; the client's `listPageSize` (500) by default. */
  readonly pageSize?: number | undefined;
  /**
   * What to do when a continue token expires mid-way (410 Gone, after 5 to 15 minutes):
   * `'throw'` (default) rejects with the 410 so you can start over with a consistent snapshot;
   * `'inconsistent'` goes on with the token the server offers in the 410, accepting that the rest
   * comes from a newer state (items may be missed or seen twice if they changed meanwhile).
   * Restarts back off like retries (the client's `retry` policy); after 3 in a row without a page
   * in between, or when the server offers a token already followed, it rejects with a
   * {@link PaginationError}.
   */
  readonly onContinueExpired?: 'throw' | 'inconsistent' | undefined;
}

/** Options of {@link ImageCacheClient.delete}. */
export interface DeleteOptions extends RequestOptions {
  /** How dependents are deleted: `Foreground`, `Background` or `Orphan`. */
  readonly propagationPolicy?: 'Foreground' | 'Background' | 'Orphan' | undefined;
  /** Seconds before the object is deleted; 0 for at once. */
  readonly gracePeriodSeconds?: number | undefined;
  /** Delete only if the object still has this uid and/or resourceVersion; a mismatch is a Conflict. */
  readonly preconditions?:
    | {
        /** The uid the object must still have: a recreated object of the same name is not deleted. */
        readonly uid?: string | undefined;
        /** The resourceVersion the object must still have: a changed object is not deleted. */
        readonly resourceVersion?: string | undefined;
      }
    | undefined;
  /** Validate and answer without deleting. */
  readonly dryRun?: boolean | undefined;
}

/** What {@link ImageCacheClient.ensure} did. */
export interface EnsureResult {
  /** The cache as the server has it. */
  readonly imageCache: ImageCache;
  /** True when this call created it; false when one with the same spec existed. */
  readonly created: boolean;
}
