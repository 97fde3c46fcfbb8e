/**
 * One attempt: decorate, send, and turn a failure into a typed error. No retries, no status
 * interpretation: every status resolves; the caller decides what it means.
 */
import type { AxiosInstance, AxiosResponse } from 'axios';
import type { Readable } from 'node:stream';
import { RequestAbortedError, RequestTimeoutError, type RequestIdentity } from '../errors.js';
import type { RequestDecoration, RequestHeaders } from './decoration.js';
import type { HookReporter, LoggedRequest } from './hooks.js';
import { networkFailure, tooLarge } from './responses.js';

/** What every attempt of one client shares. */
export interface SendContext {
  readonly http: AxiosInstance;
  readonly decoration: RequestDecoration;
  readonly reporter: HookReporter;
  /** Budget of one attempt; 0 for none. For a stream it covers the wait for the response headers. */
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
}

/** The request as one attempt sends it. */
export interface OutgoingRequest extends LoggedRequest {
  readonly method: RequestIdentity['method'];
  /** JSON text of the body. */
  readonly body?: string | undefined;
  /** Content type of the body; `application/json` by default. */
  readonly contentType?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** One attempt of a request. */
export interface Attempt {
  readonly request: OutgoingRequest;
  /** 1 for the first attempt, counting every resend. */
  readonly number: number;
  /** Ask the credential provider for a fresh token (after a 401). */
  readonly forceRefresh: boolean;
  /**
   * How the body arrives: as text; as the bytes received (the informer's list scan reads them
   * undecoded); or as a stream (a watch), not bounded by `maxResponseBytes`.
   */
  readonly bodyAs: 'text' | 'bytes' | 'stream';
}

/** The attempt's own signal: aborted by the caller's signal or by the attempt's timeout. */
class AttemptSignal {
  readonly #controller = new AbortController();
  readonly #caller: AbortSignal | undefined;
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #forward = (): void => this.#controller.abort();
  #timedOut = false;

  constructor(caller: AbortSignal | undefined, timeoutMs: number) {
    this.#caller = caller;
    this.#timer = timeoutMs > 0 ? setTimeout(() => ((this.#timedOut = true), this.#controller.abort()), timeoutMs) : undefined;
    // The caller may abort while the headers are made (a credential plugin runs): an aborted
    // signal fires no more events, so that abort must be taken now or never.
    if (caller?.aborted) this.#controller.abort();
    else caller?.addEventListener('abort', this.#forward, { once: true });
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get timedOut(): boolean {
    return this.#timedOut;
  }

  /** Stops the timer and stops listening to the caller, or, for a stream, once the stream closes. */
  release(stream?: Readable): void {
    clearTimeout(this.#timer);
    // The stream outlives the attempt: the caller's signal keeps aborting it until it closes.
    if (stream && this.#caller) stream.once('close', () => this.#caller?.removeEventListener('abort', this.#forward));
    else this.#caller?.removeEventListener('abort', this.#forward);
  }
}

function identityOf(request: OutgoingRequest): RequestIdentity {
  return { method: request.method, path: request.path };
}

/**
 * Sends one attempt; resolves with any status (the body as `attempt.bodyAs` asks: text, a Buffer,
 * or a stream), rejects with a typed error when no response arrived.
 *
 * @example
 * ```ts
 * const response = await send(context, { request: { method: 'GET', path }, number: 1, forceRefresh: false, bodyAs: 'text' });
 * ```
 */
export async function send(context: SendContext, attempt: Attempt): Promise<AxiosResponse<unknown>> {
  const { request } = attempt;
  if (request.signal?.aborted) throw new RequestAbortedError({ ...identityOf(request), reason: request.signal.reason });
  let headers = await context.decoration.headers(attempt.forceRefresh);
  if (request.body !== undefined) headers = { ...headers, 'Content-Type': request.contentType ?? 'application/json' };
  const abort = new AttemptSignal(request.signal, context.timeoutMs);
  const logging = context.reporter.logsAttempts;
  const started = logging ? performance.now() : 0;
  if (logging) context.reporter.request(request, headers, attempt.number);
  try {
    const response = await exchange(context, attempt, headers, abort.signal);
    if (logging) context.reporter.response(request, headers, attempt.number, started, { statusCode: response.status });
    abort.release(attempt.bodyAs === 'stream' ? (response.data as Readable) : undefined);
    return response;
  } catch (error) {
    const typed = typedFailure(error, request, context, abort.timedOut);
    if (logging) context.reporter.response(request, headers, attempt.number, started, { error: typed });
    abort.release();
    throw typed;
  }
}

/** What axios is asked for, per {@link Attempt.bodyAs}: streams are bounded per event by their reader, a whole body here. */
function responseOptions(context: SendContext, bodyAs: Attempt['bodyAs']) {
  if (bodyAs === 'stream') return { responseType: 'stream', maxContentLength: -1 } as const;
  return { responseType: bodyAs === 'bytes' ? 'arraybuffer' : 'text', maxContentLength: context.maxResponseBytes } as const;
}

function exchange(context: SendContext, attempt: Attempt, headers: RequestHeaders, signal: AbortSignal): Promise<AxiosResponse<unknown>> {
  const { request } = attempt;
  return context.http.request<unknown>({
    method: request.method,
    url: request.query ? `${request.path}?${request.query}` : request.path,
    headers,
    data: request.body,
    signal,
    ...responseOptions(context, attempt.bodyAs),
  });
}

/** Why no response arrived: the caller aborted, the attempt timed out, the body was too large, or the network failed. */
function typedFailure(error: unknown, request: OutgoingRequest, context: SendContext, timedOut: boolean): Error {
  const identity = identityOf(request);
  if (request.signal?.aborted) return new RequestAbortedError({ ...identity, reason: request.signal.reason });
  if (timedOut) return new RequestTimeoutError({ ...identity, timeoutMs: context.timeoutMs });
  return tooLarge(error, identity, context.maxResponseBytes) ?? networkFailure(error, identity, context.decoration.scrubber.secrets);
}
