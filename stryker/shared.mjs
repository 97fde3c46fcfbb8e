// @ts-check
/**
 * What every mutation group shares. A group names the sources it mutates (globs, so files that
 * are added, split or renamed are picked up without editing a list) and the vitest config that
 * selects its own tests: mutants of pure modules are killed by their unit tests, and running the
 * whole suite per mutant would not fit CI's 15 minutes on two cores.
 *
 * @param {{ group: string; mutate: string[] }} group
 * @returns {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export function mutationGroup({ group, mutate }) {
  return {
    // Two test runners suit CI's two cores with nothing else running; on a shared machine, run
    // with STRYKER_CONCURRENCY=1.
    concurrency: concurrencyFrom(process.env['STRYKER_CONCURRENCY']),
    testRunner: 'vitest',
    // related: false because the group's vitest config already picks its tests; `vitest related`
    // would add every CLI and emulator test that imports the module somewhere down the line.
    vitest: { configFile: `stryker/vitest.${group}.config.ts`, related: false },
    checkers: ['typescript'],
    tsconfigFile: 'stryker/tsconfig.json',
    typescriptChecker: { prioritizePerformanceOverAccuracy: true },
    coverageAnalysis: 'perTest',
    mutate,
    thresholds: { high: 90, low: 85, break: 85 },
    reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
    clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: true },
    htmlReporter: { fileName: `reports/mutation/${group}.html` },
    jsonReporter: { fileName: `reports/mutation/${group}.json` },
    tempDirName: `.stryker-tmp/${group}`,
    // The sandbox needs the sources, tests and configs, not the Go oracles, benchmarks or caches.
    ignorePatterns: ['/.cache', '/dist', '/reports', '/bench', '/test/k8s', '/test/matching/oracle', '/coverage', '/.stryker-tmp'],
    // After one full run, only mutants whose code or covering tests changed are run again; the
    // score still counts every mutant, so the threshold still holds. Commit the state file.
    incremental: true,
    incrementalFile: `stryker/incremental/${group}.json`,
    cleanTempDir: 'always',
    timeoutMS: 10_000,
  };
}

/**
 * @param {string | undefined} value
 * @returns {number}
 */
function concurrencyFrom(value) {
  if (value === undefined || value === '') return 2;
  const runners = Number(value);
  if (!Number.isInteger(runners) || runners < 1)
    throw new Error(`STRYKER_CONCURRENCY must be a whole number of test runners, at least 1; got ${JSON.stringify(value)}`);
  return runners;
}
