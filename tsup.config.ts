import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      matching: 'src/matching/index.ts',
      planning: 'src/planning/index.ts',
      testing: 'src/testing/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    target: 'node18',
    // Shared chunks keep `eci-imagecache/matching` and `/planning` free of the client's code.
    splitting: true,
    treeshake: true,
    // axios is bundled with what it needs; see package.json's bundledDependencies note.
    noExternal: ['axios'],
    metafile: true,
    // Bundled CommonJS dependencies call require() on Node's builtins; ESM output needs one.
    banner: ({ format }) => (format === 'esm' ? { js: "import { createRequire as __eciCreateRequire } from 'node:module'; const require = __eciCreateRequire(import.meta.url);" } : {}),
  },
  {
    // The command is ESM only: it is run, never imported.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
    target: 'node18',
    splitting: true,
    treeshake: true,
    noExternal: ['axios'],
    metafile: true,
    banner: { js: "import { createRequire as __eciCreateRequire } from 'node:module'; const require = __eciCreateRequire(import.meta.url);" },
  },
]);
