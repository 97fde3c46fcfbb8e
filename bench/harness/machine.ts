/**
 * Describes the machine a run happened on, so numbers in RESULTS.md can be read in context.
 * @packageDocumentation
 */
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';

/** The facts about the machine that change benchmark numbers. */
export interface MachineInfo {
  /** ISO 8601 time the run started. */
  readonly date: string;
  /** CPUs this process may use. */
  readonly cores: number;
  readonly cpuModel: string;
  readonly nodeVersion: string;
  readonly os: string;
  readonly totalMemoryGiB: number;
  /** 1-minute load average when the run started: a busy shared machine shows here. */
  readonly loadAverage1m: number;
}

/**
 * Reads the machine's facts now.
 *
 * @example
 * ```ts
 * const machine = describeMachine();
 * console.log(`${machine.cores} cores, Node ${machine.nodeVersion}`);
 * ```
 */
export function describeMachine(now: Date = new Date()): MachineInfo {
  const models = [...new Set(cpus().map((cpu) => cpu.model.trim()))];
  return {
    date: now.toISOString(),
    cores: availableParallelism(),
    cpuModel: models.join(', ') || 'unknown',
    nodeVersion: process.version,
    os: `${platform()} ${release()}`,
    totalMemoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
  };
}
