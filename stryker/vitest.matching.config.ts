import { groupConfig } from './vitest-group.js';

export default groupConfig(['test/matching/**/*.test.ts']);
