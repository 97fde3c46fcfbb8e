/**
 * One HTTP exchange with the API server, done right once: auth headers, the per-attempt timeout
 * combined with the caller's signal, retries, the 401 token refresh, JSON parsing under our own
 * control, and errors that never carry request headers.
 */
import axios, { type AxiosInstance, type AxiosProxyConfig, type AxiosResponse } from 'axios';
import type { Readable } from 'node:stream';
import { parseRetryAfter, sleep } from './backoff.js';
import type { ClientAgents } from './agents.js';
import { RequestAuthenticator, type RequestHeaders } from './auth.js';
import { isStatus } from './boundary.js';
import type { ClusterConnection } from './connection.js';
import {
  KubernetesApiError,
  KubernetesNetworkError,
  KubernetesResponseError,
  RequestAbortedError,
  PlainHttpCredentialsError,
  RequestTimeoutError,
  ResponseTooLargeError,
  reasonForStatusCode,
  type RequestIdentity,
} from './errors.js';
import type { ResolvedClientOptions } from './options.js';
import { headerCredentialFields } from './plain-http.js';
import { excerptOf, redactHeaders, scrubSecrets, withoutUserInfo, type SecretScrubber } from './redaction.js';
import { retryDecision, type RetryMode } from './retry-decision.js';
import type { Status } from '../types/index.js';

/** HTTP methods the client uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One logical request; the transport may send it several times. */
export interface TransportRequest {
  readonly method: HttpMethod;
  /** API path, already encoded. */
  readonly path: string;
  /** Encoded query string without `?`. */
  readonly query?: string | undefined;
  /** JSON text of the body. */
  readonly body?: string | undefined;
  /** Content type of the body; `application/json` by default. */
  readonly contentType?: string | undefined;
  readonly retryMode: RetryMode;
  readonly signal?: AbortSignal | undefined;
  /** Called before the request is sent again, whatever the reason. */
  readonly onResend?: (() => void) | undefined;
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
const identity = <T>(data: T): T => data;

function headerValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

function pickString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function parseServerUrl(server: string): URL {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new TypeError('connection.server is not a URL; expected e.g. https://10.0.0.1:6443 or http://127.0.0.1:8001');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`connection.server must be http:// or https://, got ${url.protocol}`);
  }
  if (url.username || url.password) {
    // A URL is printed and logged far too often to carry a password.
    throw new TypeError('connection.server must not contain user info; set connection.username and connection.password instead');
  }
  return url;
}

function proxyConfigFor(server: URL, proxyUrl: string | undefined): AxiosProxyConfig | false {
  // https targets tunnel through the agent; environment proxies are never consulted implicitly.
  if (!proxyUrl || server.protocol === 'https:') return false;
  const proxy = new URL(proxyUrl);
  return {
    protocol: proxy.protocol.replace(/:$/, ''),
    host: proxy.hostname,
    port: Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80)),
    ...(proxy.username ? { auth: { username: decodeURIComponent(proxy.username), password: decodeURIComponent(proxy.password) } } : {}),
  };
}

function isRefused(failure: unknown): boolean {
  return failure instanceof KubernetesNetworkError && failure.code === 'ECONNREFUSED';
}

