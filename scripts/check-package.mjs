#!/usr/bin/env node
// Builds and packs the package, then checks what users get: publint and attw on the tarball report
// nothing, every entry point loads from ESM and CommonJS, and the pure entries (`eci-imagecache/matching`,
// `eci-imagecache/planning`) load no HTTP code, zod or YAML parser from either module system.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
const failures = [];

run('npm', ['run', 'build', '--silent']);
const packDir = mkdtempSync(join(tmpdir(), 'eci-imagecache-pack-'));
try {
  const tarball = join(packDir, JSON.parse(run('npm', ['pack', '--json', '--pack-destination', packDir]))[0].filename);

  for (const [name, args] of [
    ['publint', ['publint', 'run', tarball, '--strict']],
    // node10 resolution cannot see subpath exports; engines.node is >=18, so node16 rules are the ones users meet.
    ['attw', ['attw', tarball, '--format', 'ascii', '--profile', 'node16']],
  ]) {
    try {
      console.log(run('npx', ['--no-install', ...args]).trim());
    } catch (err) {
      failures.push(`${name} reported problems:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
    }
  }

  const forbidden = /node_modules\/(axios|zod|yaml)\/|^node:(http|https|net|tls)$/;
  const pure = ['eci-imagecache/matching', 'eci-imagecache/planning'];
  for (const entry of ['eci-imagecache', ...pure, 'eci-imagecache/testing']) {
    const cjs = run('node', ['-e', `require(${JSON.stringify(entry)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)))`]);
    const esm = run('node', ['--import', './scripts/record-loads.mjs', '--input-type=module', '-e',
      `await import(${JSON.stringify(entry)}); await new Promise((r) => setTimeout(r, 50)); process.stdout.write(JSON.stringify(globalThis.__loadedModules))`]);
    if (pure.includes(entry)) {
      for (const [system, list] of [['CommonJS', cjs], ['ESM', esm]]) {
        const bad = JSON.parse(list).filter((m) => forbidden.test(m.replace(/\\/g, '/')));
        if (bad.length > 0) failures.push(`${entry} from ${system} loads ${bad.join(', ')}`);
      }
    }
  }
} finally {
  rmSync(packDir, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(failures.join('\n\n'));
  process.exit(1);
}
console.log('package check: publint and attw clean; eci-imagecache/matching and /planning load no axios, zod, yaml or node:http from ESM or CommonJS');
