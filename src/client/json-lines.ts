import type { Readable } from 'node:stream';
import { KubernetesResponseError, type RequestIdentity } from './errors.js';
import { excerptOf, type Scrub } from './redaction.js';

/** Options of {@link readJsonLineBatches} and {@link readJsonLines}. */
export interface JsonLinesOptions {
  /** The request the stream answers, for error messages. */
  readonly request: RequestIdentity;
  /** Longest line accepted, in bytes; a watch event is one object, so this bounds memory. */
  readonly maxLineLength: number;
  /** Milliseconds without a byte after which the stream is destroyed with `onIdle()`'s error. */
  readonly idleTimeoutMs: number;
  /** The error an idle stream is destroyed with. */
  readonly onIdle: () => Error;
  /** The client's scrubber, applied to any line quoted in an error. */
  readonly scrub: Scrub;
  /** Reads a line's bytes another way than JSON.parse (the informer's scan); undefined means parse it as JSON after all. */
  readonly decode?: ((line: Uint8Array) => unknown) | undefined;
}

const NEWLINE = 0x0a;

/** True for a line of nothing but JSON whitespace (a keep-alive), which carries no event. */
function isBlank(line: Uint8Array): boolean {
  for (let i = 0; i < line.length; i++) {
    const byte = line[i];
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return false;
  }
  return true;
}

/**
 * Parses a newline-delimited JSON stream incrementally, yielding the values of each received
 * chunk's complete lines as one array (never empty), in order. Holds at most one partial line
 * beyond the chunk at hand. Lines are split on the bytes and decoded one by one, so a character
 * split across chunks decodes whole. The idle timer runs only while waiting for bytes, not while
 * the consumer handles a batch. A line that fails to parse ends the stream with its error, after
 * the batch of the lines before it on the same chunk. The stream is destroyed when iteration ends
 * in any way.
 *
 * One batch per chunk makes the per-line cost of the async iteration a per-chunk cost: a
 * streaming list's tens of thousands of events come in a few hundred chunks.
 *
 * @example
 * ```ts
 * for await (const values of readJsonLineBatches(stream, { request, maxLineLength: 1 << 24, idleTimeoutMs: 60_000, onIdle })) {
 *   for (const value of values) console.log(value);
 * }
 * ```
 */
export async function* readJsonLineBatches(stream: Readable, options: JsonLinesOptions): AsyncGenerator<unknown[], void, undefined> {
  let idleTimer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    idleTimer = setTimeout(() => stream.destroy(options.onIdle()), options.idleTimeoutMs);
  };
  const disarm = (): void => clearTimeout(idleTimer);
  const malformed = (line: string, truncated: boolean): KubernetesResponseError =>
    new KubernetesResponseError({
      ...options.request,
      problem: truncated ? 'truncated' : 'not-json',
      statusCode: 200,
      excerpt: excerptOf(line, options.scrub),
      detail: truncated ? 'the watch stream ended in the middle of an event' : 'a watch event is not JSON',
    });

  // The current partial line as the chunks it came in, so a long line is copied once when it
  // is complete instead of rescanned and recopied on every chunk (which made it quadratic).
  let parts: Buffer[] = [];
  let partsLength = 0;
  const parse = (line: Buffer, truncated: boolean): unknown => {
    const decoded = options.decode?.(line);
    if (decoded !== undefined) return decoded;
    const text = line.toString('utf8');
    try {
      return JSON.parse(text);
    } catch {
      throw malformed(text, truncated);
    }
  };
  arm();
  try {
    for await (const received of stream as AsyncIterable<Buffer | string>) {
      disarm();
      const chunk = typeof received === 'string' ? Buffer.from(received) : received;
      const values: unknown[] = [];
      let failure: { readonly error: unknown } | undefined;
      let start = 0;
      let newline = chunk.indexOf(NEWLINE, start);
      while (newline !== -1) {
        const line = partsLength === 0 ? chunk.subarray(start, newline) : Buffer.concat([...parts, chunk.subarray(start, newline)]);
        parts = [];
        partsLength = 0;
        start = newline + 1;
        if (!isBlank(line)) {
          try {
            values.push(parse(line, false));
          } catch (error) {
            failure = { error };
            break;
          }
        }
        newline = chunk.indexOf(NEWLINE, start);
      }
      // The lines before a bad one are delivered first, as they would be one at a time.
      if (values.length > 0) yield values;
      if (failure) throw failure.error;
      if (start < chunk.length) {
        parts.push(start === 0 ? chunk : chunk.subarray(start));
        partsLength += chunk.length - start;
      }
      if (partsLength > options.maxLineLength) throw malformed((parts[0] ?? Buffer.alloc(0)).toString('utf8'), false);
      arm();
    }
    const rest = Buffer.concat(parts);
    // Servers end every event with a newline; anything left is an event cut short.
    if (!isBlank(rest)) yield [parse(rest, true)];
  } finally {
    disarm();
    stream.destroy();
  }
}

/**
 * {@link readJsonLineBatches} one value at a time, with the same guarantees.
 *
 * @example
 * ```ts
 * for await (const event of readJsonLines(stream, { request, maxLineLength: 1 << 24, idleTimeoutMs: 60_000, onIdle })) {
 *   console.log(event);
 * }
 * ```
 */
export async function* readJsonLines(stream: Readable, options: JsonLinesOptions): AsyncGenerator<unknown, void, undefined> {
  for await (const values of readJsonLineBatches(stream, options)) {
    for (const value of values) yield value;
  }
}
