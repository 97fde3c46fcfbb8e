// Events travel through the watch in batches, one per received chunk. What could break: an event
// lost or repeated at a chunk's edges, a failure that swallows the events before it on the same
// chunk, a resume from a point past events nobody saw, a stream left open by a consumer that stops
// in the middle of a batch.
import type { ServerResponse } from 'node:http';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ImageCacheClientOptions, WatchStreamEvent } from '../../src/client/index.js';
import { readJsonLineBatches, readJsonLines, type JsonLinesOptions } from '../../src/client/json-lines.js';
import { listOf, statusOf, watchLine, withStatus } from './helpers/fixtures.js';
import { clientPerTest } from './helpers/client-per-test.js';
import type { TestServer } from './helpers/test-server.js';

const request = { method: 'GET', path: '/apis/eci.alibabacloud.com/v1/imagecaches' } as const;
const options: JsonLinesOptions = {
  request,
  maxLineLength: 1024,
  idleTimeoutMs: 60_000,
  onIdle: () => new Error('idle'),
  scrub: (text) => text,
};

/** A byte stream that delivers exactly these chunks, one per read. */
const chunks = (...parts: (string | Buffer)[]): Readable => Readable.from(parts.map((part) => Buffer.from(part)));

/** Every batch, and the error that ended the iteration (if one did). */
async function batchesOf(stream: Readable, overrides: Partial<JsonLinesOptions> = {}): Promise<{ batches: unknown[][]; error: unknown }> {
  const batches: unknown[][] = [];
  try {
    for await (const batch of readJsonLineBatches(stream, { ...options, ...overrides })) batches.push(batch);
    return { batches, error: undefined };
  } catch (error) {
    return { batches, error };
  }
}

