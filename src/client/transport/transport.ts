/**
 * The HTTP layer of one client, composed of small parts: request decoration (auth, user agent,
 * impersonation), one attempt (`send`), the retry loop (`withRetry`) and the pure interpretation
 * of answers (`responses`). Errors never carry request headers.
 */
import type { AxiosInstance, AxiosResponse } from 'axios';
import type { Readable } from 'node:stream';
import type { ClusterConnection } from '../connection.js';
import { KubernetesNetworkError, PlainHttpCredentialsError, type RequestIdentity } from '../errors.js';
import type { ResolvedClientOptions } from '../options.js';
import { headerCredentialFields } from '../plain-http.js';
import type { SecretScrubber } from '../redaction.js';
import { retryDecision, type RetryDecision, type RetryMode } from '../retry-decision.js';
import type { ClientAgents } from './agents.js';
import { RequestDecoration } from './decoration.js';
import { HookReporter } from './hooks.js';
import { baseUrlOf, createHttpClient, parseServerUrl } from './http-client.js';
import { apiError, parseBody, type ReceivedResponse } from './responses.js';
import { send, type Attempt, type OutgoingRequest, type SendContext } from './send.js';
import { withRetry } from './with-retry.js';

/** HTTP methods the client uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One logical request; the transport may send it several times. */
export interface TransportRequest extends OutgoingRequest {
  readonly method: HttpMethod;
  readonly retryMode: RetryMode;
  /** Called before the request is sent again, whatever the reason. */
  readonly onResend?: (() => void) | undefined;
  /**
   * Reads a 2xx body from the bytes received, undecoded (the informer's list scan); undefined means
   * parse it as JSON after all. Other bodies arrive as text.
   */
  readonly readBody?: ((bytes: Buffer) => unknown) | undefined;
}

/** A 2xx response with its parsed JSON body. */
export interface TransportResponse {
  readonly body: unknown;
  readonly statusCode: number;
  /** How many times the request was sent. */
  readonly attempts: number;
}

// Longest error body read from a failed watch request; a Status is far smaller.
const MAX_ERROR_BODY_BYTES = 64 * 1024;

function isRefused(failure: unknown): boolean {
  return failure instanceof KubernetesNetworkError && failure.code === 'ECONNREFUSED';
}

function received(response: AxiosResponse<unknown>, text: string): ReceivedResponse {
  return { statusCode: response.status, text, headers: response.headers };
}

