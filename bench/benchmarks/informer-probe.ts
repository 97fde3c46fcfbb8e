/**
 * One measurement of the informer benchmark, in a fresh process started by informer.ts: from
 * `start()` to synced over BENCH_LIST_COUNT caches at BENCH_SERVER_URL, for our informer (paged
 * list or streaming list) or `@kubernetes/client-node`'s `makeInformer`. Reports one JSON line.
 * Not a benchmark on its own.
 * @packageDocumentation
 */
import { measureListFloor } from '../baselines/list-floors.js';
import { reportProbe } from '../harness/probe.js';
import { loadClient } from '../harness/sdk.js';
import { nowMs } from '../harness/stats.js';

/** Who syncs. */
export type InformerSubject = 'ours-list' | 'ours-watch-list' | 'client-node' | 'parse-floor' | 'scan-floor';

/** What one probe reports. */
export interface InformerProbeResult {
  readonly subject: InformerSubject;
  readonly count: number;
  readonly elapsedMs: number;
  /** RSS after loading the library, before starting. */
  readonly baselineRss: number;
  /** Highest RSS sampled from start to synced (and just after). */
  readonly peakRss: number;
  /** The process's peak RSS over its whole life, from the kernel. */
  readonly maxRss: number;
  /** Ours only: after synced, how long `list()` took to read every cache (each parsed on first read). */
  readonly readAllMs?: number;
  /** Ours only: peak RSS sampled up to the end of that read. */
  readonly peakRssAfterRead?: number;
}

interface ClientNodeInformer {
  start(): Promise<void>;
  stop(): Promise<void>;
  list(): unknown[];
}
interface ClientNodeModule {
  KubeConfig: new () => { loadFromOptions(options: unknown): void; makeApiClient<T>(api: new (...args: never[]) => T): T };
  CustomObjectsApi: new (
    ...args: never[]
  ) => { listClusterCustomObject(request: { group: string; version: string; plural: string }): Promise<{ items: unknown[] }> };
  makeInformer(kc: unknown, path: string, listFn: () => Promise<unknown>): ClientNodeInformer;
}

interface SubjectRun {
  /** Syncs; resolves with the number of caches held. */
  run(): Promise<number>;
  /** Reads every cache once synced; resolves with how many. */
  readAll?(): number;
  stop(): Promise<void>;
}

async function syncOnce(subject: InformerSubject, serverUrl: string): Promise<SubjectRun> {
  if (subject === 'parse-floor' || subject === 'scan-floor') {
    const floor = subject === 'parse-floor' ? 'parse' : 'scan';
    return { run: () => measureListFloor(floor, serverUrl, 500), stop: async () => {} };
  }
  if (subject === 'client-node') {
    const k8s = (await import(process.env['BENCH_CLIENT_NODE_URL'] as string)) as ClientNodeModule;
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'bench', server: serverUrl, skipTLSVerify: true }],
      users: [{ name: 'bench' }],
      contexts: [{ name: 'bench', cluster: 'bench', user: 'bench' }],
      currentContext: 'bench',
    });
    const api = kc.makeApiClient(k8s.CustomObjectsApi);
    // client-node's documented informer for a custom resource: its list function, its path.
    const informer = k8s.makeInformer(kc, '/apis/eci.alibabacloud.com/v1/imagecaches', () =>
      api.listClusterCustomObject({ group: 'eci.alibabacloud.com', version: 'v1', plural: 'imagecaches' }),
    );
    return {
      run: async () => {
        await informer.start();
        return informer.list().length;
      },
      stop: () => informer.stop(),
    };
  }
  const sdk = await loadClient();
  if (typeof sdk === 'string') throw new Error(sdk);
  const client = new sdk.ImageCacheClient({ server: serverUrl });
  const informer = client.informer({ syncMode: subject === 'ours-list' ? 'list' : 'watch-list' });
  return {
    run: async () => {
      informer.start();
      await informer.waitForSync();
      // `size` counts without reading: a cache is parsed on its first read, timed apart below.
      return informer.size;
    },
    readAll: () => informer.list().length,
    stop: async () => {
      await informer.stop();
      client.close();
    },
  };
}

/** The highest RSS seen while sampling every 2 ms. */
class RssPeak {
  peak = process.memoryUsage.rss();
  #timer: NodeJS.Timeout | undefined;
  readonly sample = (): void => {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
  };
  start(): void {
    this.#timer = setInterval(this.sample, 2);
  }
  stop(): void {
    clearInterval(this.#timer);
    this.sample();
  }
}

/** Times `subjectRun.readAll()` (ours: every cache parsed on its first read), still sampling RSS. */
function timeReadAll(
  subjectRun: SubjectRun,
  subject: InformerSubject,
  expected: number,
  rss: RssPeak,
): Pick<InformerProbeResult, 'readAllMs' | 'peakRssAfterRead'> {
  if (!subjectRun.readAll) return {};
  rss.start();
  const start = nowMs();
  const read = subjectRun.readAll();
  const readAllMs = nowMs() - start;
  rss.stop();
  if (read !== expected) throw new Error(`${subject} read ${read} caches, the server holds ${expected}`);
  return { readAllMs, peakRssAfterRead: rss.peak };
}

async function probe(): Promise<InformerProbeResult> {
  const serverUrl = process.env['BENCH_SERVER_URL'];
  const expected = Number(process.env['BENCH_LIST_COUNT']);
  const subject = process.env['BENCH_INFORMER_SUBJECT'] as InformerSubject;
  if (!serverUrl || !Number.isInteger(expected) || !subject) throw new Error('BENCH_SERVER_URL, BENCH_LIST_COUNT and BENCH_INFORMER_SUBJECT are required');
  const subjectRun = await syncOnce(subject, serverUrl);
  const rss = new RssPeak();
  const baselineRss = rss.peak;
  rss.start();
  const start = nowMs();
  const count = await subjectRun.run();
  const elapsedMs = nowMs() - start;
  rss.stop();
  const peakRss = rss.peak;
  if (count !== expected) throw new Error(`${subject} synced ${count} caches, the server holds ${expected}`);
  const read = timeReadAll(subjectRun, subject, expected, rss);
  await subjectRun.stop();
  return { subject, count, elapsedMs, baselineRss, peakRss, maxRss: process.resourceUsage().maxRSS * 1024, ...read };
}

reportProbe(probe());
