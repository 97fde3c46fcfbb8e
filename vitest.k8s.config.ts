import { defineConfig } from 'vitest/config';
import { packageAliases } from './vitest.config.js';

// The contract suite and the real-server checks against one kube-apiserver that `npm run test:k8s`
// (test/k8s/run.mjs) starts and describes through ECI_K8S_* variables. The files share that
// server, so they run one after another; each cleans up what it created.
export default defineConfig({
  resolve: { alias: packageAliases },
  test: {
    include: ['test/contract/**/*.test.ts', 'test/k8s/**/*.test.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    exclude: ['node_modules/**'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
