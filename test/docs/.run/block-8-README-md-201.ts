import { docsPreamble } from '../preamble.js';
const { client, resync } = docsPreamble(); // create: validates first (same rules as validateImageCache), then POST.
await client.create({ metadata: { name: 'web' }, spec: { images: ['nginx:1.25', 'redis:7'], retentionDays: 7 } }, { fieldManager: 'warmup', dryRun: false });

// waitForReady: one GET, then a watch on that object (no polling)
const ready = await client.waitForReady('web', {
  timeoutMs: 20 * 60_000,
  onProgress: ({ phase, progress }) => console.log(phase, progress),
});

// get
const cache = await client.get('web');
console.log(cache.status?.phase, cache.status?.progress, cache.status?.imageCacheId);

// replace: PUT with metadata.resourceVersion (required); a stale write rejects with isConflict(err)
cache.spec.retentionDays = 30;
await client.replace(cache);

// patch: JSON merge patch (default), JSON Patch, or server-side apply
await client.patch('web', { metadata: { labels: { team: 'web' } } });
await client.patch('web', [{ op: 'replace', path: '/spec/retentionDays', value: 14 }], { type: 'json' });
await client.patch('web', { metadata: { name: 'web' }, spec: { images: ['nginx:1.26', 'redis:7'] } }, { type: 'apply', fieldManager: 'warmup', force: true });

// list: one page; selectors as strings or as equality maps
const page = await client.list({ labelSelector: { team: 'web' }, limit: 100 });
const next = await client.list({ labelSelector: { team: 'web' }, limit: 100, continue: page.metadata.continue });

// listAll: every item, fetched page by page as you iterate (memory: one page)
for await (const c of client.listAll({ labelSelector: 'team=web', pageSize: 200 })) console.log(c.metadata.name);

// watch: typed events until you abort or break
const controller = new AbortController();
for await (const event of client.watch({ labelSelector: 'team=web', signal: controller.signal })) {
  switch (event.type) {
    case 'ADDED':
    case 'MODIFIED':
    case 'DELETED':
      console.log(event.type, event.object.metadata.name, event.object.status?.phase);
      if (event.object.status?.phase === 'Ready') controller.abort(); // seen enough: the watch ends
      break;
    case 'RELISTED': // see "410 Gone" below
      resync(event.objects);
      break;
    case 'BOOKMARK': // only with allowWatchBookmarks: true
      break;
  }
}

// ensure: for warm-up scripts. Creates the cache if it is missing, returns it if it has the same spec,
// and rejects with ImageCacheSpecConflictError if the spec differs. It never overwrites.
const { imageCache, created } = await client.ensure({ metadata: { name: 'batch' }, spec: { images: ['python:3.12-slim'] } });

// delete: resolves with a Status, or with the object while finalizers still hold it
const result = await client.delete('web', { propagationPolicy: 'Background', preconditions: { uid: ready.metadata.uid } });
if (result.kind === 'Status') console.log(result.status);
export {};
