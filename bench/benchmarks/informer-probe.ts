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

async function syncOnce(subject: InformerSubject, serverUrl: string): Promise<{ run: () => Promise<number>; stop: () => Promise<void> }> {
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
      return informer.list().length;
    },
    stop: async () => {
      await informer.stop();
      client.close();
    },
  };
}

async function probe(): Promise<InformerProbeResult> {
  const serverUrl = process.env['BENCH_SERVER_URL'];
  const expected = Number(process.env['BENCH_LIST_COUNT']);
  const subject = process.env['BENCH_INFORMER_SUBJECT'] as InformerSubject;
  if (!serverUrl || !Number.isInteger(expected) || !subject) throw new Error('BENCH_SERVER_URL, BENCH_LIST_COUNT and BENCH_INFORMER_SUBJECT are required');
  const subjectRun = await syncOnce(subject, serverUrl);
  const baselineRss = process.memoryUsage.rss();
  let peakRss = baselineRss;
  const sample = (): void => {
    const rss = process.memoryUsage.rss();
    if (rss > peakRss) peakRss = rss;
  };
  const sampler = setInterval(sample, 2);
  const start = nowMs();
  const count = await subjectRun.run();
  const elapsedMs = nowMs() - start;
  clearInterval(sampler);
  sample();
  if (count !== expected) throw new Error(`${subject} synced ${count} caches, the server holds ${expected}`);
  await subjectRun.stop();
  return { subject, count, elapsedMs, baselineRss, peakRss, maxRss: process.resourceUsage().maxRSS * 1024 };
}

reportProbe(probe());
