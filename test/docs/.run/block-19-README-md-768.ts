import { docsPreamble } from '../preamble.js';
import { startImageCacheEmulator, isEmulatorStatusError, EmulatorStatusError, type ImageCacheStore, type SimulatedEciController } from 'eci-imagecache/testing';

const emulator = await startImageCacheEmulator({ controller: { autoStart: false } });
await emulator.client.create({ metadata: { name: 'web' }, spec: { images: ['nginx'] } }); // a connected ImageCacheClient
const controller: SimulatedEciController | undefined = emulator.controller;
controller?.settle();
const store: ImageCacheStore = emulator.store; // direct access, no HTTP
try {
  store.create({ metadata: { name: 'web' }, spec: { images: ['nginx'] } });
} catch (err) {
  if (isEmulatorStatusError(err)) console.log(err.status.reason); // an EmulatorStatusError: AlreadyExists
}
await emulator.close();
export {};
