/**
 * Polls `check` every `pollMs` until it holds; rejects naming `what` once `timeoutMs` has passed.
 * For tests that wait on an informer or a server reaching a state, without a fixed sleep.
 */
export async function until(check: () => boolean, what: string, timeoutMs = 5000, pollMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
