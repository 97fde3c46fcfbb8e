/**
 * Issue item 2, install footprint: the packed tarball installed into an empty project, against
 * `@kubernetes/client-node` 1.x installed into another empty project. node_modules bytes on disk
 * must be at most a quarter of the anchor's. The package count is reported as information only:
 * axios and its dependencies are declared dependencies (issue #13), which a package count would
 * punish for being visible to `npm audit`.
 *
 * Both projects are recreated on every run, so neither measures leftovers of an earlier install.
 * @packageDocumentation
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureClientNode } from '../harness/anchors.js';
import { progress, runBenchmark } from '../harness/benchmark.js';
import { dependencyClosure, measureFootprint, type Footprint, type LockfilePackages } from '../harness/footprint.js';
import { REPO_ROOT, SCRATCH_DIR } from '../harness/paths.js';

const ID = 'install';
const TITLE = 'Install footprint';
const FOOTPRINT_DIR = join(SCRATCH_DIR, 'footprint');
const MB = 1e6;

/** What `npm pack --json` says about a tarball (the fields used here). */
interface PackInfo {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
}

function freshProject(name: string): string {
  const dir = join(FOOTPRINT_DIR, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `footprint-${name}`, private: true }, null, 2)}\n`);
  return dir;
}

function npmInstall(projectDir: string, spec: string): Footprint {
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', spec], { cwd: projectDir, stdio: ['ignore', 'ignore', 'inherit'] });
  return measureFootprint(join(projectDir, 'node_modules'));
}

function pack(): PackInfo {
  mkdirSync(FOOTPRINT_DIR, { recursive: true });
  const output = execFileSync('npm', ['pack', '--json', '--loglevel=error', '--pack-destination', FOOTPRINT_DIR], { cwd: REPO_ROOT, encoding: 'utf8' });
  const [info] = JSON.parse(output) as PackInfo[];
  if (!info) throw new Error(`npm pack printed no tarball: ${output.slice(0, 500)}`);
  return info;
}

// Which of our direct dependencies the package count comes from: the lever if the target is missed.
function attributeToDependencies(projectDir: string): string[] {
  const nodeModules = join(projectDir, 'node_modules');
  const lock = JSON.parse(readFileSync(join(nodeModules, '.package-lock.json'), 'utf8')) as LockfilePackages;
  const manifest = JSON.parse(readFileSync(join(nodeModules, 'eci-imagecache', 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {}).map((dep) => {
    const closure = dependencyClosure(lock, dep);
    return `${dep} ${closure.length}`;
  });
}

await runBenchmark(ID, TITLE, async () => {
  const anchor = ensureClientNode();
  progress(ID, 'npm pack');
  const tarball = pack();
  progress(ID, `installing ${tarball.filename} into an empty project`);
  const oursDir = freshProject('ours');
  const ours = npmInstall(oursDir, join(FOOTPRINT_DIR, tarball.filename));
  const attribution = attributeToDependencies(oursDir);
  progress(ID, `installing ${anchor.label} into an empty project`);
  // The exact release measured elsewhere in this run, not whatever `@1` resolves to today.
  const theirs = npmInstall(freshProject('anchor'), `@kubernetes/client-node@${anchor.version}`);

  return {
    id: ID,
    title: TITLE,
    status: 'ok',
    rows: [
      {
        metric: 'node_modules on disk (du)',
        unit: 'MB',
        ours: ours.diskBytes / MB,
        anchorName: anchor.label,
        anchor: theirs.diskBytes / MB,
        target: { kind: 'ratio-at-most', limit: 0.25 },
      },
      {
        metric: 'node_modules apparent size (du --apparent-size)',
        unit: 'MB',
        ours: ours.apparentBytes / MB,
        anchorName: anchor.label,
        anchor: theirs.apparentBytes / MB,
      },
      { metric: 'packages in node_modules (information)', unit: 'pkgs', ours: ours.packages, anchorName: anchor.label, anchor: theirs.packages },
      { metric: 'tarball (npm pack)', unit: 'kB', ours: tarball.size / 1e3 },
      { metric: 'tarball unpacked', unit: 'kB', ours: tarball.unpackedSize / 1e3 },
      { metric: 'files in tarball', unit: 'files', ours: tarball.entryCount },
    ],
    notes: [
      `Fresh empty projects under .cache/bench/footprint/, \`npm install --no-audit --no-fund\` of the packed tarball (ours) and of ${anchor.label} (anchor).`,
      'A package is a directory with a package.json at node_modules/<name> or node_modules/@scope/<name>, nested node_modules included; bytes count each inode once (du).',
      `Packages each direct dependency brings, itself included (shared ones counted in each): ${attribution.join(', ')}; plus eci-imagecache itself.`,
      `Our packages: ${ours.packageNames.join(', ')}.`,
    ],
    raw: { ours, anchor: theirs, tarball },
  };
});
