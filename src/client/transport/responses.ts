/**
 * What an answer (or the lack of one) means, as data: the parsed body of a 2xx, the API error of
 * anything else, the typed error of a network failure. Pure: no I/O, no state; server text is
 * scrubbed with the secrets the caller passes.
 */
import axios from 'axios';
import { parseRetryAfter } from '../backoff.js';
import {
  KubernetesApiError,
  KubernetesNetworkError,
  KubernetesResponseError,
  ResponseTooLargeError,
  reasonForStatusCode,
  type RequestIdentity,
} from '../errors.js';
import { excerptOf, scrubSecrets, type SecretScrubber } from '../redaction.js';
import { isStatus } from '../boundary.js';
import type { Status } from '../../types/index.js';

/** The parts of an HTTP answer these functions read. */
export interface ReceivedResponse {
  readonly statusCode: number;
  readonly text: string;
  readonly headers: Readonly<Record<string, unknown>>;
}

/** The first value of a header that may be repeated. */
export function headerValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

function pickString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The JSON body of a 2xx; a body that is not JSON (or was cut short) is a {@link KubernetesResponseError}.
 *
 * @example
 * ```ts
 * const body = parseBody({ statusCode: 200, text: '{"kind":"ImageCache"}', headers: {} }, { method: 'GET', path }, secrets);
 * ```
 */
export function parseBody(response: ReceivedResponse, identity: RequestIdentity, secrets: Iterable<string>): unknown {
  try {
    return JSON.parse(response.text);
  } catch (error) {
    throw unparseable(response, identity, secrets, error);
  }
}

function unparseable(response: ReceivedResponse, identity: RequestIdentity, secrets: Iterable<string>, parseError: unknown): KubernetesResponseError {
  const { text, statusCode } = response;
  const contentType = headerValue(response.headers['content-type']);
  // Stryker disable next-line StringLiteral: unreachable, JSON.parse throws only SyntaxErrors
  const message = parseError instanceof Error ? parseError.message : '';
  const looksJson = /^\s*[[{]/.test(text);
  const truncated = text.length === 0 || (looksJson && /end of JSON|Unterminated|Expected .* after/i.test(message));
  return new KubernetesResponseError({
    ...identity,
    problem: truncated ? 'truncated' : 'not-json',
    statusCode,
    ...(contentType ? { contentType } : {}),
    excerpt: excerptOf(text, secrets),
    detail: truncated ? 'the response body was cut short' : 'the response body is not JSON',
  });
}

/**
 * The {@link KubernetesApiError} of a non-2xx answer: the server's Status (scrubbed) when the body is
 * one, otherwise a Status made from the code with the body quoted. Retry-After wins over the Status's
 * retryAfterSeconds.
 *
 * @example
 * ```ts
 * throw apiError({ statusCode: 404, text, headers }, { method: 'GET', path }, transport.scrubber);
 * ```
 */
export function apiError(response: ReceivedResponse, identity: RequestIdentity, scrubber: SecretScrubber): KubernetesApiError {
  const { statusCode, text } = response;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: a proxy's page, quoted below.
  }
  const fromHeader = parseRetryAfter(headerValue(response.headers['retry-after']));
  if (isStatus(parsed)) {
    // Every string of it, details and causes included: a server or proxy may quote the token anywhere.
    const status = scrubber.value(parsed);
    const fromStatus = status.details?.retryAfterSeconds;
    return new KubernetesApiError({
      ...identity,
      statusCode,
      status,
      ...(fromHeader !== undefined ? { retryAfterMs: fromHeader } : fromStatus !== undefined ? { retryAfterMs: fromStatus * 1000 } : {}),
    });
  }
  // A proxy or load balancer answered: keep the code, quote the body.
  return new KubernetesApiError({
    ...identity,
    statusCode,
    status: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: statusCode, reason: reasonForStatusCode(statusCode) },
    bodyExcerpt: excerptOf(text, scrubber.secrets),
    retryAfterMs: fromHeader,
  });
}

/**
 * The typed error of a body over `maxResponseBytes` (axios destroyed the response and its socket),
 * or undefined for any other failure.
 *
 * @example
 * ```ts
 * const typed = tooLarge(error, { method: 'GET', path }, 8 * 1024 * 1024) ?? networkFailure(error, identity, secrets);
 * ```
 */
export function tooLarge(error: unknown, identity: RequestIdentity, limitBytes: number): ResponseTooLargeError | undefined {
  if (!axios.isAxiosError(error) || error.code !== 'ERR_BAD_RESPONSE' || !/^maxContentLength size/.test(error.message)) return undefined;
  const statusCode = (error.request as { res?: { statusCode?: number } } | undefined)?.res?.statusCode ?? 0;
  return new ResponseTooLargeError({ ...identity, statusCode, limitBytes });
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
export function networkFailure(error: unknown, identity: RequestIdentity, secrets: Iterable<string>): KubernetesNetworkError {
  const outer = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const inner = outer['cause'];
  const system = (inner instanceof Error && pickString((inner as unknown as Record<string, unknown>)['code']) ? inner : outer) as Record<string, unknown>;
  // The system error is the outer one unless the cause has a code: no second place to look.
  let code = pickString(system['code']) ?? 'EUNKNOWN';
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
  return new KubernetesNetworkError({ ...identity, code, message, cause });
}
