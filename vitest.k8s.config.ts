import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

// The contract suite and the real-server checks against one kube-apiserver that `npm run test:k8s`
// (test/k8s/run.mjs) starts and describes through ECI_K8S_* variables. The files share that
// server, so they run one after another; each cleans up what it created.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^eci-imagecache\/matching$/, replacement: src('matching/index.ts') },
      { find: /^eci-imagecache\/testing$/, replacement: src('testing/index.ts') },
      { find: /^eci-imagecache$/, replacement: src('index.ts') },
    ],
  },
  test: {
    include: ['test/contract/**/*.test.ts', 'test/k8s/**/*.test.ts'],
    exclude: ['node_modules/**'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
