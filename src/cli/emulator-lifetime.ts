import { rmSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Removes the emulator's temporary kubeconfig folder when the process exits by any way that runs
 * exit handlers (an uncaught error, `process.exit`), not only after a clean `close()`. SIGINT,
 * SIGTERM and SIGHUP end the command through its abort signal, which closes the emulator.
 * Returns the function that unregisters it.
 */
export function removeKubeconfigOnExit(kubeconfigPath: string): () => void {
  const remove = () => rmSync(dirname(kubeconfigPath), { recursive: true, force: true });
  process.once('exit', remove);
  return () => process.removeListener('exit', remove);
}

/** Resolves when `signal` aborts (Ctrl-C, SIGTERM, SIGHUP). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
