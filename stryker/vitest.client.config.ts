import { groupConfig } from './vitest-group.js';

// The pure modules' own tests: units, transport-units, redaction-units and the *-gaps files
// written for mutants. The HTTP-level suites (retry, faults, security, watch) go through the same
// functions but take seconds per run, and a module-level mutant (a retried code, a redaction
// pattern) reruns them all.
export default groupConfig([
  'test/client/units.test.ts',
  'test/client/transport-units.test.ts',
  'test/client/redaction-units.test.ts',
  'test/client/retry-gaps.test.ts',
  'test/client/redaction-gaps.test.ts',
]);
