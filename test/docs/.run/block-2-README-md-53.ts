import { docsPreamble } from '../preamble.js';
const { caches, deployment } = docsPreamble();
import { selectImageCache } from 'eci-imagecache/matching';

const selection = selectImageCache(deployment, caches); // pure: no cluster needed
console.log(selection.outcome, selection.imageCacheId);
console.log(selection.explanation); // which cache, and why every other one lost or was excluded
export {};
