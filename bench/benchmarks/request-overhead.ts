/**
 * Issue item 3, request overhead: sequential `get()` on loopback against one local server. At
 * least 1.2x the throughput of `@kubernetes/client-node`'s `getClusterCustomObject`, and at least
 * 0.9x plain axios with the same keep-alive agent (validation, error mapping and retry wrapping
 * cost at most 10%).
 * @packageDocumentation
 */
import { Agent } from 'node:http';
import axios from 'axios';
import { ensureClientNode } from '../harness/anchors.js';
import { progress, runBenchmark, scaled } from '../harness/benchmark.js';
import { skippedReport, type MetricRow } from '../harness/report.js';
import { loadClient, sdkOrigin } from '../harness/sdk.js';
import { median, nowMs, rotate, summarize } from '../harness/stats.js';
import { startApiServer, type ServerStats } from '../servers/protocol.js';

const ID = 'request';
const TITLE = 'Request overhead';
const GROUP = 'eci.alibabacloud.com';
const VERSION = 'v1';
const PLURAL = 'imagecaches';

/** One way of fetching the ImageCache; resolves with its name so every subject proves it parsed the body. */
interface Subject {
  readonly key: 'ours' | 'axios' | 'client-node';
  readonly get: () => Promise<string | undefined>;
}

/** The part of `@kubernetes/client-node` 1.x this benchmark calls; it is not a dependency, so no types. */
interface ClientNodeModule {
  KubeConfig: new () => { loadFromOptions(options: unknown): void; makeApiClient<T>(api: new (...args: never[]) => T): T };
  CustomObjectsApi: new (
    ...args: never[]
  ) => { getClusterCustomObject(request: { group: string; version: string; plural: string; name: string }): Promise<unknown> };
}

function nameOf(body: unknown): string | undefined {
  return (body as { metadata?: { name?: string } } | undefined)?.metadata?.name;
}

await runBenchmark(ID, TITLE, async () => {
  const client = await loadClient();
  if (typeof client === 'string') return skippedReport(ID, TITLE, client);
  const anchor = ensureClientNode();
  const k8s = (await import(anchor.entryUrl)) as ClientNodeModule;
  const server = await startApiServer();
  try {
    const name = server.itemName;
    // The agent our client builds for itself: keep-alive with TCP probes (src/client/transport/agents.ts).
    const agent = new Agent({ keepAlive: true, keepAliveMsecs: 30_000 });
    const ours = new client.ImageCacheClient({ server: server.baseUrl }, { httpAgent: agent });
    const plain = axios.create({ baseURL: server.baseUrl, httpAgent: agent });
    const kubeConfig = new k8s.KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'bench', server: server.baseUrl, skipTLSVerify: true }],
      users: [{ name: 'bench' }],
      contexts: [{ name: 'bench', cluster: 'bench', user: 'bench' }],
      currentContext: 'bench',
    });
    const customObjects = kubeConfig.makeApiClient(k8s.CustomObjectsApi);
    const path = `/apis/${GROUP}/${VERSION}/${PLURAL}/${name}`;

    const subjects: Subject[] = [
      { key: 'ours', get: async () => (await ours.get(name)).metadata.name },
      { key: 'axios', get: async () => nameOf((await plain.get<unknown>(path)).data) },
      { key: 'client-node', get: async () => nameOf(await customObjects.getClusterCustomObject({ group: GROUP, version: VERSION, plural: PLURAL, name })) },
    ];
    for (const subject of subjects) {
      const got = await subject.get();
      if (got !== name) throw new Error(`${subject.key} returned an object named ${String(got)}, expected ${name}`);
    }

    const requestsPerRound = scaled(1_000, 100);
    const rounds = scaled(7, 2);
    const rates = new Map<Subject['key'], number[]>(subjects.map((s) => [s.key, []]));
    const connections = new Map<Subject['key'], ServerStats[]>(subjects.map((s) => [s.key, []]));
    const runRound = async (subject: Subject): Promise<number> => {
      const start = nowMs();
      for (let i = 0; i < requestsPerRound; i++) await subject.get();
      return (requestsPerRound * 1000) / (nowMs() - start);
    };
    // Warm-up: JIT, and each subject's connection pool.
    for (const subject of subjects) await runRound(subject);
    for (let round = 0; round < rounds; round++) {
      for (const subject of rotate(subjects, round)) {
        await server.reset();
        rates.get(subject.key)!.push(await runRound(subject));
        connections.get(subject.key)!.push(await server.stats());
      }
      progress(ID, `round ${round + 1}/${rounds}`);
    }
    ours.close();
    agent.destroy();

    const rate = (key: Subject['key']): number => median(rates.get(key)!);
    const connectionsPerRound = (key: Subject['key']): number => median(connections.get(key)!.map((s) => s.connections));
    const n = `median of ${rounds} rounds of ${requestsPerRound}`;
    const rows: MetricRow[] = [
      {
        metric: `get() sequential (${n})`,
        unit: 'req/s',
        ours: rate('ours'),
        anchorName: anchor.label,
        anchor: rate('client-node'),
        target: { kind: 'ratio-at-least', limit: 1.2 },
      },
      {
        metric: `get() sequential (${n})`,
        unit: 'req/s',
        ours: rate('ours'),
        anchorName: 'plain axios, same agent',
        anchor: rate('axios'),
        target: { kind: 'ratio-at-least', limit: 0.9 },
      },
      { metric: 'time per get()', unit: 'µs', ours: 1e6 / rate('ours'), anchorName: 'plain axios, same agent', anchor: 1e6 / rate('axios') },
      {
        metric: `TCP connections opened per round of ${requestsPerRound}`,
        unit: 'conns',
        ours: connectionsPerRound('ours'),
        anchorName: anchor.label,
        anchor: connectionsPerRound('client-node'),
      },
    ];
    return {
      id: ID,
      title: TITLE,
      status: 'ok',
      rows,
      notes: [
        `A node:http server in a separate process on 127.0.0.1 answers GET .../imagecaches/${name} with a fixed ${server.itemBytes}-byte ImageCache (3 images, status with events); keep-alive timeout 60 s.`,
        'ours: `new ImageCacheClient({ server }, { httpAgent })`; plain axios: `axios.create({ baseURL, httpAgent })` with the same http.Agent({ keepAlive: true, keepAliveMsecs: 30000 }) and default JSON parsing; client-node: `KubeConfig.loadFromOptions` + `makeApiClient(CustomObjectsApi).getClusterCustomObject({ group, version, plural, name })`, as users configure it.',
        `One warm-up round per subject, then subjects rotated each round; each request awaited before the next. SDK loaded from ${sdkOrigin()}.`,
      ],
      raw: Object.fromEntries(subjects.map((s) => [s.key, { reqPerSecond: summarize(rates.get(s.key)!), connections: connections.get(s.key) }])),
    };
  } finally {
    await server.stop();
  }
});
