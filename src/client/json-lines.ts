import type { Readable } from 'node:stream';
import { KubernetesResponseError, type RequestIdentity } from './errors.js';
import { excerptOf, type Scrub } from './redaction.js';

/** Options of {@link readJsonLines}. */
export interface JsonLinesOptions {
  /** The request the stream answers, for error messages. */
  readonly request: RequestIdentity;
  /** Longest line accepted; a watch event is one object, so this bounds memory. */
  readonly maxLineLength: number;
  /** Milliseconds without a byte after which the stream is destroyed with `onIdle()`'s error. */
  readonly idleTimeoutMs: number;
  /** The error an idle stream is destroyed with. */
  readonly onIdle: () => Error;
  /** The client's scrubber, applied to any line quoted in an error. */
  readonly scrub: Scrub;
  /** Reads a line another way than JSON.parse (the informer's scan); undefined means parse it as JSON after all. */
  readonly decode?: ((line: string) => unknown) | undefined;
}

/**
 * Parses a newline-delimited JSON stream incrementally, yielding one value per line. Holds at
 * most one partial line in memory. The idle timer runs only while waiting for bytes, not while
 * the consumer handles a value. The stream is destroyed when iteration ends in any way.
 *
 * @example
 * ```ts
 * for await (const event of readJsonLines(stream, { request, maxLineLength: 1 << 24, idleTimeoutMs: 60_000, onIdle })) {
 *   console.log(event);
 * }
 * ```
 */
export async function* readJsonLines(stream: Readable, options: JsonLinesOptions): AsyncGenerator<unknown, void, undefined> {
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
  let parts: string[] = [];
  let partsLength = 0;
  const parse = (line: string, truncated: boolean): unknown => {
    const decoded = options.decode?.(line);
    if (decoded !== undefined) return decoded;
    try {
      return JSON.parse(line);
    } catch {
      throw malformed(line, truncated);
    }
  };
  stream.setEncoding('utf8');
  arm();
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      disarm();
      let start = 0;
      let newline = chunk.indexOf('\n', start);
      while (newline !== -1) {
        const line = partsLength === 0 ? chunk.slice(start, newline) : parts.join('') + chunk.slice(start, newline);
        parts = [];
        partsLength = 0;
        start = newline + 1;
        if (line.trim() !== '') yield parse(line, false);
        newline = chunk.indexOf('\n', start);
      }
      if (start < chunk.length) {
        parts.push(start === 0 ? chunk : chunk.slice(start));
        partsLength += chunk.length - start;
      }
      if (partsLength > options.maxLineLength) throw malformed(parts[0] ?? '', false);
      arm();
    }
    const rest = parts.join('');
    // Servers end every event with a newline; anything left is an event cut short.
    if (rest.trim() !== '') yield parse(rest, true);
  } finally {
    disarm();
    stream.destroy();
  }
}
