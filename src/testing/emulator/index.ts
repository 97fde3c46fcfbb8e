/**
 * The ImageCache API emulator: an in-process Kubernetes API server for the ImageCache resource
 * with a simulated ECI controller, for tests and demos.
 * @packageDocumentation
 */
export { startImageCacheEmulator, type ImageCacheEmulator, type ImageCacheEmulatorOptions } from './emulator.js';
export { SimulatedEciController, type ControllerOptions, type ControllerStepDelays } from './controller.js';
export {
  ImageCacheStore,
  type ImageCacheStoreOptions,
  type StoreListOptions,
  type StoreWriteOptions,
  type StoreCreateOptions,
  type StoreUpdateOptions,
  type StoreDeleteOptions,
  type StoreDeleteResult,
  type DeletePreconditions,
  type StoreEvent,
  type StoreWatch,
} from './store.js';
export { createEmulatorClock, type EmulatorClock } from './clock.js';
export { EmulatorStatusError, isEmulatorStatusError } from './errors.js';
export { emulatorKubeconfig } from './kubeconfig.js';
export { EMULATOR_DEFAULTS, CONTROLLER_DEFAULTS } from './defaults.js';
