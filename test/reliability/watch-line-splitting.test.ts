import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readJsonLines } from '../../src/client/json-lines.js';

const request = { method: 'GET', path: '/apis/eci.alibabacloud.com/v1/imagecaches' } as const;
const options = { request, maxLineLength: 16 * 1024 * 1024, idleTimeoutMs: 60_000, onIdle: () => new Error('idle'), scrub: (text: string) => text };

/** Bytes `indexOf` looked at on long buffers while `run` ran: the splitter's scanning work. */
async function scannedBytes(run: () => Promise<void>): Promise<number> {
  const original = Buffer.prototype.indexOf;
  let scanned = 0;
  const spy = vi.spyOn(Buffer.prototype, 'indexOf').mockImplementation(function (this: Buffer, ...args: unknown[]) {
    const [search, from] = args as [number, number | undefined];
    const found = original.call(this, search, from);
    // A search looks from `from` to the match, or to the end when there is none.
    if (this.length > 4096) scanned += (found === -1 ? this.length : found + 1) - Math.max(0, from ?? 0);
    return found;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return scanned;
}

function chunked(text: string, size: number): Readable {
  const buffer = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < buffer.length; offset += size) chunks.push(buffer.subarray(offset, offset + size));
  return Readable.from(chunks, { objectMode: false });
}

async function readAll(stream: Readable): Promise<unknown[]> {
  const values: unknown[] = [];
  for await (const value of readJsonLines(stream, options)) values.push(value);
  return values;
}

describe('watch line splitting is linear in the bytes received', () => {
  afterEach(() => vi.restoreAllMocks());

  it('an 8 MB event in 16 KB chunks is scanned about once, not once per chunk', async () => {
    const big = JSON.stringify({ type: 'ADDED', object: { padding: 'x'.repeat(8 * 1024 * 1024) } });
    const text = `${big}\n{"type":"DELETED"}\n`;
    let values: unknown[] = [];
    const scanned = await scannedBytes(async () => {
      values = await readAll(chunked(text, 16 * 1024));
    });
    expect(values).toHaveLength(2);
    expect((values[0] as { object: { padding: string } }).object.padding).toHaveLength(8 * 1024 * 1024);
    // Rescanning the pending line per chunk looked at ~512 * 4 MB; linear splitting at ~8 MB.
    expect(scanned).toBeLessThan(2 * text.length);
  });

  it('many small events in one chunk: each byte is scanned about once', async () => {
    const line = `${JSON.stringify({ type: 'MODIFIED', object: { n: 'y'.repeat(100) } })}\n`;
    const text = line.repeat(20_000);
    let values: unknown[] = [];
    const scanned = await scannedBytes(async () => {
      values = await readAll(chunked(text, text.length));
    });
    expect(values).toHaveLength(20_000);
    expect(scanned).toBeLessThan(2 * text.length);
  });

  it('events split across chunks, blank lines and a final event without newline still parse', async () => {
    const text = '{"a":1}\n\n  \n{"b":"é😀"}\n{"c":3}';
    for (const size of [1, 2, 3, 5, 64]) {
      expect(await readAll(chunked(text, size))).toEqual([{ a: 1 }, { b: 'é😀' }, { c: 3 }]);
    }
  });

  it('a partial line longer than the limit is rejected without being parsed', async () => {
    const stream = chunked('x'.repeat(300_000), 1024);
    const error = await (async () => {
      for await (const _ of readJsonLines(stream, { ...options, maxLineLength: 100_000 })) {
        // nothing
      }
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'KubernetesResponseError', problem: 'not-json' });
  });
});
