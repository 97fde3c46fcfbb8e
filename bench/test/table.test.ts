import { describe, expect, it } from 'vitest';
import type { BenchmarkReport } from '../harness/report.js';
import { formatNumber, renderMarkdown, renderText, tableCells } from '../harness/table.js';

const report: BenchmarkReport = {
  id: 'x',
  title: 'Example',
  status: 'ok',
  rows: [
    { metric: 'time | wall', unit: 'ms', ours: 10, anchorName: 'anchor', anchor: 40, target: { kind: 'ratio-at-most', limit: 0.5 } },
    { metric: 'size', unit: 'MB', ours: 3.14159 },
  ],
  notes: ['one note'],
};

describe('formatNumber', () => {
  it('keeps about three significant digits', () => {
    expect(formatNumber(1234.5678)).toBe('1235');
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatNumber(1.2345)).toBe('1.23');
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(formatNumber(7)).toBe('7');
    expect(formatNumber(null)).toBe('-');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });
});

describe('tableCells', () => {
  it('fills ratio and verdict from the row', () => {
    const [, first, second] = tableCells(report);
    expect(first).toEqual(['time | wall', '10 ms', 'anchor', '40 ms', '0.250x', '<= 0.5x', 'PASS']);
    expect(second).toEqual(['size', '3.14 MB', '', '', '', '', 'INFO']);
  });
});

describe('renderMarkdown', () => {
  it('escapes pipes inside cells so the table keeps its columns', () => {
    const markdown = renderMarkdown(report);
    const line = markdown.split('\n').find((l) => l.includes('wall'))!;
    expect(line).toContain('time \\| wall');
    expect(line.split(/(?<!\\)\|/).length - 2).toBe(7);
    expect(markdown).toContain('- one note');
  });

  it('prints notes without a table for a skipped benchmark', () => {
    const markdown = renderMarkdown({ id: 'y', title: 'Y', status: 'skipped', rows: [], notes: ['skipped: not yet'] });
    expect(markdown).not.toContain('| metric');
    expect(markdown).toContain('skipped: not yet');
  });
});

describe('renderText', () => {
  it('aligns columns', () => {
    const lines = renderText(report).split('\n');
    const header = lines[1]!;
    const first = lines[3]!;
    expect(first.indexOf('10 ms')).toBe(header.indexOf('ours'));
  });
});
