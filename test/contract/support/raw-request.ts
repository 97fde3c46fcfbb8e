/**
 * A deliberately small HTTP(S) client for the contract suite. It talks to the target without the
 * ImageCacheClient under test: to play ECI's controller through `/status`, to send what the
 * client's own validation would stop, and to clean up. node:http/https only.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ClusterConnection } from '../../../src/client/index.js';

/** What {@link rawRequest} sends besides method and path. */
export interface RawRequestOptions {
  /** A JSON value (serialized here) or text sent as is. */
  readonly body?: unknown;
  /** Content type of the body; `application/json` by default. */
  readonly contentType?: string;
  /** Overrides the connection's bearer token, e.g. to send a wrong one. */
  readonly token?: string;
  /** Budget of the whole exchange; it is a safety net, not something a test measures. */
  readonly timeoutMs?: number;
}

/** The answer, with the body parsed when it is JSON. */
export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** The parsed body, or undefined when it is not JSON. */
  readonly json: unknown;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Sends one request to `connection.server` with its CA and bearer token, and reads the whole answer.
 *
 * @example
 * ```ts
 * const res = await rawRequest(connection, 'PATCH', `${COLLECTION_PATH}/web/status`, {
 *   body: { status: { phase: 'Ready' } },
 *   contentType: 'application/merge-patch+json',
 * });
 * ```
 */
export function rawRequest(connection: ClusterConnection, method: string, path: string, options: RawRequestOptions = {}): Promise<RawResponse> {
  const url = new URL(path, connection.server);
  const headers: Record<string, string | number> = { Accept: 'application/json' };
  const token = options.token ?? connection.token;
  if (token !== undefined) headers['Authorization'] = `Bearer ${token}`;
  let payload: Buffer | undefined;
  if (options.body !== undefined) {
    payload = Buffer.from(typeof options.body === 'string' ? options.body : JSON.stringify(options.body));
    headers['Content-Type'] = options.contentType ?? 'application/json';
    headers['Content-Length'] = payload.length;
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<RawResponse>((resolve, reject) => {
    const req = send(
      url,
      { method, headers, ...(connection.caData !== undefined ? { ca: connection.caData } : {}), timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    // The message names the request only: never the headers, which hold the token.
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in time`)));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/**
 * Like {@link rawRequest}, but rejects unless the status is one of `expected`, quoting the body.
 *
 * @example
 * ```ts
 * const created = await rawRequestExpecting([201], connection, 'POST', COLLECTION_PATH, { body: manifest });
 * ```
 */
export async function rawRequestExpecting(
  expected: readonly number[],
  connection: ClusterConnection,
  method: string,
  path: string,
  options: RawRequestOptions = {},
): Promise<RawResponse> {
  const res = await rawRequest(connection, method, path, options);
  if (!expected.includes(res.status)) throw new Error(`${method} ${path}: expected HTTP ${expected.join('/')}, got ${res.status}: ${res.text.slice(0, 500)}`);
  return res;
}
