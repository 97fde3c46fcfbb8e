import { docsPreamble } from '../preamble.js';
const { caches, expect, workloads } = docsPreamble();
import { createImageCacheMatcher } from 'eci-imagecache/matching';

const matcher = createImageCacheMatcher(caches, { now: new Date('2026-11-27T12:00:00Z') });
for (const workload of workloads) {
  const result = matcher.select(workload);
  expect(result.outcome, result.explanation).toBe('selected');
  expect(matcher.lint(workload)).toEqual([]);
}
export {};
