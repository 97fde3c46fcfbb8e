#!/usr/bin/env node
// `npm run release:check`: what a release must pass before `npm publish`. It runs the package
// check (build, pack, publint, attw, every entry point from ESM and CommonJS), then
// `npm publish --dry-run`, then reads the packed tarball: only the files users need, no tests, no
// sources outside dist, and every source map either embeds its sources or points at files that ship.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const failures = [];

/** Where a packed file may live; anything else is a stray file. */
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^CHANGELOG\.md$/,
  /^dist\//,
  /^src\/.+\.ts$/,
  /^crds\/[^/]+\.yaml$/,
  /^schema\/[^/]+\.ya?ml$/,
];
const FORBIDDEN = [/\.test\.[cm]?[jt]s$/, /\.test-d\.ts$/, /(^|\/)test\//, /(^|\/)\.cache\//, /\.tgz$/, /(^|\/)\.env/];

execFileSync('node', [join(root, 'scripts', 'check-package.mjs')], { cwd: root, stdio: 'inherit' });

// npm "corrects" a package.json it dislikes at publish time, e.g. by dropping a `bin` entry it
// considers invalid, and only warns: such a warning fails the check, since users would get less.
const publish = spawnSync('npm', ['publish', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
if (publish.status !== 0) failures.push(`npm publish --dry-run failed:\n${publish.stderr}`);
for (const line of publish.stderr.split('\n').filter((l) => /errors corrected|was invalid|removed/i.test(l))) failures.push(`npm publish: ${line}`);
const dryRun = JSON.parse(publish.stdout);
const report = dryRun[Object.keys(dryRun)[0]];
const files = report.files.map((f) => f.path);

for (const file of files) {
  if (!ALLOWED.some((re) => re.test(file))) failures.push(`stray file in the tarball: ${file}`);
  if (FORBIDDEN.some((re) => re.test(file))) failures.push(`test or local file in the tarball: ${file}`);
}

const packDir = mkdtempSync(join(tmpdir(), 'eci-imagecache-release-'));
try {
  const tarball = join(packDir, JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir]))[0].filename);
  execFileSync('tar', ['-xzf', tarball, '-C', packDir]);
  const pkgDir = join(packDir, 'package');
  for (const file of files.filter((f) => f.endsWith('.map'))) {
    const map = JSON.parse(readFileSync(join(pkgDir, file), 'utf8'));
    map.sources.forEach((source, i) => {
      if (typeof map.sourcesContent?.[i] === 'string') return;
      const target = posix.join(posix.dirname(file), map.sourceRoot ?? '', source);
      if (!existsSync(join(pkgDir, target))) failures.push(`${file} points at ${source}, which the tarball does not hold, without sourcesContent`);
    });
  }
  console.log(
    `release check: ${report.name}@${report.version}, ${files.length} files, ${(report.size / 1024).toFixed(0)} kB packed, ${(report.unpackedSize / 1024).toFixed(0)} kB unpacked`,
  );
} finally {
  rmSync(packDir, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log('release check: publish dry run clean; tarball holds only dist, its sources (src), crds, schema and the docs; source maps resolve');
