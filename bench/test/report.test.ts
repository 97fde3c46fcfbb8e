import { describe, expect, it } from 'vitest';
import { describeTarget, failedReport, isBenchmarkReport, ratioOf, skippedReport, verdictOf, type MetricRow } from '../harness/report.js';

const row = (over: Partial<MetricRow>): MetricRow => ({ metric: 'm', unit: 'ms', ours: 10, anchor: 40, ...over });

describe('ratioOf', () => {
  it('divides ours by the anchor', () => {
    expect(ratioOf(row({}))).toBe(0.25);
  });
  it('is null without both values or with a zero anchor', () => {
    expect(ratioOf(row({ anchor: undefined }))).toBeNull();
    expect(ratioOf(row({ anchor: null }))).toBeNull();
    expect(ratioOf(row({ ours: null }))).toBeNull();
    expect(ratioOf(row({ anchor: 0 }))).toBeNull();
  });
});

describe('verdictOf', () => {
  it('judges ratio targets in the right direction, the limit itself included', () => {
    expect(verdictOf(row({ target: { kind: 'ratio-at-most', limit: 0.25 } }))).toBe('PASS');
    expect(verdictOf(row({ ours: 11, target: { kind: 'ratio-at-most', limit: 0.25 } }))).toBe('MISS');
    expect(verdictOf(row({ ours: 48, target: { kind: 'ratio-at-least', limit: 1.2 } }))).toBe('PASS');
    expect(verdictOf(row({ ours: 47, target: { kind: 'ratio-at-least', limit: 1.2 } }))).toBe('MISS');
  });

  it('judges value targets, strict for "below"', () => {
    expect(verdictOf(row({ ours: 30, target: { kind: 'value-at-most', limit: 30 } }))).toBe('PASS');
    expect(verdictOf(row({ ours: 30.1, target: { kind: 'value-at-most', limit: 30 } }))).toBe('MISS');
    expect(verdictOf(row({ ours: 50, target: { kind: 'value-below', limit: 50 } }))).toBe('MISS');
    expect(verdictOf(row({ ours: 49.9, target: { kind: 'value-below', limit: 50 } }))).toBe('PASS');
  });

  it('says INFO without a target and N/A when the value is missing', () => {
    expect(verdictOf(row({}))).toBe('INFO');
    expect(verdictOf(row({ ours: null, target: { kind: 'value-below', limit: 1 } }))).toBe('N/A');
    expect(verdictOf(row({ anchor: null, target: { kind: 'ratio-at-most', limit: 1 } }))).toBe('N/A');
    expect(verdictOf(row({ ours: Number.NaN, target: { kind: 'value-at-most', limit: 1 } }))).toBe('N/A');
  });
});

describe('describeTarget', () => {
  it('writes the comparison a reader expects', () => {
    expect(describeTarget({ kind: 'ratio-at-most', limit: 0.5 }, 'ms')).toBe('<= 0.5x');
    expect(describeTarget({ kind: 'ratio-at-least', limit: 1.2 }, 'req/s')).toBe('>= 1.2x');
    expect(describeTarget({ kind: 'value-below', limit: 50 }, 'µs')).toBe('< 50 µs');
    expect(describeTarget(undefined, 'ms')).toBe('');
  });
});

describe('isBenchmarkReport', () => {
  it('accepts the reports the helpers build and rejects other shapes', () => {
    expect(isBenchmarkReport(skippedReport('a', 'A', 'why'))).toBe(true);
    expect(isBenchmarkReport(failedReport('a', 'A', 'why'))).toBe(true);
    expect(isBenchmarkReport({ id: 'a', title: 'A', status: 'done', rows: [], notes: [] })).toBe(false);
    expect(isBenchmarkReport({ id: 'a', title: 'A', status: 'ok', rows: {}, notes: [] })).toBe(false);
    expect(isBenchmarkReport(null)).toBe(false);
  });
});
