import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

/** Examples import the package by name, as users do; tests run them against the sources. */
export const packageAliases = [
  { find: /^eci-imagecache\/matching$/, replacement: src('matching/index.ts') },
  { find: /^eci-imagecache\/planning$/, replacement: src('planning/index.ts') },
  { find: /^eci-imagecache\/testing$/, replacement: src('testing/index.ts') },
  { find: /^eci-imagecache$/, replacement: src('index.ts') },
];

export default defineConfig({
  resolve: { alias: packageAliases },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    exclude: ['test/k8s/**', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
