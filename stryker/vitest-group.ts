import { defineConfig } from 'vitest/config';
import base from '../vitest.config.js';

/** The project's vitest config, narrowed to the tests that one mutation group runs. */
export function groupConfig(include: string[], exclude: string[] = []) {
  // Spelled out rather than mergeConfig, which would append to the base's include list.
  return defineConfig({ ...base, test: { ...base.test, include, exclude: [...(base.test?.exclude ?? []), ...exclude] } });
}
