import { docsPreamble } from '../preamble.js';
const { client } = docsPreamble();
import {
  ImageCacheClientError,
  KubernetesApiError,
  KubernetesNetworkError,
  KubernetesResponseError,
  RequestTimeoutError,
  RequestAbortedError,
  WatchFailedError,
  ImageCacheWaitError,
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
  isWatchFailedError,
  isImageCacheValidationError,
  isStatus,
} from 'eci-imagecache';

try {
  const result = await client.delete('web');
  if (isStatus(result)) console.log(result.status); // a Status, or the object while finalizers hold it
} catch (err) {
  if (isImageCacheValidationError(err))
    console.error(err.issues); // nothing was sent
  else if (isNotFound(err) || isGone(err)) console.log('already gone');
  else if (isInvalid(err)) console.error(err.causes.map((c) => `${c.field}: ${c.message}`));
  else if (isAlreadyExists(err) || isConflict(err)) console.error('re-read and try again');
  else if (isForbidden(err) || isUnauthorized(err)) console.error(err.status.message);
  else if (isTooManyRequests(err)) console.error(`the server asks to wait ${err.retryAfterMs} ms`);
  else if (isRequestTimeout(err) || isTimeout(err))
    console.error('timed out'); // client side or server side
  else if (isAbortError(err))
    console.log('cancelled'); // a RequestAbortedError: our signal fired
  else if (isNetworkError(err))
    console.error(err.code); // a KubernetesNetworkError: ECONNREFUSED, ...
  else if (isResponseTooLarge(err))
    console.error(`over ${err.limitBytes} bytes`); // a ResponseTooLargeError: list with a smaller limit
  else if (isResponseError(err))
    console.error(err.problem, err.excerpt); // e.g. an HTML page from a proxy
  else if (isKubernetesApiError(err)) console.error(err.statusCode, err.reason);
  else if (isWatchFailedError(err)) console.error('the watch kept failing');
  else throw err;
}
// All of them extend ImageCacheClientError; instanceof works too:
// err instanceof KubernetesApiError, KubernetesNetworkError, RequestTimeoutError (a network error),
// RequestAbortedError, KubernetesResponseError, WatchFailedError, ImageCacheWaitError.
export {};
