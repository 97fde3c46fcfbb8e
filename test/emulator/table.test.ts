import { describe, expect, it } from 'vitest';
import { humanDuration } from '../../src/testing/emulator/human-duration.js';
import { toTable } from '../../src/testing/emulator/table.js';
import { cache } from './helpers.js';

describe('humanDuration (apimachinery duration.HumanDuration)', () => {
  it.each([
    [-5000, '<invalid>'],
    [-1000, '0s'],
    [0, '0s'],
    [45_000, '45s'],
    [119_000, '119s'],
    [120_000, '2m'],
    [200_000, '3m20s'],
    [11 * 60_000, '11m'],
    [5 * 3_600_000 + 12 * 60_000, '5h12m'],
    [20 * 3_600_000, '20h'],
    [3 * 86_400_000 + 4 * 3_600_000, '3d4h'],
    [3 * 86_400_000, '3d'],
    [30 * 86_400_000, '30d'],
    [(2 * 365 + 10) * 86_400_000, '2y10d'],
    [9 * 365 * 86_400_000, '9y'],
  ])('%d ms is %s', (ms, text) => expect(humanDuration(ms)).toBe(text));
});

describe('toTable', () => {
  const ready = {
    ...cache('web'),
    metadata: { name: 'web', creationTimestamp: '2024-03-01T12:00:00Z', resourceVersion: '9' },
    status: { phase: 'Ready', progress: '100%', imageCacheId: 'imc-abc' },
  };

  it('has NAME and the CRD printer columns, with the age computed against the server clock', () => {
    const table = toTable([ready, cache('fresh')], { now: new Date('2024-03-02T08:00:00Z'), metadata: { resourceVersion: '9' } });
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Age', 'CacheId', 'Phase', 'Progress']);
    expect(table.rows[0]!.cells).toEqual(['web', '20h', 'imc-abc', 'Ready', '100%']);
    expect(table.rows[1]!.cells).toEqual(['fresh', null, null, null, null]);
    expect(table.metadata).toEqual({ resourceVersion: '9' });
  });

  it('attaches what includeObject asks for', () => {
    expect(toTable([ready], { includeObject: 'None' }).rows[0]).not.toHaveProperty('object');
    expect(toTable([ready], { includeObject: 'Metadata' }).rows[0]!.object).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: ready.metadata,
    });
    expect(toTable([ready], { includeObject: 'Object' }).rows[0]!.object).toEqual(ready);
  });
});
