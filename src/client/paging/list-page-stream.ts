/**
 * One list page read from its response stream: its items handed out one by one as the chunks arrive, each
 * checked as `list()` checks them, then the page's continue token. The loop that sends pages again
 * lives in `list-all.ts`; this reads one stream and turns every way it can fail into the client's
 * typed errors.
 * @packageDocumentation
 */
import type { Readable } from 'node:stream';
import { IMAGE_CACHE_LIST_KIND } from '../../types/constants.js';
import type { ImageCache } from '../../types/index.js';
import { expectListItem, type ResponseContext } from '../boundary.js';
import {
  ImageCacheClientError,
  KubernetesResponseError,
  RequestAbortedError,
  RequestTimeoutError,
  ResponseTooLargeError,
  type RequestIdentity,
} from '../errors.js';
import { excerptOf, type Scrub } from '../redaction.js';
import { networkFailure } from '../transport/responses.js';
import { isRecord } from '../../is-record.js';
import { ListBodyError, ListBodyReader } from './list-body-reader.js';

/** How one page is read. */
export interface ListPageOptions {
  readonly request: RequestIdentity;
  /** Milliseconds the page may spend waiting for the server's bytes in all (not counting the caller's time with items); 0 for no limit. */
  readonly timeoutMs: number;
  /** Largest body accepted, in bytes. */
  readonly maxResponseBytes: number;
  readonly scrub: Scrub;
  /** The client's secrets, for a network error's message. */
  readonly secrets: Iterable<string>;
  readonly signal?: AbortSignal | undefined;
}

/** What a page says after its items. */
export interface ListPageEnd {
  /** The token of the next page; undefined on the last. */
  readonly continue: string | undefined;
}

/**
 * One list page's stream, read as the caller asks: {@link more} waits for the next chunk, then
 * {@link next} hands out the items it completed one by one, and {@link end} gives the continue token
 * once the body is over. Every failure is one of the client's typed errors. Items come before a
 * fault found later in the same body (a bad item, a cut connection, a body that is no list).
 *
 * @example
 * ```ts
 * const page = new ListPageStream(stream, { request, timeoutMs: 30_000, maxResponseBytes: 1 << 28, scrub, secrets });
 * try {
 *   while (await page.more()) for (let item = page.next(); item; item = page.next()) console.log(item.metadata.name);
 *   console.log(page.end().continue);
 * } finally {
 *   page.close();
 * }
 * ```
 */
export class ListPageStream {
  readonly #stream: Readable;
  readonly #chunks: AsyncIterator<Buffer | string>;
  readonly #options: ListPageOptions;
  readonly #context: ResponseContext;
  readonly #reader = new ListBodyReader();
  #received = 0;
  #index = 0;
  /** What is left of the wait budget, in milliseconds. */
  #budgetLeft: number;

  constructor(stream: Readable, options: ListPageOptions) {
    this.#stream = stream;
    this.#chunks = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
    this.#options = options;
    this.#context = { ...options.request, statusCode: 200, scrub: options.scrub };
    this.#budgetLeft = options.timeoutMs;
  }

  /** Waits for the next chunk; false once the body is over (then {@link next} hands out the last items). */
  async more(): Promise<boolean> {
    let received: IteratorResult<Buffer | string>;
    try {
      received = await this.#waitForChunk();
    } catch (error) {
      throw this.#typed(error);
    }
    if (received.done) {
      this.#reader.close();
      return false;
    }
    const bytes = typeof received.value === 'string' ? Buffer.from(received.value) : received.value;
    this.#received += bytes.length;
    if (this.#received > this.#options.maxResponseBytes) {
      throw new ResponseTooLargeError({ ...this.#options.request, statusCode: 200, limitBytes: this.#options.maxResponseBytes });
    }
    this.#reader.push(bytes);
    return true;
  }

  /** The next item the bytes received complete, checked as `list()` checks a page's items; undefined when none does yet. */
  next(): ImageCache | undefined {
    // No closure here: this runs once per item, and the build names every closure it makes.
    let value: unknown;
    try {
      value = this.#reader.next();
    } catch (error) {
      throw this.#bodyFault(error);
    }
    if (value === undefined) return undefined;
    return expectListItem(value, this.#index++, this.#context);
  }

  /** Once {@link more} answered false and {@link next} undefined: the page's continue token. The body must have been an ImageCacheList with items. */
  end(): ListPageEnd {
    let fields: ReadonlyMap<string, unknown>;
    try {
      fields = this.#reader.fields();
    } catch (error) {
      throw this.#bodyFault(error);
    }
    if (fields.get('kind') !== IMAGE_CACHE_LIST_KIND || !this.#reader.hasItemsArray) {
      // fromEntries defines each key as its own property: a `__proto__` key is quoted, not followed.
      throw this.#notAList(JSON.stringify(Object.fromEntries(fields)));
    }
    const metadata = fields.get('metadata');
    const token = isRecord(metadata) ? metadata['continue'] : undefined;
    return { continue: typeof token === 'string' && token !== '' ? token : undefined };
  }

  /** Stops reading: the connection is closed. */
  close(): void {
    this.#stream.destroy();
  }

  /** The next chunk, within what is left of the wait budget: the caller's time with items does not count. */
  async #waitForChunk(): Promise<IteratorResult<Buffer | string>> {
    if (this.#options.timeoutMs <= 0) return this.#chunks.next();
    const started = performance.now();
    const timer = setTimeout(() => this.#stream.destroy(this.#timeout()), Math.max(this.#budgetLeft, 0));
    try {
      return await this.#chunks.next();
    } finally {
      clearTimeout(timer);
      this.#budgetLeft -= performance.now() - started;
    }
  }

  #timeout(): RequestTimeoutError {
    return new RequestTimeoutError({ ...this.#options.request, timeoutMs: this.#options.timeoutMs });
  }

  /** The response error of a fault the reader found in the body; anything else as it is. */
  #bodyFault(error: unknown): unknown {
    if (!(error instanceof ListBodyError)) return error;
    if (error.problem === 'not-a-list') return this.#notAList(error.excerpt);
    const truncated = error.problem === 'truncated';
    return new KubernetesResponseError({
      ...this.#context,
      problem: error.problem,
      excerpt: excerptOf(error.excerpt, this.#context.scrub),
      detail: truncated ? 'the response body was cut short' : 'the response body is not JSON',
    });
  }

  #notAList(excerpt: string): KubernetesResponseError {
    return new KubernetesResponseError({
      ...this.#context,
      problem: 'unexpected-object',
      contentType: 'application/json',
      excerpt: excerptOf(excerpt, this.#context.scrub),
      detail: `expected an ${IMAGE_CACHE_LIST_KIND} with items`,
    });
  }

  /**
   * The client's error for whatever stopped the stream: ours pass as they are; the caller's abort is
   * an abort; a stream that closed early is a reset connection, which a GET may be sent again after.
   */
  #typed(error: unknown): unknown {
    const { request, signal, secrets } = this.#options;
    if (signal?.aborted) return new RequestAbortedError({ ...request, reason: signal.reason });
    if (error instanceof ImageCacheClientError) return error;
    const premature = typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ERR_STREAM_PREMATURE_CLOSE';
    return networkFailure(
      premature ? Object.assign(new Error('the connection closed before the page ended'), { code: 'ECONNRESET' }) : error,
      request,
      secrets,
    );
  }
}
