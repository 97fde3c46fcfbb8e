#!/usr/bin/env node
// Builds and packs the package, then checks what users get: publint and attw on the tarball report
// nothing, every entry point loads from ESM and CommonJS, and the pure entries (`eci-imagecache/matching`,
// `eci-imagecache/planning`) load no HTTP code, zod or YAML parser from either module system; the CRDs
// and the schema resolve through `exports` from an install of the tarball; every source map in the tarball
// carries its sources; declarations have no hashed chunk files; dependencies are declared, not copied into dist/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
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
    // node10 resolution cannot see subpath exports; engines.node is >=20, so node16 rules are the ones users meet.
    // The YAML exports are files to resolve, not modules with types: attw has nothing to check there.
    [
      'attw',
      [
        'attw',
        tarball,
        '--format',
        'ascii',
        '--profile',
        'node16',
        '--exclude-entrypoints',
        'crds/imagecache.v1.yaml',
        'crds/imagecache.v1beta1.yaml',
        'schema/imagecache.openapi.yaml',
      ],
    ],
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
    const esm = run('node', [
      '--import',
      './scripts/record-loads.mjs',
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(entry)}); await new Promise((r) => setTimeout(r, 50)); process.stdout.write(JSON.stringify(globalThis.__loadedModules))`,
    ]);
    if (pure.includes(entry)) {
      for (const [system, list] of [
        ['CommonJS', cjs],
        ['ESM', esm],
      ]) {
        const bad = JSON.parse(list).filter((m) => forbidden.test(m.replace(/\\/g, '/')));
        if (bad.length > 0) failures.push(`${entry} from ${system} loads ${bad.join(', ')}`);
      }
    }
  }

  // The tarball unpacked as npm installs it: resolution needs the package's files, not its dependencies.
  const project = join(packDir, 'project');
  const installed = join(project, 'node_modules', 'eci-imagecache');
  mkdirSync(installed, { recursive: true });
  run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  for (const asset of ['crds/imagecache.v1.yaml', 'crds/imagecache.v1beta1.yaml', 'schema/imagecache.openapi.yaml']) {
    const specifier = `eci-imagecache/${asset}`;
    const expected = join(installed, asset);
    try {
      const viaRequire = run('node', ['-p', `require.resolve(${JSON.stringify(specifier)})`], { cwd: project }).trim();
      const viaImport = run(
        'node',
        ['--input-type=module', '-e', `process.stdout.write(new URL(import.meta.resolve(${JSON.stringify(specifier)})).pathname)`],
        { cwd: project },
      ).trim();
      for (const [how, path] of [
        ['require.resolve', viaRequire],
        ['import.meta.resolve', viaImport],
      ]) {
        if (path !== expected) failures.push(`${specifier} via ${how} resolves to ${path}, expected ${expected}`);
      }
      if (!/^(kind: CustomResourceDefinition|openapi: )/m.test(readFileSync(expected, 'utf8')))
        failures.push(`${specifier} is not a CRD or an OpenAPI document`);
    } catch (err) {
      failures.push(`${specifier} does not resolve from an install of the tarball:\n${err.stderr ?? err.message}`);
    }
  }

  const shipped = readdirSync(join(installed, 'dist'), { recursive: true }).map((f) => f.replace(/\\/g, '/'));
  // "Go to definition" lands in declaration files named after the module that declares the name
  // (dist/client/client.d.ts for src/client/client.ts), never in a chunk rollup named with a hash.
  const declarations = shipped.filter((f) => /\.d\.c?ts$/.test(f));
  const publicEntries = new Set(['index', 'matching', 'planning', 'testing']);
  const isChunk = (f) => {
    const module = f.replace(/\.d\.c?ts$/, '');
    return !publicEntries.has(module) && !existsSync(join(root, 'src', `${module}.ts`));
  };
  for (const [name, pattern] of [
    ['ImageCacheClient', /^declare class ImageCacheClient\b/m],
    ['ImageCache', /^type ImageCache = /m],
    ['Status', /^interface Status extends/m],
    ['ImageCacheClientOptions', /^interface ImageCacheClientOptions\b/m],
    ['ClusterConnection', /^interface ClusterConnection\b/m],
    ['ListOptions', /^interface ListOptions\b/m],
    ['selectImageCache', /^declare function selectImageCache\b/m],
    ['ImageCacheMatchOptions', /^interface ImageCacheMatchOptions\b/m],
    ['KubernetesApiError', /^declare class KubernetesApiError\b/m],
    ['ImageCacheInformer', /^declare class ImageCacheInformer\b/m],
    ['startImageCacheEmulator', /^declare function startImageCacheEmulator\b/m],
  ]) {
    const homes = declarations.filter((f) => pattern.test(readFileSync(join(installed, 'dist', f), 'utf8')));
    if (homes.length === 0) failures.push(`no declaration file declares ${name}`);
    const hashedHomes = homes.filter(isChunk);
    if (hashedHomes.length > 0) failures.push(`${name} is declared in chunk files: ${hashedHomes.join(', ')}`);
  }
  const chunks = declarations.filter(isChunk);
  if (chunks.length > 0) failures.push(`declarations in files not named after a module (hashed chunks): ${chunks.join(', ')}`);
  for (const file of shipped.filter((f) => /\.(c|m)?js$/.test(f))) {
    if (!shipped.includes(`${file}.map`)) failures.push(`dist/${file} ships without a source map`);
  }
  for (const file of shipped.filter((f) => f.endsWith('.map'))) {
    const map = JSON.parse(readFileSync(join(installed, 'dist', file), 'utf8'));
    // No source map without the source it points to: embedded, or a file the package ships (src/).
    const missing = map.sources.filter(
      (source, i) => typeof map.sourcesContent?.[i] !== 'string' && !existsSync(join(installed, 'dist', dirname(file), map.sourceRoot ?? '', source)),
    );
    if (missing.length > 0) failures.push(`dist/${file} points to sources it does not carry: ${missing.slice(0, 3).join(', ')}`);
  }
  if (shipped.some((f) => /THIRD-PARTY/i.test(f))) failures.push('dist/ still has third-party notices: nothing is bundled any more');
  const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  if (!pkg.dependencies?.axios) failures.push('axios is not a declared dependency');
  const bundledAxios = shipped.filter(
    (f) => /\.(c|m)?js$/.test(f) && /axios\/lib|AxiosError=|class AxiosError/.test(readFileSync(join(installed, 'dist', f), 'utf8')),
  );
  if (bundledAxios.length > 0) failures.push(`axios is copied into ${bundledAxios.join(', ')}`);
} finally {
  rmSync(packDir, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(failures.join('\n\n'));
  process.exit(1);
}
console.log(
  'package check: publint and attw clean; eci-imagecache/matching and /planning load no axios, zod, yaml or node:http from ESM or CommonJS; CRDs and schema resolve through exports; source maps carry their sources; every declaration lives in a file named after its module; axios declared, not bundled',
);
