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

  let pending = '';
  stream.setEncoding('utf8');
  arm();
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      disarm();
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline !== -1) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line.trim() !== '') {
          let value: unknown;
          try {
            value = JSON.parse(line);
          } catch {
            throw malformed(line, false);
          }
          yield value;
        }
        newline = pending.indexOf('\n');
      }
      if (pending.length > options.maxLineLength) throw malformed(pending, false);
      arm();
    }
    if (pending.trim() !== '') {
      // Servers end every event with a newline; anything left is an event cut short.
      let last: unknown;
      try {
        last = JSON.parse(pending);
      } catch {
        throw malformed(pending, true);
      }
      yield last;
    }
  } finally {
    disarm();
    stream.destroy();
  }
}
