/**
 * How long the informer's scanner takes over list pages shaped like a kube-apiserver's, next to
 * `JSON.parse` of the same text (what a parsing informer pays at least). Run with
 * `npx tsx bench/baselines/scan-speed.ts [pages] [pageSize] [rounds]`.
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
const bodies = Array.from({ length: pages }, (_, page) => {
  const items = Array.from({ length: pageSize }, (_, i) => goJson(serverObject(random, pool, page * pageSize + i)));
  const metadata = { resourceVersion: '123456', continue: page + 1 < pages ? `token-${page + 1}` : undefined };
  const body = `{"apiVersion":"eci.alibabacloud.com/v1","items":[${items.join(',')}],"kind":"ImageCacheList","metadata":${goJson(metadata)}}`;
  // Decoded from bytes, as a response body is: a flat string, not the rope the template builds.
  return Buffer.from(body).toString('utf8');
});

function time(work: (body: string) => unknown): number {
  const start = performance.now();
  for (const body of bodies) if (work(body) === undefined) throw new Error('a page did not scan');
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const parse: number[] = [];
const scan: number[] = [];
for (let round = 0; round < rounds; round++) {
  parse.push(time((body) => JSON.parse(body)));
  scan.push(time(scanImageCacheList));
}
const mb = bodies.reduce((sum, body) => sum + body.length, 0) / 1e6;
const parseMs = median(parse);
const scanMs = median(scan);
console.log(`${pages} pages of ${pageSize} items, ${mb.toFixed(1)} MB of text, median of ${rounds} rounds`);
console.log(`JSON.parse          ${parseMs.toFixed(1)} ms`);
console.log(`scanImageCacheList  ${scanMs.toFixed(1)} ms`);
console.log(`ratio               ${(scanMs / parseMs).toFixed(2)}`);
