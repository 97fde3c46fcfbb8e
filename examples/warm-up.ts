// A warm-up script for CI: make sure caches exist for the images a release needs, wait until they
// are Ready, and fail loudly (non-zero exit) when one cannot be built.
// Run: npx tsx examples/warm-up.ts            (against the embedded emulator)
//      CLUSTER=1 npx tsx examples/warm-up.ts  (against the cluster your kubeconfig names)
import { ImageCacheClient, isImageCacheSpecConflictError, isImageCacheWaitError, type ImageCacheInput } from 'eci-imagecache';
import { startImageCacheEmulator } from 'eci-imagecache/testing';

const wanted: ImageCacheInput[] = [
  { metadata: { name: 'web-release-42' }, spec: { images: ['nginx:1.25', 'registry.cn-hangzhou.aliyuncs.com/acme/web:42'], retentionDays: 7 } },
  { metadata: { name: 'batch-release-42' }, spec: { images: ['python:3.12-slim'], imageCacheSize: 40 } },
];

const emulator = process.env['CLUSTER'] ? undefined : await startImageCacheEmulator({ controller: { stepDelays: { pendingMs: 50, preparingMs: 50, progressStepMs: 50 } } });
const client = emulator ? new ImageCacheClient({ server: emulator.url }) : await ImageCacheClient.fromDefault();

let failed = 0;
try {
  await Promise.all(
    wanted.map(async (cache) => {
      const name = cache.metadata.name!;
      try {
        const { created } = await client.ensure(cache); // creates it, or finds one with the same spec
        console.log(`${name}: ${created ? 'created' : 'already there'}`);
        const ready = await client.waitForReady(name, {
          timeoutMs: 20 * 60_000,
          onProgress: ({ phase, progress }) => console.log(`${name}: ${phase ?? 'Pending'} ${progress ?? ''}`),
        });
        console.log(`${name}: Ready as ${ready.status?.imageCacheId}`);
      } catch (error) {
        failed++;
        if (isImageCacheSpecConflictError(error)) console.error(`${name}: exists with another spec; pick a new name: ${error.message}`);
        else if (isImageCacheWaitError(error)) console.error(`${name}: ${error.kind} (last phase ${error.lastStatus?.phase ?? 'none'})`);
        else throw error;
      }
    }),
  );
} finally {
  client.close();
  await emulator?.close();
}
process.exitCode = failed === 0 ? 0 : 1;
