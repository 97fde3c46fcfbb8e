/**
 * A list page for the informer: the body scanned into caches kept as bytes when the scanner can
 * vouch for it, else parsed and checked the way every list is. Either way the store gets the same
 * caches; only when they are parsed differs.
 * @packageDocumentation
 */
import { expectImageCacheList, type ResponseContext } from '../boundary.js';
import type { ReflectorPage } from './reflector.js';
import { scanImageCacheList, type ScannedList } from '../lazy/scan.js';
import { StoredCache } from '../lazy/stored-cache.js';

/** A body the scanner read; a class, so no parsed JSON body can pass for one. */
class ScannedListBody {
  constructor(readonly list: ScannedList) {}
}

/**
 * Reads a list body without parsing it; undefined (parse it as JSON) when the scanner cannot vouch for it.
 *
 * @example
 * ```ts
 * const { body } = await transport.request({ method: 'GET', path, retryMode: 'idempotent', readBody: readListBody });
 * ```
 */
export function readListBody(bytes: Buffer): ScannedListBody | undefined {
  const list = scanImageCacheList(bytes);
  return list && new ScannedListBody(list);
}

/**
 * The page in `body` (from {@link readListBody}, or parsed JSON), or the response error of a body that is no ImageCacheList.
 *
 * @example
 * ```ts
 * const page = toReflectorPage(body, { method: 'GET', path, statusCode: 200, scrub });
 * ```
 */
export function toReflectorPage(body: unknown, context: ResponseContext): ReflectorPage {
  if (body instanceof ScannedListBody) {
    const { items, resourceVersion, continue: continueToken } = body.list;
    return { items: items.map(StoredCache.fromScan), resourceVersion, continue: continueToken };
  }
  const list = expectImageCacheList(body, context);
  return { items: list.items, resourceVersion: list.metadata.resourceVersion, continue: list.metadata.continue };
}
