/**
 * What a resource request is about, read from its method and path as kube-apiserver's RequestInfo
 * does: the verb (a GET is `get`, `list` or `watch`), the object's name and the subresource.
 * Namespaced paths match nothing (the resource is cluster-scoped): 404; other methods are 405.
 * @packageDocumentation
 */
import { IMAGE_CACHE_API_VERSION, IMAGE_CACHE_PLURAL } from '../../types/constants.js';
import { statusErrors } from './errors.js';
import { booleanParam } from './request-options.js';

/** The subresources the emulator serves. */
export type Subresource = 'status';

/** The target of a request: which verb, on which object. */
export type RequestTarget =
  | { readonly verb: 'get' | 'update' | 'patch'; readonly name: string; readonly subresource: Subresource | undefined }
  | { readonly verb: 'delete'; readonly name: string }
  | { readonly verb: 'list' | 'create' | 'deletecollection' }
  /** `name` is set by the legacy `/watch/imagecaches/<name>` path. */
  | { readonly verb: 'watch'; readonly name: string | undefined };

/** A verb of the API. */
export type Verb = RequestTarget['verb'];

const RESOURCE_BASE = `/apis/${IMAGE_CACHE_API_VERSION}/${IMAGE_CACHE_PLURAL}`;
const WATCH_BASE = `/apis/${IMAGE_CACHE_API_VERSION}/watch/${IMAGE_CACHE_PLURAL}`;

type Route =
  | { readonly kind: 'collection' }
  | { readonly kind: 'object'; readonly name: string }
  | { readonly kind: 'status'; readonly name: string }
  | { readonly kind: 'legacyWatch'; readonly name: string | undefined };

/** A path segment decoded; bad percent-encoding is the 400 kube-apiserver answers, not a failure of ours. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    const badEscape = /%(?![0-9A-Fa-f]{2}).{0,2}/s.exec(segment)?.[0] ?? segment;
    throw statusErrors.badRequest(`invalid URL escape ${JSON.stringify(badEscape)}`);
  }
}

function routeOf(path: string): Route | undefined {
  if (path === RESOURCE_BASE) return { kind: 'collection' };
  if (path === WATCH_BASE) return { kind: 'legacyWatch', name: undefined };
  const rest = (base: string) =>
    path.startsWith(`${base}/`)
      ? path
          .slice(base.length + 1)
          .split('/')
          .map(decodeSegment)
      : undefined;
  const watchParts = rest(WATCH_BASE);
  if (watchParts?.length === 1 && watchParts[0]) return { kind: 'legacyWatch', name: watchParts[0] };
  const parts = rest(RESOURCE_BASE);
  if (parts?.length === 1 && parts[0]) return { kind: 'object', name: parts[0] };
  if (parts?.length === 2 && parts[0] && parts[1] === 'status') return { kind: 'status', name: parts[0] };
  return undefined;
}

function verbOf(route: Route, method: string, query: URLSearchParams): RequestTarget | undefined {
  switch (route.kind) {
    case 'collection':
      if (method === 'GET') return booleanParam(query, 'watch') ? { verb: 'watch', name: undefined } : { verb: 'list' };
      if (method === 'POST') return { verb: 'create' };
      return method === 'DELETE' ? { verb: 'deletecollection' } : undefined;
    case 'legacyWatch':
      return method === 'GET' ? { verb: 'watch', name: route.name } : undefined;
    case 'object':
      if (method === 'DELETE') return { verb: 'delete', name: route.name };
      return objectVerb(method, route.name, undefined);
    case 'status':
      return objectVerb(method, route.name, 'status');
  }
}

// A Map, not an object literal: a method named like an Object.prototype key must find nothing.
const OBJECT_VERBS: ReadonlyMap<string, 'get' | 'update' | 'patch'> = new Map([
  ['GET', 'get'],
  ['PUT', 'update'],
  ['PATCH', 'patch'],
]);

function objectVerb(method: string, name: string, subresource: Subresource | undefined): RequestTarget | undefined {
  const verb = OBJECT_VERBS.get(method);
  return verb ? { verb, name, subresource } : undefined;
}

/**
 * The target of a request to `path` (already without a trailing slash). Throws 404 for a path
 * that names no resource, 405 for a method the path does not serve, 400 for bad percent-encoding.
 *
 * @example
 * ```ts
 * requestTarget('PUT', '/apis/eci.alibabacloud.com/v1/imagecaches/web/status', new URLSearchParams()); // { verb: 'update', name: 'web', subresource: 'status' }
 * ```
 */
export function requestTarget(method: string, path: string, query: URLSearchParams): RequestTarget {
  const route = routeOf(path);
  if (!route) throw statusErrors.pathNotFound();
  const target = verbOf(route, method, query);
  if (!target) throw statusErrors.methodNotAllowed();
  return target;
}
