import { docsPreamble } from '../preamble.js';
const { caches, pod } = docsPreamble();
import {
  readPodCacheAnnotations,
  selectImageCache,
  parseImageReference,
  isUnsupportedTargetError,
  UnsupportedTargetError,
  isInvalidMatchOptionError,
  InvalidMatchOptionError,
  isImageReferenceError,
} from 'eci-imagecache/matching';

readPodCacheAnnotations({ 'k8s.aliyun.com/eci-image-cache': 'true' }); // what ECI reads from a pod template
try {
  selectImageCache({ kind: 'Service' } as never, caches); // not a pod or workload
} catch (err) {
  if (isUnsupportedTargetError(err)) console.error(err.kind); // an UnsupportedTargetError
}
try {
  selectImageCache(pod, caches, { sizeRank: 'biggest' as never });
} catch (err) {
  if (isInvalidMatchOptionError(err)) console.error(err.option); // an InvalidMatchOptionError
}
try {
  parseImageReference('Nginx');
} catch (err) {
  if (isImageReferenceError(err)) console.error(err.reason);
}
export {};
