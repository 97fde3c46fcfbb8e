/**
 * The informer's own errors: a handler that failed, and a wait for sync that gave up.
 * @packageDocumentation
 */
import { isErrorOf } from '../../errors/base.js';
import { ImageCacheClientError } from '../errors.js';

/** A handler threw or rejected; the informer went on. `cause` is what it threw. */
export class InformerHandlerError extends ImageCacheClientError {
  /** Always `'InformerHandlerError'`. */
  override readonly name = 'InformerHandlerError';
  /** The event the handler was handling. */
  readonly event: 'add' | 'update' | 'delete' | 'synced';
  /** The name of the cache it was about, if any. */
  readonly objectName: string | undefined;

  /** `event` and `objectName` say which handler call failed; `cause` is what it threw or rejected with. */
  constructor(event: InformerHandlerError['event'], objectName: string | undefined, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`an informer '${event}' handler${objectName !== undefined ? ` for ${objectName}` : ''} failed: ${why}`, { cause });
    this.event = event;
    this.objectName = objectName;
  }
}

/**
 * True when `value` is an {@link InformerHandlerError}.
 *
 * @example
 * ```ts
 * client.informer().on('error', (err) => { if (isInformerHandlerError(err)) console.error('handler bug', err.cause); });
 * ```
 */
export function isInformerHandlerError(value: unknown): value is InformerHandlerError {
  return isErrorOf(value, InformerHandlerError);
}

/** Why `waitForSync` gave up. */
export type InformerSyncFailure = 'timeout' | 'aborted' | 'stopped';

/** `waitForSync` ended before the informer synced; the informer itself goes on (unless stopped). */
export class InformerSyncError extends ImageCacheClientError {
  /** Always `'InformerSyncError'`. */
  override readonly name = 'InformerSyncError';
  /** Why the wait ended: `timeout`, `aborted` (the caller's signal) or `stopped` (the informer was stopped). */
  readonly kind: InformerSyncFailure;
  /** The last error the informer reported while trying to sync, if any. */
  readonly lastError: unknown;

  /** `kind` is why the wait ended; `lastError` the informer's last sync error, kept as name and message only. */
  constructor(kind: InformerSyncFailure, lastError: unknown) {
    const why = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
    super(
      `the informer did not sync: ${kind === 'timeout' ? 'timed out' : kind === 'aborted' ? 'the wait was aborted' : 'it was stopped'}${why}`,
      lastError instanceof Error ? { cause: lastError } : undefined,
    );
    this.kind = kind;
    this.lastError = lastError instanceof Error ? { name: lastError.name, message: lastError.message } : lastError;
  }
}

/**
 * True when `value` is an {@link InformerSyncError}.
 *
 * @example
 * ```ts
 * const informer = client.informer();
 * informer.start();
 * try { await informer.waitForSync({ timeoutMs: 30_000 }); } catch (err) { if (isInformerSyncError(err)) console.error(err.kind); }
 * ```
 */
export function isInformerSyncError(value: unknown): value is InformerSyncError {
  return isErrorOf(value, InformerSyncError);
}
