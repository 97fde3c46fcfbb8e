#!/usr/bin/env node
// Runs after tsup (`npm run build`). tsup emits one declaration file per module the entry points
// reach (see tsup.config.ts), and rollup keeps `import './x.js';` lines for modules whose types a
// file does not use, so a module reached only through implementation imports gets a declaration
// file no type ever needs. This drops those side-effect imports (declarations have no side effects)
// and then every declaration file the public entry points' types do not reach: users install less,
// and nothing they can name changes.
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const ENTRIES = ['index', 'matching', 'planning', 'testing'];
const SIDE_EFFECT_IMPORT = /^import '\.{1,2}\/[^']+';\n/gm;
const BINDING_IMPORT = /(?:import|export)\s+(?:type\s+)?(?:\{[^}]*\}|\*(?:\s+as\s+\w+)?)\s+from\s+'(\.{1,2}\/[^']+)'/g;

const declarations = readdirSync(dist, { recursive: true })
  .map((file) => String(file).replace(/\\/g, '/'))
  .filter((file) => /\.d\.c?ts$/.test(file));

for (const file of declarations) {
  const path = join(dist, file);
  const text = readFileSync(path, 'utf8');
  const stripped = text.replace(SIDE_EFFECT_IMPORT, '');
  if (stripped !== text) writeFileSync(path, stripped);
}

const reached = new Set(ENTRIES.flatMap((entry) => [`${entry}.d.ts`, `${entry}.d.cts`]));
const pending = [...reached];
for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
  for (const [, specifier] of readFileSync(join(dist, file), 'utf8').matchAll(BINDING_IMPORT)) {
    const target = posix
      .join(posix.dirname(file), specifier)
      .replace(/\.js$/, '.d.ts')
      .replace(/\.cjs$/, '.d.cts');
    if (!reached.has(target)) {
      reached.add(target);
      pending.push(target);
    }
  }
}

const unreached = declarations.filter((file) => !reached.has(file));
for (const file of unreached) rmSync(join(dist, file));
// Directories left empty go too, deepest first.
const directories = readdirSync(dist, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => join(entry.parentPath, entry.name))
  .sort((a, b) => b.length - a.length);
for (const dir of directories) if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true });
console.log(`declarations: ${declarations.length - unreached.length} kept, ${unreached.length} no public type reaches removed`);
