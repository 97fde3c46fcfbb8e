/**
 * eci-imagecache: a typed SDK for Alibaba Cloud ECI's ImageCache custom resource.
 * @packageDocumentation
 */
export * from './types/index.js';
export * from './validation/index.js';
export * from './matching/index.js';
export * from './client/index.js';
export * from './client/kubeconfig/index.js';
