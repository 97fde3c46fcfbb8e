/**
 * The runner side of the protocol: runs one benchmark file in its own Node process (a fresh heap
 * and module cache per benchmark, so one cannot warm or bloat the next) and reads back its report.
 * @packageDocumentation
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPORT_FILE_ENV } from './benchmark.js';
import { REPORTS_DIR, REPO_ROOT } from './paths.js';
import { failedReport, isBenchmarkReport, type BenchmarkReport } from './report.js';

// Process groups of the children still running, so an interrupted run can stop them: being
// detached, they would not receive the terminal's Ctrl-C themselves.
const runningGroups = new Set<number>();

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Stops every benchmark process (and what it started) that is still running; for SIGINT handlers.
 *
 * @example
 * ```ts
 * process.once('SIGINT', () => { stopRunningBenchmarks(); process.exit(130); });
 * ```
 */
export function stopRunningBenchmarks(): void {
  for (const pid of runningGroups) killGroup(pid);
  runningGroups.clear();
}

/** How to run one benchmark process. */
export interface SpawnOptions {
  readonly id: string;
  readonly title: string;
  /** The benchmark's TypeScript file, run through tsx. */
  readonly script: string;
  /** Killed after this long and reported as failed. */
  readonly timeoutMs: number;
  /** Extra variables for the child's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra Node flags, e.g. `--expose-gc`. */
  readonly nodeFlags?: readonly string[];
}

/**
 * Runs `script` in a child Node process with tsx and returns the report it wrote. Never throws: a
 * crash, a timeout or a malformed report becomes a `failed` report.
 *
 * @example
 * ```ts
 * const report = await runBenchmarkProcess({ id: 'validation', title: 'Validation', script: 'bench/benchmarks/validation.ts', timeoutMs: 60_000 });
 * ```
 */
export async function runBenchmarkProcess(options: SpawnOptions): Promise<BenchmarkReport> {
  mkdirSync(REPORTS_DIR, { recursive: true });
  const reportFile = join(REPORTS_DIR, `${options.id}.json`);
  rmSync(reportFile, { force: true });

  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), '--import', 'tsx', options.script], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env, [REPORT_FILE_ENV]: reportFile },
    stdio: ['ignore', 'inherit', 'inherit'],
    // Its own process group, so a timeout can stop the servers the benchmark started as well.
    detached: true,
  });

  const pid = child.pid;
  if (pid !== undefined) runningGroups.add(pid);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (pid !== undefined) killGroup(pid);
  }, options.timeoutMs);

  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  clearTimeout(timer);
  if (pid !== undefined) {
    // Servers a benchmark forked die with it only if it stopped them; make sure of it.
    killGroup(pid);
    runningGroups.delete(pid);
  }

  if (timedOut) return failedReport(options.id, options.title, `no report within ${Math.round(options.timeoutMs / 1000)} s; the process was killed`);
  if (exit.error) return failedReport(options.id, options.title, `could not start: ${exit.error.message}`);
  if (!existsSync(reportFile)) {
    return failedReport(options.id, options.title, `exited (code ${exit.code}, signal ${exit.signal}) without writing a report`);
  }
  try {
    const parsed: unknown = JSON.parse(readFileSync(reportFile, 'utf8'));
    if (isBenchmarkReport(parsed)) return parsed;
    return failedReport(options.id, options.title, 'wrote a report of the wrong shape');
  } catch (error) {
    return failedReport(options.id, options.title, `wrote an unreadable report: ${(error as Error).message}`);
  }
}
