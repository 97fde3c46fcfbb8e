/**
 * The ImageCache REST client: typed CRUD, pagination, watch and waitForReady on axios, with
 * typed errors, retries, timeouts and redacted logging.
 * @packageDocumentation
 */
export { ImageCacheClient } from './client.js';
export type {
  RequestOptions,
  CreateOptions,
  ReplaceOptions,
  ListOptions,
  ListAllOptions,
  DeleteOptions,
  EnsureResult,
} from './request-options.js';
export type {
  ImageCacheMergePatch,
  MergePatchOf,
  JsonPatchOperation,
  ImageCacheApplyConfiguration,
  PatchOptions,
  MergePatchOptions,
  JsonPatchOptions,
  ApplyPatchOptions,
} from './patch-types.js';
export type {
  WatchOptions,
  WatchStreamEvent,
  ImageCacheChangeEvent,
  ImageCacheBookmarkEvent,
  ImageCacheRelistedEvent,
} from './watch.js';
export type { WaitForReadyOptions, ImageCacheProgress } from './wait-for-ready.js';
export type { Selector } from './paths.js';
export { isStatus } from './boundary.js';
export { DEFAULT_CLIENT_OPTIONS } from './options.js';
export type {
  ImageCacheClientOptions,
  ResolvedClientOptions,
  RetryPolicy,
  ClientHooks,
  RequestLogRecord,
  ResponseLogRecord,
  RetryLogRecord,
} from './options.js';
export {
  ImageCacheClientError,
  KubernetesApiError,
  KubernetesNetworkError,
  RequestTimeoutError,
  RequestAbortedError,
  KubernetesResponseError,
  ResponseTooLargeError,
  PlainHttpCredentialsError,
  ImageCacheWaitError,
  ImageCacheSpecConflictError,
  WatchFailedError,
  PaginationError,
  InitialEventsIncompleteError,
  isKubernetesApiError,
  isNotFound,
  isAlreadyExists,
  isConflict,
  isInvalid,
  isForbidden,
  isUnauthorized,
  isTooManyRequests,
  isGone,
  isTimeout,
  isNetworkError,
  isRequestTimeout,
  isAbortError,
  isResponseError,
  isResponseTooLarge,
  isPlainHttpCredentialsError,
  isImageCacheWaitError,
  isImageCacheSpecConflictError,
  isWatchFailedError,
  isPaginationError,
} from './errors.js';
export type {
  ResponseProblem,
  ImageCacheWaitFailure,
  RequestIdentity,
  PaginationProblem,
  KubernetesApiErrorInit,
  KubernetesNetworkErrorInit,
} from './errors.js';
export type { ClusterConnection, CredentialProvider, Impersonation } from './connection.js';
export { SDK_VERSION } from './version.js';
export { ImageCacheInformer } from './informer/informer.js';
export type { InformerOptions, WaitForSyncOptions } from './informer/informer.js';
export type { InformerDelta } from './informer/store.js';
export type { InformerEventMap, InformerHandler } from './informer/dispatcher.js';
export type { InformerSyncMode } from './informer/reflector.js';
export type { LiveImageCacheMatcher } from './informer/live-matcher.js';
export { InformerHandlerError, isInformerHandlerError, InformerSyncError, isInformerSyncError } from './informer/errors.js';
export type { InformerSyncFailure } from './informer/errors.js';
