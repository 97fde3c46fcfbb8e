import { docsPreamble } from '../preamble.js';
const { caches, deployment } = docsPreamble();
import { expect } from 'vitest';
import { imageCacheMatchers, type ImageCacheMatchers } from 'eci-imagecache/testing';

declare module 'vitest' {
  interface Assertion<T> extends ImageCacheMatchers<void> {}
}
expect.extend(imageCacheMatchers);

const now = new Date('2026-11-27T12:00:00Z'); // fixed, so expiry does not depend on the day
expect(deployment).toUseImageCache(caches, undefined, { now }); // some cache is selected
expect(deployment).toUseImageCache(caches, 'web-release-42', { now }); // this one, by name or imc- id
expect(deployment).toBeFullyCoveredBy(caches, { now }); // one cache holds every image
export {};
