/**
 * Probes: one measurement in a fresh Node process (a fresh heap, so one measurement cannot warm
 * or bloat the next), reporting one JSON line on stdout. `runProbe` is the parent side,
 * `reportProbe` the child side.
 * @packageDocumentation
 */
import { spawn } from 'node:child_process';
import { REPO_ROOT } from './paths.js';

/** How to run one probe. */
export interface ProbeRun {
  /** The probe script (TypeScript, run under tsx). */
  readonly script: string;
  /** What the probe reads from its environment, added to this process's. */
  readonly env: Readonly<Record<string, string>>;
  /** Node flags before the script, e.g. `--expose-gc` or V8 heap limits. */
  readonly nodeFlags?: readonly string[];
  /** Names the probe in the error when it fails. */
  readonly label: string;
}

/**
 * Runs a probe and resolves with the JSON line it printed.
 *
 * @example
 * ```ts
 * const result = await runProbe<ListProbeResult>({ script: PROBE, env: { BENCH_LIST_COUNT: '5000' }, label: 'ours list probe' });
 * ```
 */
export function runProbe<T>({ script, env, nodeFlags = [], label }: ProbeRun): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', script], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`${label} exited with code ${code}`));
      else resolve(JSON.parse(stdout) as T);
    });
  });
}

/**
 * The child side: prints the measurement as one JSON line and exits 0, or prints the error and exits 1.
 *
 * @example
 * ```ts
 * reportProbe(probe());
 * ```
 */
export function reportProbe(measurement: Promise<unknown>): void {
  measurement.then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
