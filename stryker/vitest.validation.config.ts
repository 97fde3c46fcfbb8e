import { groupConfig } from './vitest-group.js';

// The example-based tests of src/validation, and the reference parser's Go-oracle table, which
// sits under test/matching. Left out: the ajv agreement sweep and the fast-check properties of
// references (each many seconds a run, far too slow to repeat per mutant; `npm test` runs them).
export default groupConfig(['test/validation/**/*.test.ts', 'test/matching/reference-oracle.test.ts'], ['test/validation/schema-agreement.test.ts']);
