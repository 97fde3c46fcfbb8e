/**
 * Issue item 7, waiting: `waitForReady` latency from the status write to resolution, under 50 ms
 * median, driven by watch; against a polling baseline (get() every 100 ms). Reports how many HTTP
 * requests each makes.
 * @packageDocumentation
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { progress, runBenchmark, scaled } from '../harness/benchmark.js';
import { skippedReport, type MetricRow } from '../harness/report.js';
import { loadClient, sdkOrigin, type ClientSdk } from '../harness/sdk.js';
import { median, nowMs, percentile, summarize } from '../harness/stats.js';
import type { EmulatorHostMessage } from '../servers/emulator-host.js';
import { seededRandom } from '../fixtures/random.js';

const ID = 'wait';
const TITLE = 'Waiting (waitForReady)';
const COLLECTION = '/apis/eci.alibabacloud.com/v1/imagecaches';
/** The polling baseline's interval. */
const POLL_INTERVAL_MS = 100;
/**
 * How long each waiter waits before the status is written: long enough for the watch to be open.
 * A seeded offset of up to one poll interval is added, or the write would always land just before
 * a poll and flatter the polling baseline.
 */
const WAIT_BEFORE_WRITE_MS = 300;
const HOST = fileURLToPath(new URL('../servers/emulator-host.ts', import.meta.url));

type Client = InstanceType<ClientSdk['ImageCacheClient']>;

/** One trial: milliseconds from just before the status write to the waiter resolving, and requests the waiter sent. */
interface Trial {
  readonly latencyMs: number;
  readonly requests: number;
}

