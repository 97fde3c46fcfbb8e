/**
 * The child side of the runner protocol. Each benchmark file calls {@link runBenchmark} once; the
 * report goes to the file named by BENCH_REPORT_FILE (set by the runner), or is printed as a table
 * when the file is run on its own (`node --import tsx bench/benchmarks/validation.ts`).
 * @packageDocumentation
 */
import { writeFileSync } from 'node:fs';
import { failedReport, type BenchmarkReport } from './report.js';
import { renderText } from './table.js';

/** Set by the runner: where the child writes its JSON report. */
export const REPORT_FILE_ENV = 'BENCH_REPORT_FILE';
/** Set to `1` for a smoke run: fewer rounds and smaller data, numbers not meaningful. */
export const QUICK_ENV = 'BENCH_QUICK';

/**
 * True in a smoke run (BENCH_QUICK=1), where benchmarks shrink their rounds and data.
 *
 * @example
 * ```ts
 * const rounds = isQuickRun() ? 3 : 15;
 * ```
 */
export function isQuickRun(): boolean {
  return process.env[QUICK_ENV] === '1';
}

/**
 * `full` normally, `quick` in a smoke run.
 *
 * @example
 * ```ts
 * const rounds = scaled(15, 3);
 * ```
 */
export function scaled<T>(full: T, quick: T): T {
  return isQuickRun() ? quick : full;
}

/**
 * Progress line on stderr, so a long benchmark shows it is alive without mixing into results.
 *
 * @example
 * ```ts
 * progress('import', 'round 3/15');
 * ```
 */
export function progress(id: string, message: string): void {
  process.stderr.write(`  [${id}] ${message}\n`);
}

/**
 * Runs one benchmark, delivers its report, and exits. A thrown error becomes a `failed` report
 * rather than a lost run, and the explicit exit stops a benchmark whose library left a socket or
 * timer open from hanging the runner.
 *
 * @example
 * ```ts
 * await runBenchmark('validation', 'Validation throughput', async () => ({ ... }));
 * ```
 */
export async function runBenchmark(id: string, title: string, measure: () => Promise<BenchmarkReport>): Promise<never> {
  let report: BenchmarkReport;
  try {
    report = await measure();
  } catch (error) {
    const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
    report = failedReport(id, title, reason);
  }
  const reportFile = process.env[REPORT_FILE_ENV];
  if (reportFile) writeFileSync(reportFile, JSON.stringify(report, null, 2));
  else process.stdout.write(`${renderText(report)}\n`);
  process.exit(report.status === 'failed' ? 1 : 0);
}
