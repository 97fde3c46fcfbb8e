import { docsPreamble } from '../preamble.js';
const { caches, deployment, expect } = docsPreamble();
import { selectImageCache } from 'eci-imagecache/matching';

const result = selectImageCache(deployment, caches, { now: new Date('2026-11-27T12:00:00Z') });
expect(result.imageCacheId, result.explanation).toBe('imc-web42');
export {};
