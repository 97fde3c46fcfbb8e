/**
 * Runs the SDK's ImageCache emulator (controller off: status changes only when written) in its own
 * process for the waitForReady benchmark, so serving the watch does not share an event loop with
 * the waiting client. Sends `{ type: 'ready', url }` over IPC, or `{ type: 'unavailable', reason }`;
 * stops when the parent disconnects.
 * @packageDocumentation
 */
import { loadEmulator } from '../harness/sdk.js';

/** What the host tells its parent. */
export type EmulatorHostMessage = { readonly type: 'ready'; readonly url: string } | { readonly type: 'unavailable'; readonly reason: string };

function send(message: EmulatorHostMessage, then?: () => void): void {
  process.send?.(message, undefined, {}, () => then?.());
}

async function host(): Promise<void> {
  const testing = await loadEmulator();
  if (typeof testing === 'string') {
    send({ type: 'unavailable', reason: testing }, () => process.exit(0));
    return;
  }
  const emulator = await testing.startImageCacheEmulator({ controller: false });
  process.on('disconnect', () => {
    void emulator.close().finally(() => process.exit(0));
  });
  send({ type: 'ready', url: emulator.url });
}

await host();
