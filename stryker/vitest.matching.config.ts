import { groupConfig } from './vitest-group.js';

// The example-based tests of src/matching. Left out: the fast-check properties (20 s a run, far
// too slow to repeat per mutant; `npm test` still runs them) and the image-reference tests, which
// belong to the validation group.
export default groupConfig(['test/matching/**/*.test.ts'], ['test/matching/properties.test.ts', 'test/matching/*reference*.test.ts']);