describe('readJsonLineBatches', () => {
  it('yields one batch per chunk with each of its complete lines once, in order; a line split across chunks comes whole in the batch of the chunk that ends it', async () => {
    const e = Buffer.from('{"a":"é"}\n');
    const split = e.indexOf(0xc3) + 1; // inside the two bytes of é
    const stream = chunks('{"a":1}\n{"a":2}\n\n  \n{"a":3}\n{"a":', '4}\n{"a":5}\n{"a":6}\n{"a', '":7}\n', e.subarray(0, split), e.subarray(split), '{"a":8}');
    const { batches, error } = await batchesOf(stream);
    expect(error).toBeUndefined();
    expect(batches).toEqual([[{ a: 1 }, { a: 2 }, { a: 3 }], [{ a: 4 }, { a: 5 }, { a: 6 }], [{ a: 7 }], [{ a: 'é' }], [{ a: 8 }]]);
  });

  it('a bad line in the middle of a chunk: the lines before it come first, then the error, nothing after it; the stream is destroyed', async () => {
    const stream = chunks('{"a":1}\n{"a":2}\n{nope\n{"a":3}\n', '{"a":4}\n');
    const { batches, error } = await batchesOf(stream);
    expect(batches).toEqual([[{ a: 1 }, { a: 2 }]]);
    expect(error).toMatchObject({ name: 'KubernetesResponseError', problem: 'not-json' });
    expect(stream.destroyed).toBe(true);
  });

  it('a chunk that leaves a partial line over the limit: its complete lines come first, then the error', async () => {
    const { batches, error } = await batchesOf(chunks(`{"a":1}\n${'x'.repeat(200)}`), { maxLineLength: 100 });
    expect(batches).toEqual([[{ a: 1 }]]);
    expect(error).toMatchObject({ name: 'KubernetesResponseError', problem: 'not-json' });
  });

  it('a stream cut in the middle of the last line is truncated, after the batch before it', async () => {
    const { batches, error } = await batchesOf(chunks('{"a":1}\n{"a":'));
    expect(batches).toEqual([[{ a: 1 }]]);
    expect(error).toMatchObject({ name: 'KubernetesResponseError', problem: 'truncated' });
  });

  it('the idle timer does not run while the consumer holds a batch', async () => {
    const stream = chunks('{"a":1}\n{"a":2}\n', '{"a":3}\n');
    const seen: unknown[] = [];
    for await (const batch of readJsonLineBatches(stream, { ...options, idleTimeoutMs: 20 })) {
      await new Promise((resolve) => setTimeout(resolve, 80));
      seen.push(...batch);
    }
    expect(seen).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
  });

  it('a consumer that stops in the middle of a batch (readJsonLines, break) destroys the stream', async () => {
    const stream = new PassThrough();
    stream.write('{"a":1}\n{"a":2}\n{"a":3}\n');
    const seen: unknown[] = [];
    for await (const value of readJsonLines(stream, options)) {
      seen.push(value);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual([{ a: 1 }, { a: 2 }]);
    expect(stream.destroyed).toBe(true);
  });

  it('a consumer that returns between batches destroys the stream', async () => {
    const stream = new PassThrough();
    stream.write('{"a":1}\n{"a":2}\n');
    const batches = readJsonLineBatches(stream, options);
    expect((await batches.next()).value).toEqual([{ a: 1 }, { a: 2 }]);
    await batches.return();
    expect(stream.destroyed).toBe(true);
  });
});

const FAST: ImageCacheClientOptions = {
  retry: { baseDelayMs: 1, maxDelayMs: 2 },
  watchRetry: { retries: 3, baseDelayMs: 1, maxDelayMs: 2 },
};

/** Starts a chunked watch response. */
function begin(res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
}

const added = (rv: number): string => watchLine('ADDED', withStatus(`c${rv}`, String(rv), 'Pending'));
const lines = (from: number, to: number): string => Array.from({ length: to - from + 1 }, (_, i) => added(from + i)).join('');
const versionOf = (event: WatchStreamEvent): string | undefined =>
  event.type === 'BOOKMARK' || event.type === 'RELISTED' ? event.type : event.object.metadata.resourceVersion;

function watchVersions(server: TestServer | undefined): (string | null)[] {
  return (server?.requests ?? []).filter((r) => r.query.get('watch') === 'true').map((r) => r.query.get('resourceVersion'));
}

const later = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('watch() over batches', () => {
  const open = clientPerTest(FAST);

  async function collect(count: number, resourceVersion: string): Promise<WatchStreamEvent[]> {
    const controller = new AbortController();
    const events: WatchStreamEvent[] = [];
    for await (const event of open.client!.watch({ resourceVersion, signal: controller.signal })) {
      events.push(event);
      if (events.length === count) controller.abort();
    }
    return events;
  }

  it('many events in one write, a partial line, an event split across writes: each once, in order, and the resume starts after the last', async () => {
    await open.start(async (_req, res, index) => {
      begin(res);
      if (index > 0) return void res.write(added(40));
      const last = added(32);
      res.write(`${lines(11, 30)}${added(31).slice(0, 25)}`);
      await later(20);
      res.write(`${added(31).slice(25)}${last.slice(0, 10)}`);
      await later(20);
      res.end(last.slice(10));
    });
    const events = await collect(23, '10');
    expect(events.map(versionOf)).toEqual([...Array.from({ length: 22 }, (_, i) => String(11 + i)), '40']);
    expect(watchVersions(open.server)).toEqual(['10', '32']);
  });

  it('a consumer that breaks in the middle of a batch gets exactly the events it took, and the connection closes', async () => {
    let closed = false;
    await open.start((_req, res) => {
      res.on('close', () => (closed = true));
      begin(res);
      res.write(lines(11, 20));
    });
    const seen: WatchStreamEvent[] = [];
    for await (const event of open.client!.watch({ resourceVersion: '10' })) {
      seen.push(event);
      if (seen.length === 3) break;
    }
    expect(seen.map(versionOf)).toEqual(['11', '12', '13']);
    for (let i = 0; i < 200 && !closed; i++) await later(5);
    expect(closed).toBe(true);
    expect(open.server?.requests).toHaveLength(1);
  });

  it('an ERROR 410 in the middle of a chunk: the events before it, then RELISTED, and nothing after it from that stream', async () => {
    await open.start((req, res) => {
      if (req.query.get('watch') !== 'true') return void res.end(JSON.stringify(listOf([withStatus('x', '90', 'Ready')], { resourceVersion: '100' })));
      begin(res);
      if (req.query.get('resourceVersion') === '10') {
        res.end(`${lines(11, 12)}${watchLine('ERROR', statusOf(410, 'Expired', 'too old'))}${added(13)}`);
      } else res.write(added(101));
    });
    const events = await collect(4, '10');
    expect(events.map(versionOf)).toEqual(['11', '12', 'RELISTED', '101']);
    expect(watchVersions(open.server)).toEqual(['10', '100']);
  });

  it('a garbled line in the middle of a chunk: the events before it, then a resume from the last of them', async () => {
    await open.start((req, res) => {
      begin(res);
      if (req.query.get('resourceVersion') === '10') res.write(`${lines(11, 12)}{"type":"ADDED","object":{nope\n${added(13)}`);
      else res.write(lines(Number(req.query.get('resourceVersion')) + 1, 14));
    });
    const events = await collect(4, '10');
    expect(events.map(versionOf)).toEqual(['11', '12', '13', '14']);
    expect(watchVersions(open.server)).toEqual(['10', '12']);
  });
});
