import { docsPreamble } from '../preamble.js';
import { selectImageCache, createImageCacheMatcher, lintWorkload, parseImageReference, normalizeImageReference } from 'eci-imagecache/matching';
export {};
