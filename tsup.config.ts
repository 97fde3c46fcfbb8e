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
    dts: {
      // Declarations shared by several entry points get entries of their own (types.d.ts,
      // client.d.ts, ...): otherwise rollup puts them in hashed chunks whose exports it shortens to
      // one letter, and "go to definition" lands on `workload-types-Cl-7L_vH.d.ts`.
      entry: {
        index: 'src/index.ts',
        matching: 'src/matching/index.ts',
        planning: 'src/planning/index.ts',
        testing: 'src/testing/index.ts',
        types: 'src/types/index.ts',
        client: 'src/client/client.ts',
        'client-options': 'src/client/options.ts',
        connection: 'src/client/connection.ts',
        'patch-types': 'src/client/patch-types.ts',
        watch: 'src/client/watch.ts',
        'wait-for-ready': 'src/client/wait-for-ready.ts',
        selectors: 'src/client/paths.ts',
        kubeconfig: 'src/client/kubeconfig/index.ts',
        'kubeconfig-types': 'src/client/kubeconfig/types.ts',
        schemas: 'src/validation/schemas.ts',
        'match-options': 'src/matching/options.ts',
        'workload-types': 'src/matching/workload-types.ts',
        errors: 'src/errors/index.ts',
      },
    },
    clean: true,
    target: 'node20',
    // Shared chunks keep `eci-imagecache/matching` and `/planning` free of the client's code.
    splitting: true,
    treeshake: true,
    // Stack traces point into src/; the maps embed the sources (sourcesContent), which do not ship.
    sourcemap: true,
    // Error guards recognise a class from the other build (ESM beside CJS) by its name: keep the
    // names esbuild would otherwise suffix when two bundled declarations collide.
    keepNames: true,
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
