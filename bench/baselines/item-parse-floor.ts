/**
 * The floor of a `listAll` that parses item by item, without HTTP: 100 pages of 500 caches shaped
 * like a kube-apiserver's, held as bytes; each page is either decoded and parsed at once (what
 * listAll does today) or scanned for its items (the informer's scan) and each item decoded and
 * parsed on its own and dropped at once. Reports the time of each and, in a fresh process per
 * mode, the RSS growth over a warmed-up baseline. Run with
 * `npx tsx bench/baselines/item-parse-floor.ts [page|items]` (no argument: both, each in its own process).
 *
 * Measured 2026-11-30 (2 shared cores, load average about 3): see bench/README.md, "listAll".
 * @packageDocumentation
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { scanImageCacheList } from '../../src/client/lazy/scan.js';
import { serverObject } from '../fixtures/imagecaches.js';
import { imagePool } from '../fixtures/images.js';
import { seededRandom } from '../fixtures/random.js';

const mode = process.argv[2];
if (mode !== 'page' && mode !== 'items') {
  for (const each of ['page', 'items', 'page', 'items']) {
    const out = execFileSync(process.execPath, [...process.execArgv, '--expose-gc', fileURLToPath(import.meta.url), each], { encoding: 'utf8' });
    process.stdout.write(out);
  }
  process.exit(0);
}

const random = seededRandom(7);
const pool = imagePool(random, 600);
const pages = Array.from({ length: 100 }, (_, page) => {
  const items = Array.from({ length: 500 }, (_, i) => JSON.stringify(serverObject(random, pool, page * 500 + i)));
  return Buffer.from(`{"apiVersion":"eci.alibabacloud.com/v1","items":[${items.join(',')}],"kind":"ImageCacheList","metadata":{"resourceVersion":"1"}}`);
});
const pageBytes = pages[0]?.length ?? 0;

let touched = 0;
function listPage(body: Buffer): void {
  const list = JSON.parse(body.toString('utf8')) as { items: { metadata: { name: string } }[] };
  for (const item of list.items) touched += item.metadata.name.length;
}
function listItems(body: Buffer): void {
  const scanned = scanImageCacheList(body);
  if (!scanned) throw new Error('a page did not scan');
  for (const item of scanned.items) touched += (JSON.parse(body.toString('utf8', item.start, item.end)) as { metadata: { name: string } }).metadata.name.length;
}
const list = mode === 'page' ? listPage : listItems;

list(pages[0] as Buffer); // warm-up
(globalThis as { gc?: () => void }).gc?.();
const baseline = process.memoryUsage.rss();
// Sampled after each page (a timer could not fire inside this synchronous loop): the page's
// garbage is still uncollected then, so the sample sees it.
let peak = baseline;
const start = performance.now();
for (const page of pages) {
  list(page);
  peak = Math.max(peak, process.memoryUsage.rss());
}
const elapsed = performance.now() - start;
console.log(
  `${mode.padEnd(5)} ${elapsed.toFixed(0)} ms, RSS growth ${((peak - baseline) / 1e6).toFixed(1)} MB (4 pages: ${((4 * pageBytes) / 1e6).toFixed(1)} MB), ${touched} name chars`,
);
