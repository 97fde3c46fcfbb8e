/**
 * How long the informer's scanner takes over list pages shaped like a kube-apiserver's, next to
 * `JSON.parse` of the same page (what a parsing informer pays at least). The scanner reads the
 * response's bytes; a parsing informer first decodes them to text, so both are timed: `JSON.parse`
 * of text decoded beforehand (the floor the ratio is measured against), and decode plus parse. Run
 * with `npx tsx bench/baselines/scan-speed.ts [pages] [pageSize] [rounds]`.
 *
 * Measured 2026-11-30 (100 pages of 500, 146.2 MB, median of 7, 2 shared cores, one run each):
 * JSON.parse(text) 980 ms, toString + JSON.parse 1083 ms (1.10x), the byte scan 449 ms (0.46x;
 * 0.45x to 0.48x over five runs). The string scan it replaced: 0.61x in the same kind of run (629
 * vs 1024 ms). The goal of 0.35x is not met: stepping over the values alone (no fields read) takes
 * about 0.29x, and the string loops (one table lookup per byte) are about 60% of the scan's time.
 * Later the same day, with `spec` and `status` only stepped over (their index fields scanned when
 * the store's indexes are first queried): 353 ms against 980 ms, 0.36x. Reading strings four bytes
 * at a time (a DataView word and the zero-byte tricks) gained 2.5% and was dropped: the average
 * string here is 16 bytes, and the cost is per token (8.1 million strings in the 146 MB), not per byte.
 * Then the walk over skipped values moved to WebAssembly (SIMD string search): 0.28x; and an
 * ordinary cache's identity is read there too: 251 ms against 1012 ms, 0.25x (load average 3-4).
 * @packageDocumentation
 */
import { scanImageCacheList } from '../../src/client/lazy/scan.js';
import { serverObject } from '../fixtures/imagecaches.js';
import { imagePool } from '../fixtures/images.js';
import { seededRandom } from '../fixtures/random.js';

const [pages = 100, pageSize = 500, rounds = 9] = process.argv.slice(2).map(Number);

/** Go's encoder escapes these three in strings; a real page has them as \u003c etc. */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

const random = seededRandom(7);
const pool = imagePool(random, 600);
/** The pages as a response delivers them: UTF-8 bytes. */
const bodies = Array.from({ length: pages }, (_, page) => {
  const items = Array.from({ length: pageSize }, (_, i) => goJson(serverObject(random, pool, page * pageSize + i)));
  const metadata = { resourceVersion: '123456', continue: page + 1 < pages ? `token-${page + 1}` : undefined };
  return Buffer.from(`{"apiVersion":"eci.alibabacloud.com/v1","items":[${items.join(',')}],"kind":"ImageCacheList","metadata":${goJson(metadata)}}`);
});
/** The same pages decoded from bytes: flat strings, not the rope the template builds. */
const texts = bodies.map((body) => body.toString('utf8'));

function time<T>(inputs: T[], work: (input: T) => unknown): number {
  const start = performance.now();
  for (const input of inputs) if (work(input) === undefined) throw new Error('a page did not scan');
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const parse: number[] = [];
const decodeParse: number[] = [];
const scan: number[] = [];
for (let round = 0; round < rounds; round++) {
  parse.push(time(texts, (text) => JSON.parse(text)));
  decodeParse.push(time(bodies, (body) => JSON.parse(body.toString('utf8'))));
  scan.push(time(bodies, scanImageCacheList));
}
const mb = bodies.reduce((sum, body) => sum + body.length, 0) / 1e6;
const parseMs = median(parse);
const decodeParseMs = median(decodeParse);
const scanMs = median(scan);
console.log(`${pages} pages of ${pageSize} items, ${mb.toFixed(1)} MB, median of ${rounds} rounds`);
console.log(`JSON.parse(text)                 ${parseMs.toFixed(1)} ms`);
console.log(`toString + JSON.parse            ${decodeParseMs.toFixed(1)} ms (${(decodeParseMs / parseMs).toFixed(2)}x)`);
console.log(`scanImageCacheList(bytes)        ${scanMs.toFixed(1)} ms (${(scanMs / parseMs).toFixed(2)}x of JSON.parse(text))`);
