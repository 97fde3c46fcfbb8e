import { docsPreamble } from '../preamble.js';
const { text } = docsPreamble();
import { safeParseImageCacheManifest, DEFAULT_MANIFEST_LIMITS } from 'eci-imagecache';

const checked = await safeParseImageCacheManifest(text, { maxBytes: 16 * 1024 * 1024, maxDocuments: 5000 });
console.log(DEFAULT_MANIFEST_LIMITS); // { maxBytes: 4194304, maxDocuments: 1000, maxAliases: 100 }
export {};
