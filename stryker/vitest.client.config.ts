import { groupConfig } from './vitest-group.js';

// The pure modules' own tests, the retry behaviour through the client against nock, and the
// *-gaps files written for mutants. The HTTP-level suites (faults, security, watch...) exercise
// the same code far more slowly and kill nothing these do not.
export default groupConfig(['test/client/units.test.ts', 'test/client/retry.test.ts', 'test/client/*-gaps.test.ts']);
