/**
 * kubectl's way with several items (documents of `create -f`, names of `delete`, caches of
 * `warm`): go on after a failure, one line per item, and a non-zero exit if any failed.
 * @packageDocumentation
 */
import { isKubernetesApiError, isNetworkError } from '../client/errors.js';
import { describeError } from './describe-error.js';
import type { CliIO } from './io.js';

/**
 * kubectl's line for a failed item, e.g. `Error from server (AlreadyExists): error when creating
 * "caches.yaml": imagecaches.eci.alibabacloud.com "web" already exists`.
 */
export function itemErrorLine(err: unknown, context?: string): string {
  const prefix = context ? `${context}: ` : '';
  if (isKubernetesApiError(err)) return `Error from server (${err.reason}): ${prefix}${err.status.message ?? err.message}`;
  return `error: ${prefix}${describeError(err)}`;
}

/**
 * A server that was never reached fails every item the same way: one error for the command is
 * clearer than the same line per item, so this rethrows it.
 */
export function rethrowIfUnreachable(err: unknown): void {
  if (isNetworkError(err) && err.code === 'ECONNREFUSED') throw err;
}

/**
 * Runs `act` on each item in order, printing `act`'s failures with {@link itemErrorLine} on stderr
 * and going on; returns how many failed. An abort (Ctrl-C) stops at once.
 */
export async function forEachItem<T>(
  items: readonly T[],
  io: CliIO,
  act: (item: T) => Promise<void>,
  context?: (item: T) => string | undefined,
): Promise<number> {
  let failed = 0;
  for (const item of items) {
    if (io.signal.aborted) throw io.signal.reason;
    try {
      await act(item);
    } catch (err) {
      if (io.signal.aborted) throw err;
      rethrowIfUnreachable(err);
      failed++;
      io.stderr.write(`${itemErrorLine(err, context?.(item))}\n`);
    }
  }
  return failed;
}
