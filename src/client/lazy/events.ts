/**
 * Watch events whose object is still JSON bytes, for the informer's watch: a streaming list's
 * initial events are one per cache, and parsing each is most of a sync's cost.
 * @packageDocumentation
 */
import type { ImageCache } from '../../types/index.js';
import { scanWatchEvent } from './scan.js';
import { StoredCache } from './stored-cache.js';

/**
 * A change event read by the scanner: `object` is parsed on first read, `record` is what the
 * informer's store takes without reading it.
 *
 * @example
 * ```ts
 * const event = scanWatchLine(Buffer.from('{"type":"ADDED","object":{...}}'));
 * if (event) store.upsert(event.record);
 * ```
 */
// It has ImageCacheChangeEvent's shape; it does not import the type, so watch.ts (which imports
// this class) and this module do not import each other.
export class LazyChangeEvent {
  constructor(
    readonly type: 'ADDED' | 'MODIFIED' | 'DELETED',
    readonly record: StoredCache,
  ) {}

  get object(): ImageCache {
    return this.record.object;
  }
}

/**
 * The change event on `line`, unparsed; undefined when the line is another event or the scanner
 * cannot vouch for it (then the watch parses it the ordinary way).
 *
 * @example
 * ```ts
 * const context = { ...watchContext, readLine: scanWatchLine };
 * ```
 */
export function scanWatchLine(line: Uint8Array): LazyChangeEvent | undefined {
  const event = scanWatchEvent(line);
  return event && new LazyChangeEvent(event.type, StoredCache.fromScan(event.object));
}
