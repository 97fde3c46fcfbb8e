/**
 * The runner's command line: `npm run bench -- [ids...] [--no-build] [--quick] [--out FILE]`.
 * @packageDocumentation
 */
import { join } from 'node:path';
import { RESULTS_FILE, SCRATCH_DIR } from './paths.js';

/** What the runner was asked to do. */
export interface RunnerOptions {
  /** Benchmark ids or issue numbers; empty means all. */
  readonly ids: readonly string[];
  /** Run `npm run build` first (default), so the benchmarks measure the current sources. */
  readonly build: boolean;
  /** Smoke run: small data and few rounds, to check the harness, not to measure. */
  readonly quick: boolean;
  /** Where to write the Markdown results. */
  readonly resultsFile: string;
  readonly help: boolean;
}

/** The usage text printed by `--help`. */
export const USAGE = `usage: npm run bench -- [benchmark ...] [--no-build] [--quick] [--out FILE]

  benchmark   ids or issue numbers: import install request list matching validation wait (all when none)
  --no-build  measure dist/ as it is, without running npm run build first
  --quick     smoke run with small data and few rounds; numbers are not meaningful
  --out FILE  write the Markdown results there

A full run writes bench/RESULTS.md. A subset or quick run writes .cache/bench/RESULTS.partial.md
unless --out is given, so it never replaces the record of a full run.`;

/**
 * Parses the runner's arguments (without `node` and the script path).
 *
 * @example
 * ```ts
 * parseRunnerArgs(['import', 'matching', '--no-build']).ids; // ['import', 'matching']
 * ```
 */
export function parseRunnerArgs(argv: readonly string[]): RunnerOptions {
  const ids: string[] = [];
  let build = true;
  let quick = false;
  let out: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--no-build') build = false;
    else if (arg === '--quick') quick = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--out') {
      out = argv[++i];
      if (out === undefined) throw new Error('--out needs a file name');
    } else if (arg.startsWith('--out=')) out = arg.slice('--out='.length);
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}\n\n${USAGE}`);
    else ids.push(arg);
  }
  const partial = ids.length > 0 || quick;
  const resultsFile = out ?? (partial ? join(SCRATCH_DIR, 'RESULTS.partial.md') : RESULTS_FILE);
  return { ids, build, quick, resultsFile, help };
}
