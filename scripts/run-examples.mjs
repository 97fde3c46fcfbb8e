#!/usr/bin/env node
// Runs every example in examples/ (the *.test.ts ones run inside `npm test`), each against the
// embedded emulator, and fails when one exits non-zero or takes longer than a minute.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const examples = readdirSync(join(root, 'examples'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .sort();
const tsx = join(root, 'node_modules', '.bin', 'tsx');
let failed = 0;
for (const file of examples) {
  const started = Date.now();
  const result = spawnSync(tsx, [join('examples', file)], { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, CLUSTER: '' } });
  const ok = result.status === 0;
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} examples/${file} (${Date.now() - started} ms)`);
  if (!ok) console.log(`${result.stdout}${result.stderr}${result.error ? String(result.error) : ''}`.replace(/^/gm, '    '));
}
console.log(`examples: ${examples.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
