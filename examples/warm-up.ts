// A warm-up script for CI: plan the fewest caches that give every workload of a release a perfect
// match, create the missing ones, wait until they are Ready, and fail loudly (non-zero exit) when
// one cannot be built.
// Run: npx tsx examples/warm-up.ts            (against the embedded emulator)
//      CLUSTER=1 npx tsx examples/warm-up.ts  (against the cluster your kubeconfig names)
import { ImageCacheClient, isImageCacheSpecConflictError, isImageCacheWaitError } from 'eci-imagecache';
import { isInvalidPlanOptionError, isInvalidPlanWorkloadError, planImageCaches, type PlanWorkload } from 'eci-imagecache/planning';
import { startImageCacheEmulator } from 'eci-imagecache/testing';

// Three services share a sidecar and a log agent; a release job needs two images of its own.
const deployment = (name: string, app: string): PlanWorkload => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    template: {
      spec: {
        containers: [
          { name: 'app', image: app },
          { name: 'proxy', image: 'istio/proxyv2:1.20' },
          { name: 'logs', image: 'fluent/fluent-bit:3' },
        ],
      },
    },
  },
});
const workloads: PlanWorkload[] = [
  deployment('web', 'registry.cn-hangzhou.aliyuncs.com/acme/web:42'),
  deployment('api', 'registry.cn-hangzhou.aliyuncs.com/acme/api:42'),
  deployment('worker', 'registry.cn-hangzhou.aliyuncs.com/acme/worker:42'),
  { name: 'release-42-migrations', images: ['python:3.12-slim', 'registry.cn-hangzhou.aliyuncs.com/acme/migrate:42'] },
];

const emulator = process.env['CLUSTER']
  ? undefined
  : await startImageCacheEmulator({ controller: { stepDelays: { pendingMs: 50, preparingMs: 50, progressStepMs: 50 } } });
const client = emulator ? new ImageCacheClient({ server: emulator.url }) : await ImageCacheClient.fromDefault();

let failed = 0;
try {
  let plan: ReturnType<typeof planImageCaches>;
  try {
    plan = planImageCaches(workloads, (await client.list()).items, { retentionDays: 7 });
  } catch (error) {
    // Bad input is reported before anything is created.
    if (isInvalidPlanOptionError(error) || isInvalidPlanWorkloadError(error)) console.error(error.message);
    throw error;
  }
  console.log(plan.explanation);
  const toWait = plan.reuse.filter((r) => !r.ready).map((r) => r.name);
  for (const { imageCache } of plan.create) {
    const name = imageCache.metadata.name!;
    try {
      const { created } = await client.ensure(imageCache); // creates it, or finds one with the same spec
      console.log(`${name}: ${created ? 'created' : 'already there'}`);
      toWait.push(name);
    } catch (error) {
      failed++;
      if (isImageCacheSpecConflictError(error)) console.error(`${name}: exists with another spec: ${error.message}`);
      else throw error;
    }
  }
  await Promise.all(
    toWait.map(async (name) => {
      try {
        const ready = await client.waitForReady(name, {
          timeoutMs: 20 * 60_000,
          onProgress: ({ phase, progress }) => console.log(`${name}: ${phase ?? 'Pending'} ${progress ?? ''}`),
        });
        console.log(`${name}: Ready as ${ready.status?.imageCacheId}`);
      } catch (error) {
        failed++;
        if (isImageCacheWaitError(error)) console.error(`${name}: ${error.kind} (last phase ${error.lastStatus?.phase ?? 'none'})`);
        else throw error;
      }
    }),
  );
  for (const w of plan.workloads) console.log(`${w.name}: ${w.perfect ? 'perfect match' : 'partial match'} from ${w.cache}`);
} finally {
  client.close();
  await emulator?.close();
}
process.exitCode = failed === 0 ? 0 : 1;
