import { defineConfig } from 'vitest/config';
import base from '../vitest.config.js';

/** The project's vitest config, narrowed to the tests that one mutation group runs. */
export function groupConfig(include: string[], exclude: string[] = []) {
  // Spelled out rather than mergeConfig, which would append to the base's include list.
  // The timeout is generous because the dry run collects per-test coverage on a shared machine.
  return defineConfig({ ...base, test: { ...base.test, include, exclude: [...(base.test?.exclude ?? []), ...exclude], testTimeout: 120_000 } });
}