/** The HTTP layer of one client. */
export class Transport {
  readonly #axios: AxiosInstance;
  readonly #auth: RequestAuthenticator;
  readonly #options: ResolvedClientOptions;
  readonly #displayBase: string;
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
    const baseURL = server.toString().replace(/\/+$/, '');
    this.#displayBase = withoutUserInfo(baseURL);
    const credentialFields = headerCredentialFields(connection);
    // kubectl's rule: credentials only over https. Checked here, where they would be attached.
    if (server.protocol === 'http:' && credentialFields.length > 0 && !options.allowCredentialsOverHttp) {
      throw new PlainHttpCredentialsError(this.#displayBase, credentialFields);
    }
    this.#options = options;
    this.#auth = new RequestAuthenticator(connection, options.userAgent);
    this.#axios = axios.create({
      baseURL,
      adapter: 'http',
      httpAgent: agents.httpAgent,
      httpsAgent: agents.httpsAgent,
      proxy: proxyConfigFor(server, connection.proxyUrl),
      // The API server never redirects; following one could carry the token elsewhere.
      maxRedirects: 0,
      responseType: 'text',
      responseEncoding: 'utf8',
      transformRequest: [identity],
      transformResponse: [identity],
      // Every status resolves; the transport turns failures into its own errors.
      validateStatus: null,
    });
  }

  /** Secrets to scrub from any text shown to the caller. */
  get secrets(): Iterable<string> {
    return this.#auth.secrets;
  }

  /** The client's one scrubber: every piece of server text that enters an error or event passes it. */
  get scrubber(): SecretScrubber {
    return this.#auth.scrubber;
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
    const identityOf: RequestIdentity = { method: request.method, path: request.path };
    let attempts = 0;
    let failures = 0;
    let refreshed = false;
    let refreshNow = false;
    for (;;) {
      attempts++;
      let failure: unknown;
      try {
        const response = await this.#send(request, identityOf, attempts, refreshNow);
        refreshNow = false;
        const statusCode = response.status;
        if (statusCode >= 200 && statusCode < 300) {
          return { body: this.#parseBody(response, identityOf), statusCode, attempts };
        }
        failure = this.#apiError(statusCode, response.data, response.headers, identityOf);
        if (statusCode === 401 && this.#auth.canRefresh && !refreshed) {
          // A rotated credential: one more try with a fresh token, outside the retry budget.
          refreshed = refreshNow = true;
          request.onResend?.();
          continue;
        }
      } catch (error) {
        failure = error;
      }
      failures++;
      if (this.#options.failFastIfUnreachable && !this.#reached && attempts === 1 && isRefused(failure)) throw failure;
      const decision = retryDecision(failure, request.retryMode, this.#options.retry, failures);
      if (!decision) throw failure;
      this.#notifyRetry(request, attempts, decision.delayMs, decision.reason);
      await sleep(decision.delayMs, request.signal, () => new RequestAbortedError({ ...identityOf, reason: request.signal?.reason }));
      request.onResend?.();
    }
  }

  /**
   * Opens a streaming GET (a watch). Resolves once a 200 arrives, with the body stream; a
   * non-200 is read and thrown as {@link KubernetesApiError}. The per-attempt timeout covers only
   * the wait for the response headers. No retries here: the watch loop owns reconnection.
   *
   * @example
   * ```ts
   * const stream = await transport.openStream({ method: 'GET', path, query: 'watch=1', retryMode: 'idempotent' });
   * ```
   */
  async openStream(request: TransportRequest): Promise<Readable> {
    const identityOf: RequestIdentity = { method: request.method, path: request.path };
    let refreshNow = false;
    for (let attempt = 1; ; attempt++) {
      const response = await this.#send(request, identityOf, attempt, refreshNow, true);
      const stream = response.data as unknown as Readable;
      if (response.status === 200) return stream;
      const text = await readLimited(stream, MAX_ERROR_BODY_BYTES);
      const error = this.#apiError(response.status, text, response.headers, identityOf);
      if (response.status === 401 && this.#auth.canRefresh && attempt === 1) {
        refreshNow = true;
        continue;
      }
      throw error;
    }
  }

  /**
   * Tells the `onRetry` hook the client is about to wait.
   *
   * @example
   * ```ts
   * transport.notifyRetry({ method: 'GET', path, query: 'watch=true' }, 2, 500, 'ECONNRESET');
   * ```
   */
  notifyRetry(request: Pick<TransportRequest, 'method' | 'path' | 'query'>, attempt: number, delayMs: number, reason: string): void {
    this.#notifyRetry(request, attempt, delayMs, reason);
  }

  #notifyRetry(request: Pick<TransportRequest, 'method' | 'path' | 'query'>, attempt: number, delayMs: number, reason: string): void {
    const hook = this.#options.hooks.onRetry;
    if (!hook) return;
    try {
      hook({ method: request.method, url: this.#displayUrl(request), attempt, delayMs, reason });
    } catch {
      // A logging hook must never break a request.
    }
  }

  async #send(
    request: TransportRequest,
    identityOf: RequestIdentity,
    attempt: number,
    forceRefresh: boolean,
    streaming = false,
  ): Promise<AxiosResponse<string>> {
    const callerSignal = request.signal;
    if (callerSignal?.aborted) throw new RequestAbortedError({ ...identityOf, reason: callerSignal.reason });
    let headers = await this.#auth.headers(forceRefresh);
    if (request.body !== undefined) headers = { ...headers, 'Content-Type': request.contentType ?? 'application/json' };

    const controller = new AbortController();
    let timedOut = false;
    const timeoutMs = this.#options.timeoutMs;
    const timer = timeoutMs > 0 ? setTimeout(() => ((timedOut = true), controller.abort()), timeoutMs) : undefined;
    const forwardAbort = (): void => controller.abort();
    callerSignal?.addEventListener('abort', forwardAbort, { once: true });
    const hooks = this.#options.hooks;
    const logging = hooks.onRequest !== undefined || hooks.onResponse !== undefined;
    const started = logging ? performance.now() : 0;
    if (logging) this.#logRequest(request, headers, attempt);
    try {
      const response = await this.#axios.request<string>({
        method: request.method,
        url: request.query ? `${request.path}?${request.query}` : request.path,
        headers,
        data: request.body,
        signal: controller.signal,
        // Streams are bounded per event by their reader; a whole body is bounded here.
        ...(streaming ? { responseType: 'stream' as const, maxContentLength: -1 } : { maxContentLength: this.#options.maxResponseBytes }),
      });
      this.#reached = true;
      if (logging) this.#logResponse(request, headers, attempt, started, response.status, undefined);
      if (streaming && callerSignal) {
        // The stream outlives this call: the caller's signal keeps aborting it until it closes.
        (response.data as unknown as Readable).once('close', () => callerSignal.removeEventListener('abort', forwardAbort));
      } else {
        callerSignal?.removeEventListener('abort', forwardAbort);
      }
      return response;
    } catch (error) {
      const typed = callerSignal?.aborted
        ? new RequestAbortedError({ ...identityOf, reason: callerSignal.reason })
        : timedOut
          ? new RequestTimeoutError({ ...identityOf, timeoutMs })
          : tooLarge(error, identityOf, this.#options.maxResponseBytes) ?? networkFailure(error, identityOf, this.#auth.secrets);
      if (logging) this.#logResponse(request, headers, attempt, started, undefined, typed);
      callerSignal?.removeEventListener('abort', forwardAbort);
      throw typed;
    } finally {
      clearTimeout(timer);
    }
  }

  #parseBody(response: AxiosResponse<string>, identityOf: RequestIdentity): unknown {
    const text = response.data;
    try {
      return JSON.parse(text);
    } catch (error) {
      throw this.#unparseable(response.status, text, headerValue(response.headers['content-type']), identityOf, error);
    }
  }

  #unparseable(statusCode: number, text: string, contentType: string | undefined, identityOf: RequestIdentity, parseError: unknown): KubernetesResponseError {
    const message = parseError instanceof Error ? parseError.message : '';
    const looksJson = /^\s*[[{]/.test(text);
    const truncated = text.length === 0 || (looksJson && /end of JSON|Unterminated|Expected .* after/i.test(message));
    return new KubernetesResponseError({
      ...identityOf,
      problem: truncated ? 'truncated' : 'not-json',
      statusCode,
      ...(contentType ? { contentType } : {}),
      excerpt: excerptOf(text, this.#auth.secrets),
      detail: truncated ? 'the response body was cut short' : 'the response body is not JSON',
    });
  }

  #apiError(statusCode: number, text: string, headers: AxiosResponse['headers'], identityOf: RequestIdentity): KubernetesApiError {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const fromHeader = parseRetryAfter(headerValue(headers['retry-after']));
    if (isStatus(parsed)) {
      // Every string of it, details and causes included: a server or proxy may quote the token anywhere.
      const status = this.#auth.scrubber.value(parsed);
      const fromStatus = status.details?.retryAfterSeconds;
      return new KubernetesApiError({
        ...identityOf,
        statusCode,
        status,
        ...(fromHeader !== undefined ? { retryAfterMs: fromHeader } : fromStatus !== undefined ? { retryAfterMs: fromStatus * 1000 } : {}),
      });
    }
    // A proxy or load balancer answered: keep the code, quote the body.
    const reason = reasonForStatusCode(statusCode);
    const bodyExcerpt = excerptOf(text, this.#auth.secrets);
    return new KubernetesApiError({
      ...identityOf,
      statusCode,
      status: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: statusCode, reason },
      bodyExcerpt,
      ...(fromHeader !== undefined ? { retryAfterMs: fromHeader } : {}),
    });
  }

  #displayUrl(request: Pick<TransportRequest, 'path' | 'query'>): string {
    return `${this.#displayBase}${request.path}${request.query ? `?${request.query}` : ''}`;
  }

  #logRequest(request: TransportRequest, headers: RequestHeaders, attempt: number): void {
    const hook = this.#options.hooks.onRequest;
    if (!hook) return;
    try {
      hook({ method: request.method, url: this.#displayUrl(request), headers: redactHeaders(headers), attempt });
    } catch {
      // A logging hook must never break a request.
    }
  }

  #logResponse(
    request: TransportRequest,
    headers: RequestHeaders,
    attempt: number,
    started: number,
    statusCode: number | undefined,
    error: Error | undefined,
  ): void {
    const hook = this.#options.hooks.onResponse;
    if (!hook) return;
    try {
      hook({
        method: request.method,
        url: this.#displayUrl(request),
        headers: redactHeaders(headers),
        attempt,
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
        ...(statusCode !== undefined ? { statusCode } : {}),
        ...(error ? { error: `${error.name}: ${error.message}` } : {}),
      });
    } catch {
      // A logging hook must never break a request.
    }
  }
}

/**
 * The typed error of a body over `maxResponseBytes` (axios destroyed the response and its socket),
 * or undefined for any other failure.
 */
function tooLarge(error: unknown, identityOf: RequestIdentity, limitBytes: number): ResponseTooLargeError | undefined {
  if (!axios.isAxiosError(error) || error.code !== 'ERR_BAD_RESPONSE' || !/^maxContentLength size/.test(error.message)) return undefined;
  const statusCode = (error.request as { res?: { statusCode?: number } } | undefined)?.res?.statusCode ?? 0;
  return new ResponseTooLargeError({ ...identityOf, statusCode, limitBytes });
}

/**
 * A {@link KubernetesNetworkError} for whatever the HTTP library (or a response stream) threw. Only the system error's
 * plain fields are copied: the library's error holds the request config, headers and agent.
 *
 * @example
 * ```ts
 * stream.on('error', (e) => reject(networkFailure(e, { method: 'GET', path }, transport.secrets)));
 * ```
 */
export function networkFailure(error: unknown, identityOf: RequestIdentity, secrets: Iterable<string>): KubernetesNetworkError {
  const outer = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const inner = outer['cause'];
  const system = (inner instanceof Error && pickString((inner as unknown as Record<string, unknown>)['code']) ? inner : outer) as Record<string, unknown>;
  let code = pickString(system['code']) ?? pickString(outer['code']) ?? 'EUNKNOWN';
  const rawMessage = pickString(system['message']) ?? pickString(outer['message']) ?? String(error);
  // The body stopped arriving because the connection dropped.
  if (code === 'ERR_BAD_RESPONSE' && /aborted/i.test(rawMessage)) code = 'ECONNRESET';
  const message = scrubSecrets(rawMessage, secrets);
  const cause = new Error(message);
  cause.name = pickString(system['name']) ?? 'Error';
  const details: Record<string, unknown> = { code };
  for (const key of ['errno', 'syscall', 'address', 'port', 'host']) {
    const value = system[key];
    if (typeof value === 'string' || typeof value === 'number') details[key] = value;
  }
  Object.assign(cause, details);
  return new KubernetesNetworkError({ ...identityOf, code, message, cause });
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
