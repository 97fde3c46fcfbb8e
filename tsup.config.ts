import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    matching: 'src/matching/index.ts',
    testing: 'src/testing/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: false,
  target: 'node18',
  // Shared chunks keep `eci-imagecache/matching` free of the client's code.
  splitting: true,
  treeshake: true,
});
