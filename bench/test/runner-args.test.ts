import { describe, expect, it } from 'vitest';
import { parseRunnerArgs } from '../harness/args.js';
import { RESULTS_FILE } from '../harness/paths.js';
import { BENCHMARKS, selectBenchmarks } from '../harness/registry.js';

describe('parseRunnerArgs', () => {
  it('writes bench/RESULTS.md only for a full, real run', () => {
    expect(parseRunnerArgs([]).resultsFile).toBe(RESULTS_FILE);
    expect(parseRunnerArgs(['import']).resultsFile).not.toBe(RESULTS_FILE);
    expect(parseRunnerArgs(['--quick']).resultsFile).not.toBe(RESULTS_FILE);
    expect(parseRunnerArgs(['import', '--out', 'x.md']).resultsFile).toBe('x.md');
    expect(parseRunnerArgs(['--out=y.md']).resultsFile).toBe('y.md');
  });

  it('reads ids and flags in any order', () => {
    const options = parseRunnerArgs(['import', '--no-build', 'matching', '--quick']);
    expect(options).toMatchObject({ ids: ['import', 'matching'], build: false, quick: true, help: false });
  });

  it('rejects an unknown option and a missing --out value', () => {
    expect(() => parseRunnerArgs(['--fast'])).toThrow(/unknown option --fast/);
    expect(() => parseRunnerArgs(['--out'])).toThrow(/--out needs/);
  });
});

describe('selectBenchmarks', () => {
  it('selects by id or issue number, in registry order', () => {
    expect(selectBenchmarks(['validation', '1']).map((b) => b.id)).toEqual(['import', 'validation']);
  });

  it('selects everything when given nothing', () => {
    expect(selectBenchmarks([])).toHaveLength(BENCHMARKS.length);
  });

  it('names the unknown benchmark and the known ones', () => {
    expect(() => selectBenchmarks(['imports'])).toThrow(/unknown benchmark imports; known: import \(1\)/);
  });

  it('covers every item of the issue once', () => {
    expect(BENCHMARKS.map((b) => b.issueItem)).toEqual([1, 2, 3, 4, 5, 6, 7, 13, 15, 17]); // the benchmark issue's seven items, then #13's bundle size, #15's informer and #17's planning
  });
});
