// The harness's own unit tests: `npx vitest run -c bench/vitest.config.ts`. Kept apart from the
// project's suite (test/**) because bench/ is its own area; they check the harness, never timings.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['bench/test/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
