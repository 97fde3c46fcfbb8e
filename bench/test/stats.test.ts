import { describe, expect, it } from 'vitest';
import { median, percentile, rotate, summarize } from '../harness/stats.js';

describe('percentile', () => {
  it('interpolates between closest ranks', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 95)).toBeCloseTo(48);
    expect(percentile([4, 1, 3, 2], 0)).toBe(1);
    expect(percentile([4, 1, 3, 2], 100)).toBe(4);
  });

  it("does not reorder the caller's samples", () => {
    const samples = [3, 1, 2];
    median(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('rejects an empty sample set and a percentile out of range', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it('is robust to one outlier where a mean is not', () => {
    expect(median([10, 11, 12, 10_000])).toBe(11.5);
  });
});

describe('summarize', () => {
  it('reports count, median and extremes', () => {
    expect(summarize([5, 1, 3])).toMatchObject({ count: 3, median: 3, min: 1, max: 5 });
  });
});

describe('rotate', () => {
  it('puts each subject first once per cycle', () => {
    const firsts = [0, 1, 2].map((round) => rotate(['a', 'b', 'c'], round)[0]);
    expect(firsts).toEqual(['a', 'b', 'c']);
    expect(rotate(['a', 'b', 'c'], 4)).toEqual(['b', 'c', 'a']);
    expect(rotate(['a', 'b'], -1)).toEqual(['b', 'a']);
    expect(rotate([], 3)).toEqual([]);
  });
});
