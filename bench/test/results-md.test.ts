import { describe, expect, it } from 'vitest';
import type { MachineInfo } from '../harness/machine.js';
import { failedReport, skippedReport, type BenchmarkReport } from '../harness/report.js';
import { renderResultsDocument, tallyVerdicts } from '../harness/results-md.js';

const machine: MachineInfo = {
  date: '2026-01-01T00:00:00.000Z',
  cores: 2,
  cpuModel: 'Test CPU',
  nodeVersion: 'v20.0.0',
  os: 'linux test',
  totalMemoryGiB: 4,
  loadAverage1m: 0.5,
};

const measured: BenchmarkReport = {
  id: 'm',
  title: 'Measured',
  status: 'ok',
  rows: [
    { metric: 'met', unit: 'ms', ours: 1, anchor: 4, target: { kind: 'ratio-at-most', limit: 0.5 } },
    { metric: 'missed', unit: 'ms', ours: 60, target: { kind: 'value-below', limit: 50 } },
    { metric: 'info', unit: 'ms', ours: 3 },
  ],
  notes: [],
};

describe('tallyVerdicts', () => {
  it('counts met and missed targets and lists what did not run', () => {
    const tally = tallyVerdicts([measured, skippedReport('s', 'S', 'later'), failedReport('f', 'F', 'boom')]);
    expect(tally).toEqual({ pass: 1, miss: 1, notRun: ['s (skipped)', 'f (failed)'] });
  });
});

describe('renderResultsDocument', () => {
  it('records the machine and a section per benchmark', () => {
    const text = renderResultsDocument({ machine, reports: [measured], quick: false, durationSeconds: 12.4 });
    for (const fact of ['| cores | 2 |', '| CPU | Test CPU |', '| Node.js | v20.0.0 |', '| run time | 12 s |', 'Targets: 1 met, 1 missed.', '## Measured']) {
      expect(text).toContain(fact);
    }
    expect(text).not.toMatch(/\n{3,}/);
    expect(text).not.toContain('Smoke run');
  });

  it('marks a quick run as not a measurement', () => {
    expect(renderResultsDocument({ machine, reports: [], quick: true, durationSeconds: 1 })).toContain('Smoke run');
  });
});
