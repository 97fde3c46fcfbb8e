import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import base from '../vitest.config.js';

/**
 * Runs test files in path order. Vitest's default order follows its local duration cache, which a
 * clean clone lacks, and Stryker numbers tests in the order they run: without a fixed order, the
 * committed state files (stryker/incremental/) were rewritten with every test renumbered.
 */
class PathOrderSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => (a.moduleId < b.moduleId ? -1 : a.moduleId > b.moduleId ? 1 : 0));
  }
}

// Each mutant a fast-check property covers reruns the property; 100 cases of the same seed still
// kill what the property kills, in a fifth of the time (test/support/property-runs.ts).
const PROPERTY_RUNS_CAP = '100';

/** The project's vitest config, narrowed to the tests that one mutation group runs. */
export function groupConfig(include: string[], exclude: string[] = []) {
  // Spelled out rather than mergeConfig, which would append to the base's include list.
  // The timeout is generous because the dry run collects per-test coverage on a shared machine.
  return defineConfig({
    ...base,
    test: {
      ...base.test,
      include,
      exclude: [...(base.test?.exclude ?? []), ...exclude],
      testTimeout: 120_000,
      env: { ...base.test?.env, PROPERTY_RUNS_CAP },
      sequence: { ...base.test?.sequence, sequencer: PathOrderSequencer },
    },
  });
}
