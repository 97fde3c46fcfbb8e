// A small HTTP service that keeps an informer (a synced, indexed copy of the cluster's
// ImageCaches) and answers "which cache would this pod use, and why" from memory:
//   POST /match   body: a Pod, pod template or workload (JSON)  ->  the selection, explained
//   GET  /healthz 200 once synced, 503 before
// Run: npx tsx examples/cache-service.ts   (against the embedded emulator; then it exits)
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ImageCacheClient } from 'eci-imagecache';
import { startImageCacheEmulator } from 'eci-imagecache/testing';

const emulator = await startImageCacheEmulator({ controller: { stepDelays: { pendingMs: 20, preparingMs: 20, progressStepMs: 20 } } });
// In a real service: `await ImageCacheClient.fromDefault()` (kubeconfig or in-cluster service account).
const client = new ImageCacheClient({ server: emulator.url });
const informer = client.informer();
informer.on('error', (error) => console.error('informer:', error instanceof Error ? error.message : error)); // reported, retried with backoff
informer.on('delete', (cache, { finalStateUnknown }) =>
  console.log(`cache ${cache.metadata.name} deleted${finalStateUnknown ? ' while the watch was down' : ''}`),
);
const matcher = informer.matcher(); // updated per event, never rebuilt

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 1024 * 1024) throw new Error('body over 1 MiB');
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function reply(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' }).end(`${JSON.stringify(body, null, 2)}\n`);
}

const service = createServer(async (req, res) => {
  if (req.method === 'GET' && req.url === '/healthz')
    return reply(res, informer.hasSynced ? 200 : 503, { synced: informer.hasSynced, caches: informer.list().length });
  if (req.method !== 'POST' || req.url !== '/match') return reply(res, 404, { error: 'POST /match or GET /healthz' });
  if (!informer.hasSynced) return reply(res, 503, { error: 'not synced yet' });
  let pod: unknown;
  try {
    pod = await readJson(req);
  } catch (error) {
    return reply(res, 400, { error: `the body is not JSON: ${error instanceof Error ? error.message : error}` });
  }
  try {
    const selection = matcher.select(pod as Parameters<typeof matcher.select>[0]);
    reply(res, 200, {
      outcome: selection.outcome,
      imageCacheId: selection.imageCacheId,
      cache: selection.cache?.metadata.name,
      explanation: selection.explanation,
      resourceVersion: informer.resourceVersion,
    });
  } catch (error) {
    reply(res, 422, { error: error instanceof Error ? error.message : String(error) }); // not a pod, template or workload
  }
});

try {
  // The cluster: two caches, built by the emulator's controller.
  await client.create({ metadata: { name: 'web' }, spec: { images: ['nginx:1.25', 'redis:7'] } });
  await client.create({ metadata: { name: 'tools' }, spec: { images: ['busybox:1.36'] } });
  await Promise.all(['web', 'tools'].map((name) => client.waitForReady(name, { timeoutMs: 30_000 })));

  informer.start();
  await informer.waitForSync({ timeoutMs: 30_000 });
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;

  const pod = {
    kind: 'Pod',
    metadata: { name: 'shop', annotations: { 'k8s.aliyun.com/eci-auto-imc': 'true' } },
    spec: {
      containers: [
        { name: 'app', image: 'docker.io/library/nginx:1.25' },
        { name: 'cache', image: 'redis:7' },
      ],
    },
  };
  const answer = (await (await fetch(`${url}/match`, { method: 'POST', body: JSON.stringify(pod) })).json()) as {
    outcome: string;
    cache?: string;
    explanation: string;
  };
  console.log(`shop would use: ${answer.cache ?? 'no cache'} (${answer.outcome})\n${answer.explanation}`);
  if (answer.cache !== 'web') throw new Error(`expected the web cache, got ${JSON.stringify(answer)}`);

  // A change in the cluster reaches the answer without a rebuild: once web is gone, nothing matches.
  await client.delete('web');
  while (informer.get('web')) await new Promise((r) => setTimeout(r, 10));
  const after = (await (await fetch(`${url}/match`, { method: 'POST', body: JSON.stringify(pod) })).json()) as { outcome: string; cache?: string };
  console.log(`after deleting web: ${after.cache ?? 'no cache'} (${after.outcome})`);
  if (after.cache !== undefined) throw new Error(`expected no cache after the delete, got ${after.cache}`);
} finally {
  service.close();
  await informer.stop();
  client.close();
  await emulator.close();
}
