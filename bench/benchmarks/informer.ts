/**
 * Issue #15, informer: time from `start()` to synced over 50,000 caches, and peak RSS, for our
 * informer (paged list, and streaming list) against `@kubernetes/client-node` 1.x `makeInformer`
 * on the same server; and the cost of one live-matcher update among 10,000 caches.
 *
 * Each sync runs in a fresh process (informer-probe.ts); the server runs in yet another.
 * @packageDocumentation
 */
import { fileURLToPath } from 'node:url';
import { createLiveMatcher } from '../../src/client/informer/live-matcher.js';
import { InformerStore } from '../../src/client/informer/store.js';
import type { ImageCache } from '../../src/types/index.js';
import { ensureClientNode } from '../harness/anchors.js';
import { progress, runBenchmark, scaled } from '../harness/benchmark.js';
import { runProbe } from '../harness/probe.js';
import { skippedReport, type MetricRow } from '../harness/report.js';
import { loadClient, sdkOrigin } from '../harness/sdk.js';
import { median, nowMs, rotate } from '../harness/stats.js';
import { imagePool } from '../fixtures/images.js';
import { serverObject } from '../fixtures/imagecaches.js';
import { seededRandom } from '../fixtures/random.js';
import { startApiServer } from '../servers/protocol.js';
import type { InformerProbeResult, InformerSubject } from './informer-probe.js';

const ID = 'informer';
const TITLE = 'Informer (start to synced, live matcher)';
const PROBE = fileURLToPath(new URL('./informer-probe.ts', import.meta.url));
const MB = 2 ** 20;

function runInformerProbe(serverUrl: string, count: number, subject: InformerSubject, clientNodeUrl: string): Promise<InformerProbeResult> {
  return runProbe<InformerProbeResult>({
    script: PROBE,
    env: { BENCH_SERVER_URL: serverUrl, BENCH_LIST_COUNT: String(count), BENCH_INFORMER_SUBJECT: subject, BENCH_CLIENT_NODE_URL: clientNodeUrl },
    label: `${subject} informer probe for ${count} items`,
  });
}

/** Median µs of one store change (and the live matcher's index update it drives) among `count` caches. */
function liveMatcherUpdate(count: number, updates: number): { medianUs: number; selectUs: number } {
  const random = seededRandom(15);
  const pool = imagePool(random, 600);
  const store = new InformerStore();
  const caches: ImageCache[] = [];
  for (let i = 0; i < count; i++) {
    const object = serverObject(random, pool, i) as unknown as ImageCache;
    object.metadata.name = `cache-${i}`;
    object.metadata.resourceVersion = String(i + 1);
    caches.push(object);
    store.upsert(object);
  }
  const matcher = createLiveMatcher(store, { now: new Date('2024-06-01T00:00:00Z') });
  // The store builds its id and image indexes on their first query; a service that queries has them.
  store.byImage(pool[0]!.canonical);
  const times: number[] = [];
  let rv = count + 1;
  for (let i = 0; i < updates; i++) {
    const old = random.pick(caches);
    // A changed cache: new resourceVersion, one image swapped, as a watch MODIFIED event brings.
    const images = [...old.spec.images];
    images[0] = random.pick(random.pick(pool).spellings);
    const changed: ImageCache = { ...old, metadata: { ...old.metadata, resourceVersion: String(rv++) }, spec: { ...old.spec, images } };
    const start = nowMs();
    store.upsert(changed);
    times.push((nowMs() - start) * 1000);
  }
  const pod = {
    kind: 'Pod',
    metadata: { name: 'p', annotations: { 'k8s.aliyun.com/eci-auto-imc': 'true' } },
    spec: { containers: [{ image: pool[0]!.canonical }] },
  };
  const selects: number[] = [];
  for (let i = 0; i < 200; i++) {
    const start = nowMs();
    matcher.select(pod);
    selects.push((nowMs() - start) * 1000);
  }
  matcher.close();
  return { medianUs: median(times.slice(Math.floor(updates / 10))), selectUs: median(selects) };
}

