import { groupConfig } from './vitest-group.js';

// The reference parser lives in src/validation; its oracle and property tests sit under test/matching.
export default groupConfig(['test/validation/**/*.test.ts', 'test/matching/reference-oracle.test.ts', 'test/matching/image-reference.property.test.ts']);
