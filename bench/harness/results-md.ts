/**
 * Builds RESULTS.md: the machine, a summary of verdicts, then one section per benchmark.
 * @packageDocumentation
 */
import type { MachineInfo } from './machine.js';
import { verdictOf, type BenchmarkReport } from './report.js';
import { renderMarkdown } from './table.js';

/** What one run produced, for the Markdown document. */
export interface RunRecord {
  readonly machine: MachineInfo;
  readonly reports: readonly BenchmarkReport[];
  /** True for a `--quick` smoke run, whose numbers mean nothing. */
  readonly quick: boolean;
  /** Wall time of the whole run, in seconds. */
  readonly durationSeconds: number;
}

/**
 * Counts PASS and MISS rows over all reports, and lists benchmarks that did not run.
 *
 * @example
 * ```ts
 * const { pass, miss } = tallyVerdicts(reports);
 * ```
 */
export function tallyVerdicts(reports: readonly BenchmarkReport[]): { pass: number; miss: number; notRun: string[] } {
  let pass = 0;
  let miss = 0;
  for (const report of reports) {
    for (const row of report.rows) {
      const verdict = verdictOf(row);
      if (verdict === 'PASS') pass++;
      else if (verdict === 'MISS') miss++;
    }
  }
  const notRun = reports.filter((r) => r.status !== 'ok').map((r) => `${r.id} (${r.status})`);
  return { pass, miss, notRun };
}

/**
 * The whole Markdown document for one run.
 *
 * @example
 * ```ts
 * writeFileSync('bench/RESULTS.md', renderResultsDocument({ machine, reports, quick: false, durationSeconds: 200 }));
 * ```
 */
export function renderResultsDocument(run: RunRecord): string {
  const { machine } = run;
  const tally = tallyVerdicts(run.reports);
  const lines = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (see `bench/README.md`). Numbers compare subjects within this one run;',
    'runs on different machines, or on a busy shared one, are not comparable with each other.',
    '',
    run.quick ? '**Smoke run (`--quick`): small data, few rounds. These numbers are not measurements.**\n' : '',
    '| machine | |',
    '|---|---|',
    `| date | ${machine.date} |`,
    `| cores | ${machine.cores} |`,
    `| CPU | ${machine.cpuModel} |`,
    `| Node.js | ${machine.nodeVersion} |`,
    `| OS | ${machine.os} |`,
    `| memory | ${machine.totalMemoryGiB} GiB |`,
    `| load average (1 min) at start | ${machine.loadAverage1m} |`,
    `| run time | ${Math.round(run.durationSeconds)} s |`,
    '',
    `Targets: ${tally.pass} met, ${tally.miss} missed${tally.notRun.length > 0 ? `; not run: ${tally.notRun.join(', ')}` : ''}.`,
    '',
  ];
  for (const report of run.reports) lines.push(renderMarkdown(report));
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
