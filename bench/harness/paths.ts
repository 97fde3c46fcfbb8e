/**
 * Where things live. Every scratch directory is under `.cache/bench/`, which git ignores, so the
 * anchors' installs never touch the project's own dependencies.
 * @packageDocumentation
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the directory holding package.json). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The benchmarks' directory. */
export const BENCH_DIR = join(REPO_ROOT, 'bench');

/** Root of every scratch directory the benchmarks create. */
export const SCRATCH_DIR = join(REPO_ROOT, '.cache', 'bench');

/** The scratch project holding the anchor libraries, installed on first run. */
export const ANCHORS_DIR = join(SCRATCH_DIR, 'anchors');

/** Where children write their reports for the runner to collect. */
export const REPORTS_DIR = join(SCRATCH_DIR, 'reports');

/** The file the runner writes at the end of a run. */
export const RESULTS_FILE = join(BENCH_DIR, 'RESULTS.md');
