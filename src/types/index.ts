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

type Schemas = components['schemas'];

/** A phase this SDK knows: `Pending`, `Preparing`, `Creating`, `Ready`, `Failed`, `Updating`, `UpdateFailed`. */
export type KnownImageCachePhase = (typeof KNOWN_IMAGE_CACHE_PHASES)[number];
/** The phase of an ImageCache: a known phase, or any other string a newer server sends. */
export type ImageCachePhase = KnownImageCachePhase | (string & {});
/** A core/v1 Event recorded in an ImageCache's status while it was built. */
export type ImageCacheEvent = Schemas['ImageCacheEvent'];
/** What an ImageCache holds: images, pull secrets, size and retention. */
export type ImageCacheSpec = Schemas['ImageCacheSpec'];
/** What the ECI controller reports about an ImageCache. */
export type ImageCacheStatus = Omit<Schemas['ImageCacheStatus'], 'phase'> & { phase?: ImageCachePhase | undefined };
/** Kubernetes object metadata, as a cluster-scoped object uses it. */
export type ObjectMeta = Schemas['ObjectMeta'];
/** Kubernetes list metadata. */
export type ListMeta = Schemas['ListMeta'];
/** An ImageCache custom resource (`eci.alibabacloud.com/v1`, cluster-scoped). */
export type ImageCache = Omit<Schemas['ImageCache'], 'status'> & { status?: ImageCacheStatus | undefined };
/** A page of ImageCaches as the API server lists them. */
export type ImageCacheList = Omit<Schemas['ImageCacheList'], 'items'> & { items: ImageCache[] };
// Interfaces rather than aliases, so editors and declarations show the name, not the object shape.
type StatusSchema = Schemas['Status'];
type StatusDetailsSchema = Schemas['StatusDetails'];
type StatusCauseSchema = Schemas['StatusCause'];
/** The Kubernetes `Status` object returned with failures and by some deletes. */
export interface Status extends StatusSchema {}
/** Details of a Kubernetes `Status`. */
export interface StatusDetails extends StatusDetailsSchema {}
/** One cause in a `Status`'s details, e.g. a field that failed validation. */
export interface StatusCause extends StatusCauseSchema {}
/** The type of a watch event. */
export type WatchEventType = Schemas['WatchEvent']['type'];
/** One event of a watch stream on ImageCaches. */
export type ImageCacheWatchEvent = { type: WatchEventType; object: ImageCache | Status };
/** What a caller writes to create an ImageCache: apiVersion and kind may be left out. */
export type ImageCacheInput = Omit<ImageCache, 'apiVersion' | 'kind' | 'status'> & {
  apiVersion?: ImageCache['apiVersion'] | undefined;
  kind?: ImageCache['kind'] | undefined;
  status?: ImageCacheStatus | undefined;
};
