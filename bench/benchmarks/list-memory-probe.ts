/**
 * One measurement of issue item 4, in a fresh process started with --expose-gc by
 * list-memory.ts: iterate `listAll()` over BENCH_LIST_COUNT caches from BENCH_SERVER_URL and
 * report time and memory as one JSON line on stdout. Not a benchmark on its own.
 * @packageDocumentation
 */
import { reportProbe } from '../harness/probe.js';
import { Agent, get } from 'node:http';
import axios from 'axios';
import { loadClient } from '../harness/sdk.js';
import { nowMs } from '../harness/stats.js';

/**
 * Who lists: the SDK's `listAll`; the SDK's `list()` in a loop, which reads each page whole as
 * `listAll` did before it streamed pages (the issue's "today's" time); or the same paging written
 * with plain axios as the baseline; or node:http reading the same bytes and parsing nothing, the
 * least any Node.js HTTP reader of these pages can cost.
 */
export type ListSubject = 'ours' | 'page-at-once' | 'axios' | 'node-http';

/** What one probe reports. */
export interface ListProbeResult {
  readonly subject: ListSubject;
  readonly count: number;
  readonly elapsedMs: number;
  /** RSS after the warm-up page and a full GC, before listing. */
  readonly baselineRss: number;
  /** Highest RSS sampled while listing. */
  readonly peakRss: number;
  readonly baselineHeapUsed: number;
  readonly peakHeapUsed: number;
  /** Heap still in use after listing and a full GC, over the baseline: items kept alive by mistake show here. */
  readonly retainedHeap: number;
  /** The process's peak RSS over its whole life (warm-up included), from the kernel. */
  readonly maxRss: number;
  readonly samples: number;
}

const SAMPLE_EVERY_MS = 2;
const COLLECTION = '/apis/eci.alibabacloud.com/v1/imagecaches';

/** Something that lists every cache page by page. */
interface Lister {
  listAll(pageSize: number): AsyncIterable<{ metadata: { name?: string } }>;
  close(): void;
}

interface PlainPage {
  items: { metadata: { name?: string } }[];
  metadata: { continue?: string };
}

/**
 * node:http reading every page's bytes and parsing nothing: it counts items by their opening bytes
 * (across chunk edges) and reads the continue token, which this server writes before the items.
 */
function rawHttpLister(serverUrl: string): Lister {
  const agent = new Agent({ keepAlive: true });
  const itemStart = Buffer.from('{"apiVersion":"eci.alibabacloud.com/v1","kind":"ImageCache"');
  const readPage = (pageSize: number, token: string | undefined): Promise<{ items: number; next: string | undefined }> =>
    new Promise((resolve, reject) => {
      const query = `limit=${pageSize}${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
      get(`${serverUrl}${COLLECTION}?${query}`, { agent }, (response) => {
        let items = 0;
        let next: string | undefined;
        let tail = Buffer.alloc(0);
        response.on('data', (chunk: Buffer) => {
          const window = Buffer.concat([tail, chunk]);
          for (let at = window.indexOf(itemStart); at >= 0; at = window.indexOf(itemStart, at + 1)) items++;
          next ??= /"continue":"([^"]+)"/.exec(window.toString('latin1', 0, 200))?.[1];
          tail = window.subarray(Math.max(0, window.length - itemStart.length + 1));
        });
        response.on('end', () => resolve({ items, next }));
        response.on('error', reject);
      }).on('error', reject);
    });
  return {
    listAll: async function* (pageSize) {
      let token: string | undefined;
      do {
        const page = await readPage(pageSize, token);
        for (let i = 0; i < page.items; i++) yield { metadata: { name: 'counted' } };
        token = page.next;
      } while (token);
    },
    close: () => agent.destroy(),
  };
}

async function createLister(subject: ListSubject, serverUrl: string): Promise<Lister> {
  if (subject === 'node-http') return rawHttpLister(serverUrl);
  if (subject !== 'axios') {
    const sdk = await loadClient();
    if (typeof sdk === 'string') throw new Error(sdk);
    const client = new sdk.ImageCacheClient({ server: serverUrl });
    if (subject === 'ours') return { listAll: (pageSize) => client.listAll({ pageSize }), close: () => client.close() };
    return {
      listAll: async function* (pageSize) {
        let token: string | undefined;
        do {
          const page = await client.list({ limit: pageSize, ...(token ? { continue: token } : {}) });
          yield* page.items;
          token = page.metadata.continue || undefined;
        } while (token);
      },
      close: () => client.close(),
    };
  }
  // What a user writes without the SDK: the same pages with axios' default JSON parsing.
  const agent = new Agent({ keepAlive: true });
  const http = axios.create({ baseURL: serverUrl, httpAgent: agent });
  return {
    listAll: async function* (pageSize) {
      let token: string | undefined;
      do {
        const { data } = await http.get<PlainPage>(COLLECTION, { params: { limit: pageSize, ...(token ? { continue: token } : {}) } });
        yield* data.items;
        token = data.metadata.continue || undefined;
      } while (token);
    },
    close: () => agent.destroy(),
  };
}

async function probe(): Promise<ListProbeResult> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const serverUrl = process.env['BENCH_SERVER_URL'];
  const expected = Number(process.env['BENCH_LIST_COUNT']);
  const pageSize = Number(process.env['BENCH_PAGE_SIZE'] ?? 500);
  if (!serverUrl || !Number.isInteger(expected)) throw new Error('BENCH_SERVER_URL and BENCH_LIST_COUNT are required');
  const named = process.env['BENCH_LIST_SUBJECT'];
  const subject: ListSubject = named === 'axios' || named === 'page-at-once' || named === 'node-http' ? named : 'ours';
  const lister = await createLister(subject, serverUrl);

  // Warm-up: loads and JIT-compiles the whole path and opens the connection, so the baseline
  // includes the client's fixed costs and the measurement only its growth.
  let warmed = 0;
  for await (const cache of lister.listAll(pageSize)) {
    if (cache.metadata.name === undefined) throw new Error('nameless item');
    if (++warmed >= pageSize) break;
  }
  gc();
  gc();
  const baselineRss = process.memoryUsage.rss();
  const baselineHeapUsed = process.memoryUsage().heapUsed;

  let peakRss = baselineRss;
  let peakHeapUsed = baselineHeapUsed;
  let samples = 0;
  const sample = (): void => {
    const usage = process.memoryUsage();
    samples++;
    if (usage.rss > peakRss) peakRss = usage.rss;
    if (usage.heapUsed > peakHeapUsed) peakHeapUsed = usage.heapUsed;
  };
  const sampler = setInterval(sample, SAMPLE_EVERY_MS);

  let count = 0;
  const start = nowMs();
  for await (const cache of lister.listAll(pageSize)) {
    // Touch each item as a consumer would, without keeping it.
    if (cache.metadata.name !== undefined) count++;
    if (count % pageSize === 0) sample();
  }
  const elapsedMs = nowMs() - start;
  clearInterval(sampler);
  sample();
  lister.close();
  if (count !== expected) throw new Error(`${subject} listed ${count} items, the server holds ${expected}`);
  gc();
  gc();
  const retainedHeap = process.memoryUsage().heapUsed - baselineHeapUsed;
  return {
    subject,
    count,
    elapsedMs,
    baselineRss,
    peakRss,
    baselineHeapUsed,
    peakHeapUsed,
    retainedHeap,
    maxRss: process.resourceUsage().maxRSS * 1024,
    samples,
  };
}

reportProbe(probe());
