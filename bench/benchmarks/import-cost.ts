/**
 * Issue item 1, import cost: `import('eci-imagecache')` in a fresh process against
 * `@kubernetes/client-node` 1.x (wall time at most 0.5x, peak RSS at most 0.7x), and
 * `import('eci-imagecache/matching')` at most 30 ms over an empty Node process.
 *
 * Every sample is a new `node` process, so nothing is cached in V8 between samples; the OS file
 * cache is warmed by one discarded round. Subjects alternate within each round.
 * @packageDocumentation
 */
import { spawn } from 'node:child_process';
import { ensureClientNode } from '../harness/anchors.js';
import { progress, runBenchmark, scaled } from '../harness/benchmark.js';
import { REPO_ROOT } from '../harness/paths.js';
import type { MetricRow } from '../harness/report.js';
import { median, nowMs, rotate, summarize } from '../harness/stats.js';

const ID = 'import';
const TITLE = 'Import cost';

/** One process to start: what it imports, and from which directory the specifier resolves. */
interface Subject {
  readonly key: 'empty' | 'ours' | 'matching' | 'anchor';
  readonly specifier: string | null;
  readonly cwd: string;
}

/** What one process reported about itself, plus the wall time the parent saw. */
interface Sample {
  /** Time spent inside `await import()`. */
  readonly importMs: number;
  /** Peak resident set size of the whole process, in MiB. */
  readonly maxRssMiB: number;
  /** From spawn to exit, as the parent saw it: what a CLI user waits for. */
  readonly processMs: number;
}

// Runs as the whole program of the measured process. `performance.now()` counts from process
// start, so it needs no clock from the parent.
function probeSource(specifier: string | null): string {
  const load = specifier === null ? '' : `await import(${JSON.stringify(specifier)});`;
  return [
    'const before = performance.now();',
    load,
    'const importMs = performance.now() - before;',
    'const maxRssKiB = process.resourceUsage().maxRSS;',
    'process.stdout.write(JSON.stringify({ importMs, maxRssKiB }));',
    // A library that opens handles at import must not keep the sample alive.
    'process.exit(0);',
  ].join('\n');
}

async function sample(subject: Subject): Promise<Sample> {
  const start = nowMs();
  const child = spawn(process.execPath, ['--input-type=module', '-e', probeSource(subject.specifier)], {
    cwd: subject.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  const processMs = nowMs() - start;
  if (code !== 0) throw new Error(`importing ${subject.specifier ?? '(nothing)'} from ${subject.cwd} failed (exit ${code}): ${stderr.slice(0, 2000)}`);
  const reported = JSON.parse(stdout) as { importMs: number; maxRssKiB: number };
  return { importMs: reported.importMs, maxRssMiB: reported.maxRssKiB / 1024, processMs };
}

// Other builds in a shared tree can delete dist/ for a moment (tsup cleans it first): one failed
// sample is retried once after a pause, and the retries are reported.
let retries = 0;
async function sampleWithRetry(subject: Subject): Promise<Sample> {
  try {
    return await sample(subject);
  } catch (error) {
    retries++;
    progress(ID, `retrying ${subject.key} once: ${(error as Error).message.split('\n')[0]}`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    return sample(subject);
  }
}

await runBenchmark(ID, TITLE, async () => {
  const anchor = ensureClientNode();
  const subjects: Subject[] = [
    { key: 'empty', specifier: null, cwd: REPO_ROOT },
    // Package self-reference: from the repository root, the exports map points at dist/.
    { key: 'ours', specifier: 'eci-imagecache', cwd: REPO_ROOT },
    { key: 'matching', specifier: 'eci-imagecache/matching', cwd: REPO_ROOT },
    { key: 'anchor', specifier: '@kubernetes/client-node', cwd: anchor.projectDir },
  ];
  const rounds = scaled(15, 3);
  const samples = new Map<Subject['key'], Sample[]>(subjects.map((s) => [s.key, []]));
  // Per-round differences: pairing cancels slow drifts in machine load between rounds.
  const matchingOverEmptyMs: number[] = [];

  for (let round = -1; round < rounds; round++) {
    const inRound = new Map<Subject['key'], Sample>();
    for (const subject of rotate(subjects, round + 1)) inRound.set(subject.key, await sampleWithRetry(subject));
    if (round < 0) continue; // warm-up: fills the OS file cache for every subject
    for (const [key, value] of inRound) samples.get(key)!.push(value);
    matchingOverEmptyMs.push(inRound.get('matching')!.processMs - inRound.get('empty')!.processMs);
    progress(ID, `round ${round + 1}/${rounds}`);
  }

  const med = (key: Subject['key'], field: keyof Sample): number => median(samples.get(key)!.map((s) => s[field]));
  const n = `median of ${rounds}`;
  const rows: MetricRow[] = [
    {
      metric: `import() time, eci-imagecache (${n})`,
      unit: 'ms',
      ours: med('ours', 'importMs'),
      anchorName: anchor.label,
      anchor: med('anchor', 'importMs'),
      target: { kind: 'ratio-at-most', limit: 0.5 },
    },
    {
      metric: `peak RSS after import, eci-imagecache (${n})`,
      unit: 'MiB',
      ours: med('ours', 'maxRssMiB'),
      anchorName: anchor.label,
      anchor: med('anchor', 'maxRssMiB'),
      target: { kind: 'ratio-at-most', limit: 0.7 },
    },
    {
      metric: `process spawn-to-exit, eci-imagecache (${n})`,
      unit: 'ms',
      ours: med('ours', 'processMs'),
      anchorName: anchor.label,
      anchor: med('anchor', 'processMs'),
    },
    {
      metric: `eci-imagecache/matching process over empty node (${n} paired)`,
      unit: 'ms',
      ours: median(matchingOverEmptyMs),
      target: { kind: 'value-at-most', limit: 30 },
    },
    { metric: `import() time, eci-imagecache/matching (${n})`, unit: 'ms', ours: med('matching', 'importMs') },
    {
      metric: `peak RSS, eci-imagecache/matching (${n})`,
      unit: 'MiB',
      ours: med('matching', 'maxRssMiB'),
      anchorName: 'empty node process',
      anchor: med('empty', 'maxRssMiB'),
    },
    { metric: `process spawn-to-exit, empty node (${n})`, unit: 'ms', ours: med('empty', 'processMs') },
  ];
  return {
    id: ID,
    title: TITLE,
    status: 'ok',
    rows,
    notes: [
      `Each sample is a fresh \`node --input-type=module -e\` process; ${rounds} rounds after one discarded warm-up round, subjects rotated each round.`,
      '"import() time" is measured inside the process around `await import(...)` (performance.now()); peak RSS is `process.resourceUsage().maxRSS` just before exit, for the whole process.',
      'eci-imagecache resolves from the repository root by package self-reference (dist/, ESM); the anchor resolves from its scratch project in .cache/bench/anchors/.',
      '"over empty node" is the median over rounds of (matching process wall time - empty `node` process wall time) in the same round.',
      ...(retries > 0 ? [`${retries} sample(s) failed once and were retried (dist/ rebuilt by someone else meanwhile?).`] : []),
    ],
    raw: Object.fromEntries(
      [...samples].map(([key, list]) => [
        key,
        {
          importMs: summarize(list.map((s) => s.importMs)),
          maxRssMiB: summarize(list.map((s) => s.maxRssMiB)),
          processMs: summarize(list.map((s) => s.processMs)),
        },
      ]),
    ),
  };
});
