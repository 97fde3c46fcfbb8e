/**
 * Cheap checks at the edge of the client: is this JSON what the API promises? Hand-written rather
 * than zod, because they run on every response. They check identity (kind, apiVersion, name), not
 * content: unknown fields and unknown phases pass through untouched.
 */
import { IMAGE_CACHE_API_VERSION, IMAGE_CACHE_KIND, IMAGE_CACHE_LIST_KIND } from '../types/constants.js';
import type { ImageCache, ImageCacheList, Status } from '../types/index.js';
import { KubernetesResponseError, type RequestIdentity } from './errors.js';
import { excerptOf, type Scrub } from './redaction.js';
import { isRecord } from '../is-record.js';

/** The response a value came from, and the client's scrubber for anything quoted from it. */
export interface ResponseContext extends RequestIdentity {
  readonly statusCode: number;
  /** Masks the client's secrets in server text that goes into an error. */
  readonly scrub: Scrub;
}

/** Why `value` is not an ImageCache (or not the one named `expectedName`), or undefined when it is. */
function imageCacheProblem(value: unknown, expectedName?: string): string | undefined {
  if (!isRecord(value)) return 'expected an ImageCache object';
  if (value['kind'] !== IMAGE_CACHE_KIND) return `expected kind ${IMAGE_CACHE_KIND}, got ${JSON.stringify(value['kind'] ?? null)}`;
  if (value['apiVersion'] !== IMAGE_CACHE_API_VERSION)
    return `expected apiVersion ${IMAGE_CACHE_API_VERSION}, got ${JSON.stringify(value['apiVersion'] ?? null)}`;
  const metadata = value['metadata'];
  if (!isRecord(metadata) || typeof metadata['name'] !== 'string' || metadata['name'] === '') return 'the ImageCache has no metadata.name';
  if (expectedName !== undefined && metadata['name'] !== expectedName) {
    return `expected the ImageCache ${JSON.stringify(expectedName)}, got one named ${JSON.stringify(metadata['name'])}`;
  }
  if (value['spec'] !== undefined && !isRecord(value['spec'])) return 'the ImageCache spec is not an object';
  if (value['status'] !== undefined && value['status'] !== null && !isRecord(value['status'])) return 'the ImageCache status is not an object';
  return undefined;
}

function unexpected(context: ResponseContext, value: unknown, detail: string): KubernetesResponseError {
  return new KubernetesResponseError({
    method: context.method,
    path: context.path,
    problem: 'unexpected-object',
    statusCode: context.statusCode,
    contentType: 'application/json',
    excerpt: excerptOf(JSON.stringify(value) ?? String(value), context.scrub),
    // The detail quotes the server's kind, apiVersion or name: server text like the excerpt.
    detail: context.scrub(detail),
  });
}

/**
 * `value` as an ImageCache, or a {@link KubernetesResponseError} (`unexpected-object`). With
 * `expectedName`, an object of another name is refused too: the server (or something in between)
 * answered for a different object than the one asked for.
 *
 * @example
 * ```ts
 * const cache = expectImageCache(JSON.parse(body), { method: 'GET', path, statusCode: 200, scrub }, 'web');
 * ```
 */
export function expectImageCache(value: unknown, context: ResponseContext, expectedName?: string): ImageCache {
  const problem = imageCacheProblem(value, expectedName);
  if (problem) throw unexpected(context, value, problem);
  return value as ImageCache;
}

/**
 * `value` as an ImageCacheList whose every item is an ImageCache, or a {@link KubernetesResponseError}.
 *
 * @example
 * ```ts
 * const page = expectImageCacheList(JSON.parse(body), { method: 'GET', path, statusCode: 200, scrub });
 * ```
 */
export function expectImageCacheList(value: unknown, context: ResponseContext): ImageCacheList {
  if (!isRecord(value) || value['kind'] !== IMAGE_CACHE_LIST_KIND || !Array.isArray(value['items'])) {
    throw unexpected(context, value, `expected an ${IMAGE_CACHE_LIST_KIND} with items`);
  }
  const items = value['items'] as unknown[];
  for (let i = 0; i < items.length; i++) expectListItem(items[i], i, context);
  if (!isRecord(value['metadata'])) value['metadata'] = {};
  return value as unknown as ImageCacheList;
}

/**
 * `value`, item `index` of a list, as an ImageCache, or a {@link KubernetesResponseError} naming the item.
 *
 * @example
 * ```ts
 * const cache = expectListItem(page.items[0], 0, { method: 'GET', path, statusCode: 200, scrub });
 * ```
 */
export function expectListItem(value: unknown, index: number, context: ResponseContext): ImageCache {
  const problem = imageCacheProblem(value);
  if (problem) throw unexpected(context, value, `item ${index} of the list: ${problem}`);
  return value as ImageCache;
}

/**
 * True when `value` is a Kubernetes `Status` object.
 *
 * @example
 * ```ts
 * const result = await client.delete('web');
 * if (isStatus(result)) console.log(result.status); // 'Success'
 * ```
 */
export function isStatus(value: unknown): value is Status {
  return isRecord(value) && value['kind'] === 'Status';
}

/**
 * `value` as what a DELETE returns: the Status, or the object (still there while finalizers run).
 *
 * @example
 * ```ts
 * const result = expectImageCacheOrStatus(JSON.parse(body), { method: 'DELETE', path, statusCode: 200, scrub }, 'web');
 * ```
 */
export function expectImageCacheOrStatus(value: unknown, context: ResponseContext, expectedName?: string): ImageCache | Status {
  return isStatus(value) ? value : expectImageCache(value, context, expectedName);
}
