/**
 * Named types for the ImageCache resource. Everything here is an alias of the types generated from
 * `schema/imagecache.openapi.yaml` into `./openapi.ts`; only the phase union is widened by hand,
 * because servers may send phases this SDK does not know yet.
 * @packageDocumentation
 */
import type { components } from './openapi.js';
import type { KNOWN_IMAGE_CACHE_PHASES } from './constants.js';

export * from './constants.js';
export { isKnownPhase } from './phases.js';

type SchemaComponents = components['schemas'];
/**
 * The types openapi-typescript generates from each schema component of
 * `schema/imagecache.openapi.yaml`, by component name. The named types below are aliases of its
 * members; use them, and this only to reach a component that has no name of its own.
 */
export interface ImageCacheSchemas extends SchemaComponents {}

/** A phase this SDK knows: `Pending`, `Preparing`, `Creating`, `Ready`, `Failed`, `Updating`, `UpdateFailed`. */
export type KnownImageCachePhase = (typeof KNOWN_IMAGE_CACHE_PHASES)[number];
/** The phase of an ImageCache: a known phase, or any other string a newer server sends. */
export type ImageCachePhase = KnownImageCachePhase | (string & {});
/** A core/v1 Event recorded in an ImageCache's status while it was built. */
export type ImageCacheEvent = ImageCacheSchemas['ImageCacheEvent'];
/** What an ImageCache holds: images, pull secrets, size and retention. */
export type ImageCacheSpec = ImageCacheSchemas['ImageCacheSpec'];
/** What the ECI controller reports about an ImageCache. */
export type ImageCacheStatus = Omit<ImageCacheSchemas['ImageCacheStatus'], 'phase'> & {
  /** The lifecycle phase; open to phases this SDK does not know (see {@link isKnownPhase}). */
  phase?: ImageCachePhase | undefined;
};
/** Kubernetes object metadata, as a cluster-scoped object uses it. */
export type ObjectMeta = ImageCacheSchemas['ObjectMeta'];
/** Kubernetes list metadata. */
export type ListMeta = ImageCacheSchemas['ListMeta'];
/** An ImageCache custom resource (`eci.alibabacloud.com/v1`, cluster-scoped). */
export type ImageCache = Omit<ImageCacheSchemas['ImageCache'], 'status'> & {
  /** What the ECI controller reports; absent until it first writes it. */
  status?: ImageCacheStatus | undefined;
};
/** A page of ImageCaches as the API server lists them. */
export type ImageCacheList = Omit<ImageCacheSchemas['ImageCacheList'], 'items'> & {
  /** The caches of this page. */
  items: ImageCache[];
};
// Interfaces rather than aliases, so editors and declarations show the name, not the object shape.
type StatusSchema = ImageCacheSchemas['Status'];
type StatusDetailsSchema = ImageCacheSchemas['StatusDetails'];
type StatusCauseSchema = ImageCacheSchemas['StatusCause'];
/** The Kubernetes `Status` object returned with failures and by some deletes. */
export interface Status extends StatusSchema {}
/** Details of a Kubernetes `Status`. */
export interface StatusDetails extends StatusDetailsSchema {}
/** One cause in a `Status`'s details, e.g. a field that failed validation. */
export interface StatusCause extends StatusCauseSchema {}
/** The type of a watch event. */
export type WatchEventType = ImageCacheSchemas['WatchEvent']['type'];
/** One event of a watch stream on ImageCaches. */
export type ImageCacheWatchEvent = {
  /** What happened: `ADDED`, `MODIFIED`, `DELETED`, `BOOKMARK` or `ERROR`. */
  type: WatchEventType;
  /** The cache; a `Status` for `ERROR` (e.g. 410 Gone). */
  object: ImageCache | Status;
};
/** What a caller writes to create an ImageCache: apiVersion and kind may be left out. */
export type ImageCacheInput = Omit<ImageCache, 'apiVersion' | 'kind' | 'status'> & {
  /** `eci.alibabacloud.com/v1`; filled in when left out. */
  apiVersion?: ImageCache['apiVersion'] | undefined;
  /** `ImageCache`; filled in when left out. */
  kind?: ImageCache['kind'] | undefined;
  /** Ignored by the server on create (status belongs to the controller); allowed so a read object can be passed back. */
  status?: ImageCacheStatus | undefined;
};
