#!/usr/bin/env node
/**
 * `npm run test:mutation [group...]`: StrykerJS over the pure modules, one group after another
 * (stryker/<group>.config.mjs), each with its own tests. Stryker fails a group whose score is
 * below `thresholds.break`; this prints every group's score and time and fails if any group did.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const GROUPS = ['matching', 'validation', 'client'];
const requested = process.argv.slice(2);
const unknown = requested.filter((group) => !GROUPS.includes(group));
if (unknown.length > 0) {
  console.error(`unknown mutation group(s): ${unknown.join(', ')}; known: ${GROUPS.join(', ')}`);
  process.exit(2);
}
const groups = requested.length > 0 ? requested : GROUPS;

// mutation-testing-report-schema: the score counts timeouts as detected and leaves out mutants
// that never compiled or were switched off by a disable comment.
function scoreOf(group) {
  const file = join(root, 'reports/mutation', `${group}.json`);
  if (!existsSync(file)) return undefined;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const counts = {};
  for (const { mutants } of Object.values(report.files)) for (const { status } of mutants) counts[status] = (counts[status] ?? 0) + 1;
  const detected = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
  const undetected = (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
  return { score: (100 * detected) / Math.max(1, detected + undetected), counts };
}

// The state file is committed: keep out what differs between machines and says nothing about
// the mutants (this checkout's absolute path, the concurrency of the run), so a clean clone
// reads the same file and a rerun with nothing changed leaves it byte for byte as it was (the
// groups run their test files in path order, stryker/vitest-group.ts, so test ids are stable too).
function portableStateFile(group) {
  const file = join(root, 'stryker/incremental', `${group}.json`);
  if (!existsSync(file)) return;
  const { projectRoot: _projectRoot, config: _config, ...state } = JSON.parse(readFileSync(file, 'utf8'));
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
}

const results = [];
for (const group of groups) {
  const started = Date.now();
  const run = spawnSync(join(root, 'node_modules/.bin/stryker'), ['run', `stryker/${group}.config.mjs`], { cwd: root, stdio: 'inherit' });
  const seconds = Math.round((Date.now() - started) / 1000);
  portableStateFile(group);
  results.push({ group, ok: run.status === 0, seconds, ...scoreOf(group) });
}

for (const { group, ok, seconds, score, counts } of results) {
  const detail = counts
    ? `${score.toFixed(2)}% (killed ${counts.Killed ?? 0}, timeout ${counts.Timeout ?? 0}, survived ${counts.Survived ?? 0}, no coverage ${counts.NoCoverage ?? 0}, ignored ${counts.Ignored ?? 0})`
    : 'no report';
  console.log(`mutation: ${group}: ${detail} in ${seconds} s${ok ? '' : ' FAILED'}`);
}
process.exit(results.every((r) => r.ok) ? 0 : 1);
