import { docsPreamble } from '../preamble.js';
import { startImageCacheEmulator } from 'eci-imagecache/testing';

const emulator = await startImageCacheEmulator({
  now: () => new Date('2024-03-01T12:00:00Z'), // a fixed clock: ages and timestamps repeat
  controller: { autoStart: false, seed: 7, failImages: /^private\// },
});
// Point any client at emulator.url, or kubectl at emulator.kubeconfigPath:
//   kubectl --kubeconfig "$KUBECONFIG_PATH" create -f cache.yaml
//   kubectl --kubeconfig "$KUBECONFIG_PATH" get ic -w
emulator.controller?.settle(); // every build runs to Ready (or Failed) now
emulator.controller?.advance(8 * 24 * 3600 * 1000); // 8 days on: caches kept for 7 days are gone
await emulator.close();
export {};