async function startEmulatorHost(): Promise<{ url: string; stop: () => Promise<void> } | string> {
  const child = fork(HOST, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const message = await new Promise<EmulatorHostMessage>((resolve, reject) => {
    child.once('message', (m: EmulatorHostMessage) => resolve(m));
    child.once('exit', (code) => reject(new Error(`emulator host exited with code ${code} before it was ready`)));
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.disconnect();
    await exited;
  };
  if (message.type === 'unavailable') {
    await stop();
    return message.reason;
  }
  return { url: message.url, stop };
}

// The controller's part, done by hand: a merge patch on the status subresource.
async function writeReady(url: string, name: string): Promise<void> {
  const response = await fetch(`${url}${COLLECTION}/${name}/status`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/merge-patch+json' },
    body: JSON.stringify({ status: { phase: 'Ready', progress: '100%', imageCacheId: `imc-${name}` } }),
  });
  if (!response.ok) throw new Error(`status write for ${name} answered ${response.status}: ${await response.text()}`);
}

async function pollUntilReady(client: Client, name: string): Promise<void> {
  for (;;) {
    const cache = await client.get(name);
    if (cache.status?.phase === 'Ready') return;
    await sleep(POLL_INTERVAL_MS);
  }
}

async function trial(
  url: string,
  writer: Client,
  counter: { requests: number },
  name: string,
  delayMs: number,
  wait: (name: string) => Promise<unknown>,
): Promise<Trial> {
  await writer.create({ metadata: { name }, spec: { images: ['nginx:1.25'] } });
  counter.requests = 0;
  let resolvedAt = 0;
  const waiting = wait(name).then(() => {
    resolvedAt = nowMs();
  });
  await sleep(delayMs);
  if (resolvedAt !== 0) throw new Error(`${name} resolved before its status was written`);
  const writeAt = nowMs();
  await writeReady(url, name);
  await waiting;
  const result = { latencyMs: resolvedAt - writeAt, requests: counter.requests };
  await writer.delete(name);
  return result;
}

await runBenchmark(ID, TITLE, async () => {
  const sdk = await loadClient();
  if (typeof sdk === 'string') return skippedReport(ID, TITLE, sdk);
  const host = await startEmulatorHost();
  if (typeof host === 'string') return skippedReport(ID, TITLE, host);
  try {
    const counter = { requests: 0 };
    const counting = { hooks: { onRequest: () => void counter.requests++ } };
    const writer = new sdk.ImageCacheClient({ server: host.url });
    const waiter = new sdk.ImageCacheClient({ server: host.url }, counting);
    const trials = scaled(15, 3);
    const results: Record<'watch' | 'poll', Trial[]> = { watch: [], poll: [] };
    const byWatch = (name: string): Promise<unknown> => waiter.waitForReady(name, { timeoutMs: 30_000 });
    const byPolling = (name: string): Promise<unknown> => pollUntilReady(waiter, name);
    const random = seededRandom(7);
    // Warm-up of both paths, discarded.
    await trial(host.url, writer, counter, 'warm-watch', WAIT_BEFORE_WRITE_MS, byWatch);
    await trial(host.url, writer, counter, 'warm-poll', WAIT_BEFORE_WRITE_MS, byPolling);
    for (let i = 0; i < trials; i++) {
      // Both get the same delay in a trial, so neither is luckier with the poll phase.
      const delayMs = WAIT_BEFORE_WRITE_MS + random.next() * POLL_INTERVAL_MS;
      const order = i % 2 === 0 ? (['watch', 'poll'] as const) : (['poll', 'watch'] as const);
      for (const how of order) {
        results[how].push(await trial(host.url, writer, counter, `${how}-${i}`, delayMs, how === 'watch' ? byWatch : byPolling));
      }
      progress(ID, `trial ${i + 1}/${trials}`);
    }
    writer.close();
    waiter.close();

    const latency = (how: 'watch' | 'poll'): number[] => results[how].map((t) => t.latencyMs);
    const requests = (how: 'watch' | 'poll'): number => median(results[how].map((t) => t.requests));
    const rows: MetricRow[] = [
      {
        metric: `status write to resolution, median of ${trials}`,
        unit: 'ms',
        ours: median(latency('watch')),
        anchorName: `get() every ${POLL_INTERVAL_MS} ms`,
        anchor: median(latency('poll')),
        target: { kind: 'value-below', limit: 50 },
      },
      {
        metric: 'status write to resolution, p95',
        unit: 'ms',
        ours: percentile(latency('watch'), 95),
        anchorName: `get() every ${POLL_INTERVAL_MS} ms`,
        anchor: percentile(latency('poll'), 95),
      },
      {
        metric: `HTTP requests per wait (${WAIT_BEFORE_WRITE_MS}-${WAIT_BEFORE_WRITE_MS + POLL_INTERVAL_MS} ms before Ready; median)`,
        unit: 'req',
        ours: requests('watch'),
        anchorName: `get() every ${POLL_INTERVAL_MS} ms`,
        anchor: requests('poll'),
      },
    ];
    return {
      id: ID,
      title: TITLE,
      status: 'ok',
      rows,
      notes: [
        "The SDK's emulator (controller disabled) runs in its own process on 127.0.0.1. Per trial: create a cache, start waiting, after " +
          `${WAIT_BEFORE_WRITE_MS} ms plus a seeded 0-${POLL_INTERVAL_MS} ms (the same for both in a trial) write status Ready with a merge patch to /status (the controller's write), and time from just before that write until the wait resolves.`,
        `ours: \`waitForReady(name)\` (one GET, then a watch on that object). Baseline: a loop of \`get(name)\` every ${POLL_INTERVAL_MS} ms until Ready. Requests counted with the client's onRequest hook (every attempt, watch connections included).`,
        `Over a real build (minutes), polling every ${POLL_INTERVAL_MS} ms sends ${Math.round(60_000 / POLL_INTERVAL_MS)} requests per minute; the watch sends its GET and one watch request, then one reconnect per server timeout (300 s by default).`,
        `Trials alternate which of the two goes first. SDK loaded from ${sdkOrigin()}.`,
      ],
      raw: { watch: summarize(latency('watch')), poll: summarize(latency('poll')), trials: results },
    };
  } finally {
    await host.stop();
  }
});
