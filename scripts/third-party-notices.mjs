#!/usr/bin/env node
// Writes dist/THIRD-PARTY-NOTICES.md: the name, version, license and license text of every npm
// package that tsup bundled into dist/ (axios and what it needs), read from esbuild's metafiles.
import { readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const metafiles = readdirSync(dist).filter((f) => /^metafile-.*\.json$/.test(f));
if (metafiles.length === 0) throw new Error('no esbuild metafile in dist/: build with metafile: true');

const packages = new Map();
for (const file of metafiles) {
  const meta = JSON.parse(readFileSync(join(dist, file), 'utf8'));
  for (const input of Object.keys(meta.inputs)) {
    // The innermost node_modules/<name>/ (or @scope/name) is the package the file belongs to.
    const match = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
    if (match) packages.set(join(root, match[1]), match[2]);
  }
  unlinkSync(join(dist, file)); // build detail, not for the package
}

const sections = [...packages.entries()]
  .map(([dir, name]) => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const licenseFile = readdirSync(dir).find((f) => /^(licen[sc]e|copying)(\..*)?$/i.test(f));
    const text = licenseFile ? readFileSync(join(dir, licenseFile), 'utf8').trim() : `License: ${pkg.license ?? 'see package'}`;
    return { name, version: pkg.version, license: typeof pkg.license === 'string' ? pkg.license : 'see text', text };
  })
  .sort((a, b) => a.name.localeCompare(b.name));

const out = [
  '# Third-party notices',
  '',
  'eci-imagecache bundles the following packages into dist/ (axios and its dependencies), so that',
  'installing it brings three packages instead of thirty. Their licenses follow.',
  '',
  ...sections.flatMap((s) => [`## ${s.name} ${s.version} (${s.license})`, '', '```', s.text, '```', '']),
].join('\n');
writeFileSync(join(dist, 'THIRD-PARTY-NOTICES.md'), out);
console.log(`dist/THIRD-PARTY-NOTICES.md: ${sections.length} bundled packages (${sections.map((s) => s.name).join(', ')})`);
