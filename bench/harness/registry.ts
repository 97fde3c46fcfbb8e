/**
 * The benchmarks `npm run bench` knows, in the issue's order. Adding one means adding a file under
 * `bench/benchmarks/` and a line here.
 * @packageDocumentation
 */
import { join } from 'node:path';
import { BENCH_DIR } from './paths.js';

/** One benchmark the runner can start. */
export interface BenchmarkEntry {
  /** Name on the command line: `npm run bench -- <id> ...`. */
  readonly id: string;
  readonly title: string;
  /** The issue's item number, for cross-reference. */
  readonly issueItem: number;
  readonly script: string;
  /** Generous bound; the runner kills the process after it. */
  readonly timeoutMs: number;
  readonly nodeFlags?: readonly string[];
  /** Needs `@kubernetes/client-node` installed in the anchors' scratch project. */
  readonly needsClientNode?: boolean;
}

const script = (name: string): string => join(BENCH_DIR, 'benchmarks', `${name}.ts`);

/** Every benchmark, in the order a full run executes them. */
export const BENCHMARKS: readonly BenchmarkEntry[] = [
  { id: 'import', title: 'Import cost', issueItem: 1, script: script('import-cost'), timeoutMs: 180_000, needsClientNode: true },
  { id: 'install', title: 'Install footprint', issueItem: 2, script: script('install-footprint'), timeoutMs: 300_000, needsClientNode: true },
  { id: 'request', title: 'Request overhead', issueItem: 3, script: script('request-overhead'), timeoutMs: 180_000, needsClientNode: true },
  { id: 'list', title: 'Memory at scale (listAll)', issueItem: 4, script: script('list-memory'), timeoutMs: 240_000 },
  { id: 'matching', title: 'Matching', issueItem: 5, script: script('matching'), timeoutMs: 180_000 },
  { id: 'validation', title: 'Validation throughput', issueItem: 6, script: script('validation'), timeoutMs: 120_000 },
  { id: 'wait', title: 'Waiting (waitForReady)', issueItem: 7, script: script('wait-for-ready'), timeoutMs: 120_000 },
  { id: 'bundle', title: 'Bundle size (esbuild)', issueItem: 13, script: script('bundle-size'), timeoutMs: 120_000 },
  { id: 'informer', title: 'Informer (start to synced, live matcher)', issueItem: 15, script: script('informer'), timeoutMs: 900_000, needsClientNode: true },
  // Issue #17 (warm-up planning), not an item of the benchmark issue.
  { id: 'planning', title: 'Warm-up planning', issueItem: 17, script: script('planning'), timeoutMs: 300_000 },
];

/**
 * The benchmarks named by `ids` (ids or issue numbers), in registry order; all when `ids` is empty.
 * Throws on a name it does not know, listing the ones it does.
 *
 * @example
 * ```ts
 * selectBenchmarks(['import', '5']).map((b) => b.id); // ['import', 'matching']
 * ```
 */
export function selectBenchmarks(ids: readonly string[], registry: readonly BenchmarkEntry[] = BENCHMARKS): BenchmarkEntry[] {
  if (ids.length === 0) return [...registry];
  const unknown = ids.filter((id) => !registry.some((b) => b.id === id || String(b.issueItem) === id));
  if (unknown.length > 0) {
    throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${registry.map((b) => `${b.id} (${b.issueItem})`).join(', ')}`);
  }
  return registry.filter((b) => ids.includes(b.id) || ids.includes(String(b.issueItem)));
}
