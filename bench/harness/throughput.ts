/**
 * Throughput of several synchronous subjects compared within one process: each round gives every
 * subject the same time slice, subjects rotate between rounds, and the first round only warms the
 * JIT. Reported per subject as operations per second, one sample per round.
 * @packageDocumentation
 */
import { nowMs, rotate } from './stats.js';

/** Something to time: `batch()` does some operations and says how many. */
export interface ThroughputSubject {
  readonly name: string;
  /** Runs a batch of operations and returns how many it did; the batch should take well under a millisecond to a few. */
  readonly batch: () => number;
}

/** How long to measure. */
export interface ThroughputOptions {
  /** Measured rounds, after one warm-up round. */
  readonly rounds: number;
  /** Time each subject gets per round. */
  readonly roundMs: number;
  /** Called after each measured round. */
  readonly onRound?: (round: number) => void;
}

/**
 * Operations per second of each subject, one sample per round, keyed by subject name.
 *
 * @example
 * ```ts
 * const samples = compareThroughput([{ name: 'zod', batch: () => { validate(x); return 1; } }], { rounds: 7, roundMs: 300 });
 * median(samples.get('zod')!);
 * ```
 */
export function compareThroughput(subjects: readonly ThroughputSubject[], options: ThroughputOptions): Map<string, number[]> {
  const samples = new Map<string, number[]>(subjects.map((s) => [s.name, []]));
  for (let round = -1; round < options.rounds; round++) {
    for (const subject of rotate(subjects, round + 1)) {
      let operations = 0;
      const start = nowMs();
      let elapsed = 0;
      while (elapsed < options.roundMs) {
        operations += subject.batch();
        elapsed = nowMs() - start;
      }
      if (round >= 0) samples.get(subject.name)!.push((operations / elapsed) * 1000);
    }
    if (round >= 0) options.onRound?.(round);
  }
  return samples;
}
