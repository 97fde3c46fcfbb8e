import { existsSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { defineConfig } from 'tsup';

/** The package's entry points (`exports`), by output name. */
const publicEntries: Record<string, string> = {
  index: 'src/index.ts',
  matching: 'src/matching/index.ts',
  planning: 'src/planning/index.ts',
  testing: 'src/testing/index.ts',
};

/**
 * Declaration entries: the public entry points plus every module they reach, each named after its
 * path (`dist/client/client.d.ts`). Rollup puts a module that is no entry of its own, or that
 * shares its set of importing entries with others, into a hashed chunk whose exports it shortens to
 * one letter, and "go to definition" lands on `client-Cj4L-Drp.d.ts`; with one entry per module,
 * every declaration has a named home. Import cycles would still merge modules into one chunk:
 * `npm run check:package` fails on any hashed declaration file.
 */
function declarationEntries(entries: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = { ...entries };
  const seen = new Set(Object.values(entries));
  const pending = [...seen];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*'(\.{1,2}\/[^']+)\.js'/g)) {
      const base = posix.join(posix.dirname(file), specifier as string);
      const target = existsSync(`${base}.ts`) ? `${base}.ts` : posix.join(base, 'index.ts');
      if (seen.has(target)) continue;
      seen.add(target);
      pending.push(target);
      result[target.replace(/^src\//, '').replace(/\.ts$/, '')] = target;
    }
  }
  return result;
}

export default defineConfig({
  // The command (`cli`) is built with the library's ESM entry points, so it shares their chunks
  // instead of shipping a second copy of the client and the emulator (1.4 MB with source maps).
  entry: { ...publicEntries, cli: 'src/cli/main.ts' },
  format: ['esm', 'cjs'],
  // The command is ESM only: it is run, never imported (and it has no declarations).
  esbuildOptions(options, { format }) {
    // Replaced, not edited: the ESM build shares the entry object.
    if (format === 'cjs') options.entryPoints = publicEntries;
    // The maps point at src/, which ships once, instead of embedding every source in both builds' maps.
    options.sourcesContent = false;
  },
  dts: { entry: declarationEntries(publicEntries) },
  clean: true,
  target: 'node20',
  // Shared chunks keep `eci-imagecache/matching` and `/planning` free of the client's code.
  splitting: true,
  treeshake: true,
  // Stack traces point into src/ (shipped beside dist/ for editors and debuggers).
  sourcemap: true,
  // Error guards recognise a class from the other build (ESM beside CJS) by its name: keep the
  // names esbuild would otherwise suffix when two bundled declarations collide.
  keepNames: true,
  // Dependencies (axios, zod, yaml) stay external: tsup leaves everything in `dependencies` out.
});
