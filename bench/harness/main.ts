/**
 * `npm run bench`: builds the package, runs each selected benchmark in its own process, prints a
 * table per benchmark and writes the Markdown results. Exits non-zero only when a benchmark could
 * not run to the end; a missed target is a finding to report, not a crash.
 * @packageDocumentation
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { ensureClientNode } from './anchors.js';
import { parseRunnerArgs, USAGE } from './args.js';
import { QUICK_ENV } from './benchmark.js';
import { describeMachine } from './machine.js';
import { REPO_ROOT } from './paths.js';
import { selectBenchmarks } from './registry.js';
import { failedReport, type BenchmarkReport } from './report.js';
import { renderResultsDocument, tallyVerdicts } from './results-md.js';
import { runBenchmarkProcess, stopRunningBenchmarks } from './spawn.js';
import { nowMs } from './stats.js';
import { renderText } from './table.js';

async function main(argv: readonly string[]): Promise<number> {
  const options = parseRunnerArgs(argv);
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const selected = selectBenchmarks(options.ids);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopRunningBenchmarks();
      process.exit(130);
    });
  }

  const machine = describeMachine();
  const started = nowMs();
  console.log(
    `benchmarks: ${selected.map((b) => b.id).join(', ')} on ${machine.cores} cores (${machine.cpuModel}), Node ${machine.nodeVersion}, load ${machine.loadAverage1m}`,
  );

  if (options.build) {
    console.log('building: npm run build');
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }

  let anchorProblem: string | undefined;
  if (selected.some((b) => b.needsClientNode)) {
    try {
      const anchor = ensureClientNode({ log: (line) => console.log(line) });
      console.log(`anchor: ${anchor.label} in ${relative(REPO_ROOT, anchor.projectDir)}`);
    } catch (error) {
      anchorProblem = `could not install the anchor: ${(error as Error).message}`;
      console.error(anchorProblem);
    }
  }

  const reports: BenchmarkReport[] = [];
  for (const benchmark of selected) {
    console.log(`\nrunning ${benchmark.id} (issue item ${benchmark.issueItem})`);
    const report =
      benchmark.needsClientNode && anchorProblem
        ? failedReport(benchmark.id, benchmark.title, anchorProblem)
        : await runBenchmarkProcess({
            id: benchmark.id,
            title: benchmark.title,
            script: benchmark.script,
            timeoutMs: benchmark.timeoutMs,
            ...(benchmark.nodeFlags ? { nodeFlags: benchmark.nodeFlags } : {}),
            env: options.quick ? { [QUICK_ENV]: '1' } : {},
          });
    reports.push(report);
    console.log(renderText(report));
  }

  const durationSeconds = (nowMs() - started) / 1000;
  mkdirSync(dirname(options.resultsFile), { recursive: true });
  writeFileSync(options.resultsFile, renderResultsDocument({ machine, reports, quick: options.quick, durationSeconds }));
  const tally = tallyVerdicts(reports);
  console.log(
    `\n${tally.pass} targets met, ${tally.miss} missed${tally.notRun.length > 0 ? `, not run: ${tally.notRun.join(', ')}` : ''}; ` +
      `${Math.round(durationSeconds)} s; results in ${relative(REPO_ROOT, options.resultsFile)}`,
  );
  return reports.some((r) => r.status === 'failed') ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
