// @ts-check
import { mutationGroup } from './shared.mjs';

export default mutationGroup({ group: 'validation', mutate: ['src/validation/**/*.ts', '!src/validation/index.ts'] });
