/** The query string of a list request, checked before anything is sent. */
import { ImageCacheValidationError } from '../validation/errors.js';
import { formatSelector, queryString } from './paths.js';
import type { ListOptions } from './request-options.js';

/** `limit` must be a positive integer: 0 would mean "everything" to the server, a fraction is refused by it. */
function assertValidLimit(limit: unknown): void {
  if (limit === undefined) return;
  const got = typeof limit === 'number' ? String(limit) : typeof limit;
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit)) {
    throw new ImageCacheValidationError([{ path: 'limit', rule: 'integer', message: `limit must be a positive integer, got ${got}` }]);
  }
  if (limit <= 0) throw new ImageCacheValidationError([{ path: 'limit', rule: 'minimum', message: `limit must be a positive integer, got ${got}` }]);
}

/**
 * The query of a list request; `limit` checked first, before anything is sent.
 *
 * @example
 * ```ts
 * listQuery({ labelSelector: { team: 'web' }, limit: 100 }); // 'labelSelector=team%3Dweb&limit=100'
 * ```
 */
export function listQuery(options: ListOptions): string {
  assertValidLimit(options.limit);
  return queryString({
    labelSelector: options.labelSelector !== undefined ? formatSelector(options.labelSelector, 'label') : undefined,
    fieldSelector: options.fieldSelector !== undefined ? formatSelector(options.fieldSelector, 'field') : undefined,
    limit: options.limit,
    continue: options.continue,
    resourceVersion: options.resourceVersion,
  });
}
