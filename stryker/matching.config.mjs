// @ts-check
import { mutationGroup } from './shared.mjs';

export default mutationGroup({ group: 'matching', mutate: ['src/matching/**/*.ts', '!src/matching/index.ts'] });