/** A body as axios's text mode gives it: UTF-8, without a leading byte order mark. */
function textOf(data: unknown): string {
  if (typeof data === 'string') return data;
  const text = Buffer.isBuffer(data) ? data.toString('utf8') : '';
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The HTTP layer of one client. */
export class Transport {
  /** The caller's logging hooks; the watch and listAll report their waits through it too. */
  readonly hooks: HookReporter;
  readonly #decoration: RequestDecoration;
  readonly #options: ResolvedClientOptions;
  readonly #send: SendContext;
  // Whether any response ever arrived: until then a refused connection means a wrong address.
  #reached = false;

  /**
   * @example
   * ```ts
   * const transport = new Transport({ server: 'http://127.0.0.1:8001' }, resolveClientOptions(), agents);
   * ```
   */
  constructor(connection: ClusterConnection, options: ResolvedClientOptions, agents: ClientAgents) {
    const server = parseServerUrl(connection.server);
    this.hooks = new HookReporter(options.hooks, baseUrlOf(server));
    const credentialFields = headerCredentialFields(connection);
    // kubectl's rule: credentials only over https. Checked here, where they would be attached.
    if (server.protocol === 'http:' && credentialFields.length > 0 && !options.allowCredentialsOverHttp) {
      throw new PlainHttpCredentialsError(this.hooks.displayBase, credentialFields);
    }
    this.#options = options;
    this.#decoration = new RequestDecoration(connection, options.userAgent);
    const http: AxiosInstance = createHttpClient(server, connection, agents);
    this.#send = { http, decoration: this.#decoration, reporter: this.hooks, timeoutMs: options.timeoutMs, maxResponseBytes: options.maxResponseBytes };
  }

  /** Secrets to scrub from any text shown to the caller. */
  get secrets(): Iterable<string> {
    return this.#decoration.scrubber.secrets;
  }

  /** The client's one scrubber: every piece of server text that enters an error or event passes it. */
  get scrubber(): SecretScrubber {
    return this.#decoration.scrubber;
  }

  /**
   * Sends `request`, retrying as the policy allows; resolves with the parsed body of a 2xx.
   *
   * @example
   * ```ts
   * const { body } = await transport.request({ method: 'GET', path, retryMode: 'idempotent' });
   * ```
   */
  async request(request: TransportRequest): Promise<TransportResponse> {
    const identity: RequestIdentity = { method: request.method, path: request.path };
    const { value, attempts } = await withRetry({
      identity,
      send: (number, forceRefresh) => this.#attempt({ request, number, forceRefresh, bodyAs: request.readBody ? 'bytes' : 'text' }),
      interpret: (response) => {
        const ok = response.status >= 200 && response.status < 300;
        const read = ok && request.readBody && Buffer.isBuffer(response.data) ? request.readBody(response.data) : undefined;
        if (read !== undefined) return { body: read, statusCode: response.status };
        const answer = received(response, textOf(response.data));
        if (!ok) throw apiError(answer, identity, this.scrubber);
        return { body: parseBody(answer, identity, this.secrets), statusCode: answer.statusCode };
      },
      canRefresh: this.#decoration.canRefresh,
      decide: (failure, failures, attempt) => this.#decide(request.retryMode, failure, failures, attempt),
      onRetry: (attempt, decision) => this.hooks.retry(request, attempt, decision.delayMs, decision.reason),
      onResend: request.onResend,
      signal: request.signal,
    });
    return { ...value, attempts };
  }

  /**
   * Opens a streaming GET (a watch, a list page). Resolves once a 200 arrives, with the body stream;
   * any other status is read and thrown as {@link KubernetesApiError}. The per-attempt timeout covers only
   * the wait for the response headers. By default no retries (but the 401 refresh): the watch loop
   * owns reconnection. With `retry`, failures before the body are retried as {@link request} retries them.
   * `attemptsBefore` counts earlier sends of the same request (a page sent again after its body
   * failed), so the logging hooks number attempts on from them.
   *
   * @example
   * ```ts
   * const stream = await transport.openStream({ method: 'GET', path, query: 'watch=1', retryMode: 'idempotent' });
   * ```
   */
  async openStream(request: TransportRequest, options: { readonly retry?: boolean; readonly attemptsBefore?: number } = {}): Promise<Readable> {
    const identity: RequestIdentity = { method: request.method, path: request.path };
    const before = options.attemptsBefore ?? 0;
    const { value } = await withRetry({
      identity,
      send: (number, forceRefresh) => this.#attempt({ request, number: before + number, forceRefresh, bodyAs: 'stream' }),
      interpret: async (response) => {
        const stream = response.data as unknown as Readable;
        if (response.status === 200) return stream;
        throw apiError(received(response, await readLimited(stream, MAX_ERROR_BODY_BYTES)), identity, this.scrubber);
      },
      canRefresh: this.#decoration.canRefresh,
      decide: options.retry ? (failure, failures, attempt) => this.#decide(request.retryMode, failure, failures, attempt) : () => undefined,
      ...(options.retry
        ? { onRetry: (attempt: number, decision: RetryDecision) => this.hooks.retry(request, attempt, decision.delayMs, decision.reason) }
        : {}),
      onResend: request.onResend,
      signal: request.signal,
    });
    return value;
  }

  /**
   * Whether to send `request` again after its body failed mid-way (a connection cut while a list
   * page streamed), the `failures`-th time in a row; undefined to give up. The same policy as
   * {@link request}'s retries; `attempt` (the send whose body failed) is what the retry hook reports.
   *
   * @example
   * ```ts
   * const decision = transport.retryAfterBodyFailure(request, error, 1, 1);
   * ```
   */
  retryAfterBodyFailure(request: TransportRequest, failure: unknown, attempt: number, failures: number): RetryDecision | undefined {
    const decision = retryDecision(failure, request.retryMode, this.#options.retry, failures);
    if (decision) this.hooks.retry(request, attempt, decision.delayMs, decision.reason);
    return decision;
  }

  async #attempt(attempt: Attempt): Promise<AxiosResponse<unknown>> {
    const response = await send(this.#send, attempt);
    this.#reached = true;
    return response;
  }

  #decide(mode: RetryMode, failure: unknown, failures: number, attempt: number): RetryDecision | undefined {
    // Nothing ever answered and the first try was refused: a wrong address, not a blip worth waiting out.
    if (this.#options.failFastIfUnreachable && !this.#reached && attempt === 1 && isRefused(failure)) return undefined;
    return retryDecision(failure, mode, this.#options.retry, failures);
  }
}

/** Reads at most `limit` bytes of `stream` as UTF-8, then destroys it. */
async function readLimited(stream: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      chunks.push(buffer);
      size += buffer.length;
      if (size >= limit) break;
    }
  } catch {
    // What arrived before the failure is still worth quoting.
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, limit);
}