await runBenchmark(ID, TITLE, async () => {
  const client = await loadClient();
  if (typeof client === 'string') return skippedReport(ID, TITLE, client);
  if (typeof (client.ImageCacheClient.prototype as { informer?: unknown }).informer !== 'function')
    return skippedReport(ID, TITLE, 'the client has no informer() yet');
  const anchor = ensureClientNode();
  const count = scaled(50_000, 2_000);
  const repeats = scaled(3, 1);
  const server = await startApiServer();
  try {
    await server.configure(count, 500);
    const subjects: InformerSubject[] = ['ours-list', 'ours-watch-list', 'client-node', 'parse-floor', 'scan-floor'];
    const results = new Map<InformerSubject, InformerProbeResult[]>();
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const subject of rotate(subjects, repeat)) {
        const result = await runInformerProbe(server.baseUrl, count, subject, anchor.entryUrl);
        results.set(subject, [...(results.get(subject) ?? []), result]);
        progress(ID, `${subject}: ${Math.round(result.elapsedMs)} ms, peak RSS ${Math.round(result.peakRss / MB)} MB`);
      }
      progress(ID, `${count} caches, run ${repeat + 1}/${repeats}`);
    }
    const med = (subject: InformerSubject, of: (r: InformerProbeResult) => number): number => median((results.get(subject) ?? []).map(of));
    const elapsed = (r: InformerProbeResult) => r.elapsedMs;
    const peak = (r: InformerProbeResult) => r.peakRss / MB;
    const growth = (r: InformerProbeResult) => (r.peakRss - r.baselineRss) / MB;
    const rows: MetricRow[] = [];
    for (const subject of ['ours-list', 'ours-watch-list'] as const) {
      const how = subject === 'ours-list' ? 'paged list' : 'streaming list';
      rows.push({
        metric: `${count} caches, ${how}: start to synced (median of ${repeats})`,
        unit: 'ms',
        ours: med(subject, elapsed),
        anchorName: anchor.label,
        anchor: med('client-node', elapsed),
        target: { kind: 'ratio-at-most', limit: 0.5 },
      });
      rows.push({
        metric: `${count} caches, ${how}: peak RSS`,
        unit: 'MB',
        ours: med(subject, peak),
        anchorName: anchor.label,
        anchor: med('client-node', peak),
        target: { kind: 'ratio-at-most', limit: 0.6 },
      });
      rows.push({
        metric: `${count} caches, ${how}: start to synced, then list() reading every cache (median of ${repeats})`,
        unit: 'ms',
        ours: med(subject, (r) => r.elapsedMs + (r.readAllMs ?? 0)),
        anchorName: anchor.label,
        anchor: med('client-node', elapsed),
      });
      rows.push({
        metric: `${count} caches, ${how}: peak RSS up to the end of that read`,
        unit: 'MB',
        ours: med(subject, (r) => (r.peakRssAfterRead ?? r.peakRss) / MB),
        anchorName: anchor.label,
        anchor: med('client-node', peak),
      });
      rows.push({
        metric: `${count} caches, ${how}: peak RSS growth over the loaded library`,
        unit: 'MB',
        ours: med(subject, growth),
        anchorName: anchor.label,
        anchor: med('client-node', growth),
      });
    }
    // What the same pages cost with no informer at all: the floors the 0.5x target sits against.
    for (const [subject, what] of [
      ['parse-floor', 'each page parsed (JSON.parse) and its items put in a Map by name'],
      ['scan-floor', "each page's bytes only scanned for where its items start and end"],
    ] as const) {
      rows.push({
        metric: `${count} caches, no informer, ${what}: time (median of ${repeats})`,
        unit: 'ms',
        ours: med(subject, elapsed),
        anchorName: anchor.label,
        anchor: med('client-node', elapsed),
      });
    }
    progress(ID, 'live matcher');
    const live = liveMatcherUpdate(scaled(10_000, 1_000), scaled(5_000, 500));
    rows.push({
      metric: `live matcher: one changed cache among ${scaled(10_000, 1_000)} (store + index update, median)`,
      unit: 'µs',
      ours: live.medianUs,
      target: { kind: 'value-below', limit: 50 },
    });
    rows.push({ metric: 'live matcher: one auto-match select after the updates (median)', unit: 'µs', ours: live.selectUs });
    return {
      id: ID,
      title: TITLE,
      status: 'ok',
      rows,
      notes: [
        `The benchmark API server (its own process) serves ${count} caches: pages of 500 for a list (client-node's list function asks for everything in one response, as makeInformer's users write it), and for \`sendInitialEvents=true\` every cache as an ADDED event then the initial-events-end bookmark. Watches otherwise stay open and quiet.`,
        'Each sync is a fresh process: load the library, build the client/informer, baseline RSS, then time `informer.start()` + `waitForSync()` (ours; the count checked with `informer.size`) or `await informer.start()` + `informer.list()` (client-node, which resolves once its list is stored and its watch request is made), RSS sampled every 2 ms. Subjects rotate between repetitions.',
        'Ours keeps each listed cache as the response\'s bytes (scanned, not decoded, for its name and resourceVersion) and decodes and parses it on first read. So the rows "then list() reading every cache" time, after synced, one `informer.list()` that parses all 50,000, and add it to the sync: what a service that reads every cache at once pays in total, against client-node\'s sync, which parsed them all already.',
        "Floors (bench/baselines/list-floors.ts), fresh processes on the same server and pages of 500: `parse-floor` is node:http, JSON.parse of each page and a Map of the items by name, with no informer, no validation and no indexes: the least any informer that holds parsed objects must do. `scan-floor` only finds where each page's items start and end in its bytes: the least an informer that kept raw items and parsed them on first read would do before it could call itself synced.",
        'Live matcher: 10,000 generated caches of the benchmark fixtures in an informer store with a live matcher; each update is one MODIFIED cache (new resourceVersion, one image swapped) applied to the store, which updates the store indexes and the matcher index for that cache. Measured in this process from src/ (the store is not public API); the first 10% of updates are warm-up.',
        `SDK loaded from ${sdkOrigin()}.`,
      ],
      raw: { ...Object.fromEntries(results), live },
    };
  } finally {
    await server.stop();
  }
});
