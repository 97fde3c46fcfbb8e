/**
 * Reading a client watch in tests: take events until a condition holds, then stop the watch. A
 * safety deadline turns a missing event into a clear failure instead of a hung test; it bounds the
 * wait, it does not measure anything.
 */
import type { WatchStreamEvent } from '../../../src/client/index.js';

/** A watch event in a form that is easy to compare: `ADDED ct-1-a-1`, `RELISTED ct-1-a-1,ct-1-b-2`. */
export function describeEvent(event: WatchStreamEvent): string {
  if (event.type === 'BOOKMARK') return 'BOOKMARK';
  if (event.type === 'RELISTED') return `RELISTED ${event.objects.map((o) => o.metadata.name).join(',')}`;
  return `${event.type} ${event.object.metadata.name}`;
}

/** An open watch whose events are collected in the background. */
export interface CollectedWatch {
  /** Every event so far, in order; BOOKMARKs are left out. */
  readonly events: WatchStreamEvent[];
  /** Resolves once `condition(events)` holds; rejects when the watch fails or the deadline passes. */
  until(condition: (events: readonly WatchStreamEvent[]) => boolean, what: string, deadlineMs?: number): Promise<WatchStreamEvent[]>;
  /** Stops the watch and waits for its loop to end. */
  stop(): Promise<void>;
}

const DEFAULT_DEADLINE_MS = 15_000;

/**
 * Starts consuming `open(signal)` in the background.
 *
 * @example
 * ```ts
 * const watch = collectWatch((signal) => client.watch({ resourceVersion, signal }));
 * await watch.until((events) => events.length >= 3, 'three events');
 * await watch.stop();
 * ```
 */
export function collectWatch(open: (signal: AbortSignal) => AsyncIterable<WatchStreamEvent>): CollectedWatch {
  const controller = new AbortController();
  const events: WatchStreamEvent[] = [];
  const waiters = new Set<() => void>();
  let failure: unknown;
  let ended = false;
  const notify = () => {
    for (const wake of [...waiters]) wake();
  };
  const loop = (async () => {
    try {
      for await (const event of open(controller.signal)) {
        if (event.type === 'BOOKMARK') continue;
        events.push(event);
        notify();
      }
    } catch (error) {
      failure = error;
    } finally {
      ended = true;
      notify();
    }
  })();

  return {
    events,
    until: (condition, what, deadlineMs = DEFAULT_DEADLINE_MS) =>
      new Promise<WatchStreamEvent[]>((resolve, reject) => {
        const check = () => {
          if (condition(events)) return finish(() => resolve([...events]));
          if (failure !== undefined) return finish(() => reject(failure));
          if (ended) return finish(() => reject(new Error(`the watch ended before ${what}; events: ${events.map(describeEvent).join(' | ')}`)));
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`no ${what} within ${deadlineMs} ms; events: ${events.map(describeEvent).join(' | ')}`))),
          deadlineMs,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      }),
    stop: async () => {
      controller.abort();
      await loop;
    },
  };
}
