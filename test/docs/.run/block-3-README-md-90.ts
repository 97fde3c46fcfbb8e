import { docsPreamble } from '../preamble.js';
const { text, yamlText } = docsPreamble();
import { validateImageCache, assertValidImageCache, parseImageCacheManifest } from 'eci-imagecache';

const result = validateImageCache({ metadata: { name: 'web' }, spec: { images: ['nginx'], imageCacheSize: 10 } });
if (!result.success) {
  for (const issue of result.issues) console.log(issue.path, issue.rule, issue.message);
  // spec.imageCacheSize minimum spec.imageCacheSize must be at least 20, got 10
}
const cache = assertValidImageCache(JSON.parse(text)); // throws ImageCacheValidationError
const caches = await parseImageCacheManifest(yamlText); // YAML or JSON, several documents, lines in issues
export {};
