#!/usr/bin/env node
// `npm run bench` entry point. The harness is TypeScript (typechecked with the rest of the
// project), so this shim only starts it under tsx and hands back its exit code.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'harness', 'main.ts'), ...process.argv.slice(2)], {
  cwd: join(here, '..'),
  stdio: 'inherit',
});
if (result.error) {
  console.error(`could not start the benchmark runner: ${result.error.message}`);
  process.exit(2);
}
process.exit(result.status ?? 1);
