/**
 * Reading requests and writing responses as kube-apiserver does: content negotiation (JSON, YAML,
 * the Table format), request bodies in JSON or YAML, and Status bodies for failures.
 * @packageDocumentation
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatorStatusError, isEmulatorStatusError, statusErrors } from './errors.js';

/** How a response body is encoded. */
export type ResponseFormat =
  | { readonly kind: 'json' }
  | { readonly kind: 'yaml' }
  | { readonly kind: 'table'; readonly apiVersion: 'meta.k8s.io/v1' | 'meta.k8s.io/v1beta1' };

/** Media types the emulator can answer with, listed in a 406. */
export const ACCEPTED_RESPONSE_TYPES = ['application/json', 'application/yaml', 'application/json;as=Table;v=v1;g=meta.k8s.io'] as const;
/** Media types the emulator reads objects in, listed in a 415. */
export const ACCEPTED_BODY_TYPES = ['application/json', 'application/yaml'] as const;

interface MediaRange {
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
}

function parseMediaRanges(header: string): MediaRange[] {
  return header
    .split(',')
    .map((part) => {
      const [type = '', ...params] = part.split(';').map((s) => s.trim());
      const parsed: Record<string, string> = {};
      for (const param of params) {
        const eq = param.indexOf('=');
        if (eq > 0) parsed[param.slice(0, eq).trim().toLowerCase()] = param.slice(eq + 1).trim();
      }
      return { type: type.toLowerCase(), params: parsed };
    })
    .filter((range) => range.type !== '');
}

/**
 * Picks the response format from an Accept header, in the client's order of preference. Table is
 * offered only where `allowTable` (object reads); throws 406 when nothing acceptable is asked for.
 *
 * @example
 * ```ts
 * negotiate('application/json;as=Table;v=v1;g=meta.k8s.io,application/json', true); // { kind: 'table', apiVersion: 'meta.k8s.io/v1' }
 * ```
 */
export function negotiate(accept: string | undefined, allowTable: boolean): ResponseFormat {
  if (!accept || accept.trim() === '') return { kind: 'json' };
  for (const { type, params } of parseMediaRanges(accept)) {
    const isJson = type === 'application/json' || type === 'application/*' || type === '*/*';
    if (params['as'] !== undefined) {
      if (allowTable && isJson && params['as'] === 'Table' && params['g'] === 'meta.k8s.io' && (params['v'] === 'v1' || params['v'] === 'v1beta1')) {
        return { kind: 'table', apiVersion: `meta.k8s.io/${params['v']}` };
      }
      continue;
    }
    if (isJson) return { kind: 'json' };
    if (type === 'application/yaml') return { kind: 'yaml' };
  }
  throw statusErrors.notAcceptable(ACCEPTED_RESPONSE_TYPES);
}

/**
 * The media type of a Content-Type header, lowercased and without parameters.
 *
 * @example
 * ```ts
 * mediaTypeOf('Application/JSON; charset=utf-8'); // 'application/json'
 * ```
 */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Reads a request body as text, refusing more than `limitBytes` with 413.
 *
 * @example
 * ```ts
 * const text = await readBody(req, 3 * 1024 * 1024);
 * ```
 */
export async function readBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw statusErrors.requestEntityTooLarge(limitBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Parses a body as JSON or YAML by its media type. Throws 400 for text that does not parse, 415
 * for other media types.
 *
 * @example
 * ```ts
 * await parseBody('kind: ImageCache', 'application/yaml'); // { kind: 'ImageCache' }
 * ```
 */
export async function parseBody(text: string, mediaType: string, accepted: readonly string[] = ACCEPTED_BODY_TYPES): Promise<unknown> {
  const yamlTypes = ['application/yaml', 'application/apply-patch+yaml'];
  if (!accepted.includes(mediaType)) throw statusErrors.unsupportedMediaType(accepted);
  if (yamlTypes.includes(mediaType)) {
    const { parse } = await import('yaml');
    try {
      return parse(text) as unknown;
    } catch (error) {
      throw statusErrors.badRequest(`error converting YAML to JSON: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw statusErrors.badRequest(`couldn't get version/kind; json parse error: ${(error as Error).message}`);
  }
}

const CONTENT_TYPES: Readonly<Record<ResponseFormat['kind'], (format: ResponseFormat) => string>> = {
  json: () => 'application/json',
  yaml: () => 'application/yaml',
  table: (format) => `application/json;as=Table;v=${format.kind === 'table' ? format.apiVersion.split('/')[1] : 'v1'};g=meta.k8s.io`,
};

/**
 * The Content-Type of a response in `format`.
 *
 * @example
 * ```ts
 * contentTypeOf({ kind: 'table', apiVersion: 'meta.k8s.io/v1' }); // 'application/json;as=Table;v=v1;g=meta.k8s.io'
 * ```
 */
export function contentTypeOf(format: ResponseFormat): string {
  return CONTENT_TYPES[format.kind](format);
}

/**
 * Sends `body` with `code`, encoded as `format` asks.
 *
 * @example
 * ```ts
 * await send(res, 200, list, { kind: 'json' });
 * ```
 */
export async function send(
  res: ServerResponse,
  code: number,
  body: unknown,
  format: ResponseFormat = { kind: 'json' },
  headers: Readonly<Record<string, string | readonly string[]>> = {},
): Promise<void> {
  let text: string;
  if (format.kind === 'yaml') {
    const { stringify } = await import('yaml');
    text = stringify(body);
  } else text = `${JSON.stringify(body)}\n`;
  res.writeHead(code, { 'Content-Type': contentTypeOf(format), 'Cache-Control': 'no-cache, private', ...headers });
  res.end(text);
}

/**
 * Answers with the Status of `error`; anything that is not an {@link EmulatorStatusError} becomes a
 * 500 whose message names no detail of the failure.
 *
 * @example
 * ```ts
 * await sendError(res, statusErrors.notFound('web'));
 * ```
 */
export async function sendError(res: ServerResponse, error: unknown): Promise<void> {
  const failure: EmulatorStatusError = isEmulatorStatusError(error) ? error : statusErrors.internal('the emulator failed to handle the request');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // Answered before the body was all read (a 413, a 401, a 415): the rest of the body is still on
  // the socket, so it cannot carry another request. Close it, as Go's server does past its drain limit.
  const unread = !res.req.complete;
  await send(res, failure.code, failure.status, { kind: 'json' }, unread ? { Connection: 'close' } : {});
}
