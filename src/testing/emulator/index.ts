/**
 * The ImageCache API emulator: an in-process Kubernetes API server for the ImageCache resource
 * with a simulated ECI controller, for tests and demos.
 * @packageDocumentation
 */
export { startImageCacheEmulator, type ImageCacheEmulator, type ImageCacheEmulatorOptions } from './emulator.js';
export type { SimulatedEciController, ControllerOptions, ControllerStepDelays } from './controller.js';
export type {
  ImageCacheStore,
  ImageCacheStoreOptions,
  StoreListOptions,
  StoreWriteOptions,
  StoreCreateOptions,
  StoreUpdateOptions,
  StoreDeleteOptions,
  StoreDeleteResult,
  DeletePreconditions,
  StoreEvent,
  StoreWatch,
} from './store.js';
export type { EmulatorClock } from './clock.js';
export { EmulatorStatusError, isEmulatorStatusError, type FailureStatus } from './errors.js';
export type { JsonObject, JsonValue } from './json.js';
export { EMULATOR_DEFAULTS, CONTROLLER_DEFAULTS } from './defaults.js';
