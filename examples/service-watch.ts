// A Node service that creates ImageCaches and reacts to their changes through a watch that never
// stops silently: it resumes after dropped connections and relists after 410 Gone.
// Run: npx tsx examples/service-watch.ts
import { ImageCacheClient, isAlreadyExists, isNotFound } from 'eci-imagecache';
import { startImageCacheEmulator } from 'eci-imagecache/testing';

const emulator = await startImageCacheEmulator({ controller: { stepDelays: { pendingMs: 30, preparingMs: 30, progressStepMs: 30 } } });
// In a real service: `await ImageCacheClient.fromDefault()` (kubeconfig or in-cluster service account).
const client = new ImageCacheClient({ server: emulator.url });
const stop = new AbortController();

async function watchCaches(): Promise<void> {
  for await (const event of client.watch({ allowWatchBookmarks: true, signal: stop.signal })) {
    switch (event.type) {
      case 'RELISTED': // the server forgot our resourceVersion (410): here is the whole current state
        console.log(`relisted: ${event.objects.length} caches`);
        break;
      case 'BOOKMARK':
        break;
      default: {
        const { name } = event.object.metadata;
        const { phase, progress } = event.object.status ?? {};
        console.log(`${event.type} ${name} ${phase ?? ''} ${progress ?? ''}`.trimEnd());
        if (phase === 'Ready' && name === 'web') stop.abort(); // this demo stops once its cache is built
      }
    }
  }
}

try {
  const watching = watchCaches();
  try {
    await client.create({ metadata: { name: 'web', labels: { team: 'web' } }, spec: { images: ['nginx:1.25'], retentionDays: 3 } });
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
  await watching; // returns cleanly when `stop` aborts
  const page = await client.list({ labelSelector: 'team=web' });
  console.log(`team=web: ${page.items.map((c) => `${c.metadata.name}=${c.status?.imageCacheId}`).join(', ')}`);
  await client.patch('web', { metadata: { labels: { tier: 'frontend' } } }, { type: 'merge' });
  await client.delete('web');
  await client.get('web').catch((error: unknown) => console.log(isNotFound(error) ? 'web is gone' : error));
} finally {
  client.close();
  await emulator.close();
}
