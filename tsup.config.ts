import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      matching: 'src/matching/index.ts',
      testing: 'src/testing/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: {
      // Shared declarations go to named files (types.d.ts, client.d.ts) rather than hashed chunks
      // whose exports rollup shortens to one letter, so "go to definition" lands on real names.
      entry: {
        index: 'src/index.ts',
        matching: 'src/matching/index.ts',
        testing: 'src/testing/index.ts',
        types: 'src/types/index.ts',
        client: 'src/client/index.ts',
      },
    },
    clean: true,
    target: 'node20',
    // Shared chunks keep `eci-imagecache/matching` free of the client's code.
    splitting: true,
    treeshake: true,
    // Stack traces point into src/; the maps embed the sources (sourcesContent), which do not ship.
    sourcemap: true,
    // Dependencies (axios, zod, yaml) stay external: tsup leaves everything in `dependencies` out.
  },
  {
    // The command is ESM only: it is run, never imported.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
    target: 'node20',
    splitting: true,
    treeshake: true,
    sourcemap: true,
  },
]);
