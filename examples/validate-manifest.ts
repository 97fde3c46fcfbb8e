// Validate ImageCache manifests before `kubectl create -f`: every problem, with its line.
// Run: npx tsx examples/validate-manifest.ts [FILE]
import { readFile } from 'node:fs/promises';
import { safeParseImageCacheManifest, validateImageCacheSpec } from 'eci-imagecache';

const sample = `apiVersion: eci.alibabacloud.com/v1
kind: ImageCache
metadata:
  name: web-cache
spec:
  images:
  - nginx:1.7.9
  - Busybox
  imageCacheSize: 10
  retentionday: 7
`;

const text = process.argv[2] ? await readFile(process.argv[2], 'utf8') : sample;
const result = await safeParseImageCacheManifest(text);
if (result.success) {
  for (const cache of result.data) console.log(`ok: ${cache.metadata.name} (${cache.spec.images.length} images)`);
} else {
  for (const issue of result.issues) console.log(`line ${issue.line ?? '?'}: ${issue.message} [${issue.rule}]`);
}

// A spec on its own, e.g. one built in code:
const spec = validateImageCacheSpec({ images: ['nginx'], retentionDays: 7 });
console.log(spec.success ? 'spec ok' : spec.issues);
