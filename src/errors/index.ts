export { EciImageCacheError, isEciImageCacheError } from './base.js';
