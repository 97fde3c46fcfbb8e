import type { ImageCache, ImageCachePhase } from '../types/index.js';
import { ImageCacheWaitError } from './errors.js';
import type { WatchOptions, WatchStreamEvent } from './watch.js';

/** What `onProgress` receives each time the phase or the progress changes. */
export interface ImageCacheProgress {
  /** The phase, if the controller set one yet. */
  readonly phase: ImageCachePhase | undefined;
  /** The progress, e.g. `"45%"`, if the controller set one yet. */
  readonly progress: string | undefined;
  /** The whole object as last seen. */
  readonly imageCache: ImageCache;
}

/** Options of {@link ImageCacheClient.waitForReady}. */
export interface WaitForReadyOptions {
  /** Give up after this long; the client's `waitForReadyTimeoutMs` (30 minutes) by default. */
  readonly timeoutMs?: number | undefined;
  /** Stops waiting: the promise rejects with an {@link ImageCacheWaitError} of kind `aborted`. */
  readonly signal?: AbortSignal | undefined;
  /** Called with the first state seen and then on every change of phase or progress. */
  readonly onProgress?: ((progress: ImageCacheProgress) => void) | undefined;
}

/** What waiting needs from the client. */
export interface WaitContext {
  get(name: string, options: { signal: AbortSignal }): Promise<ImageCache>;
  watch(options: WatchOptions): AsyncIterable<WatchStreamEvent>;
}

// Phases after which the controller will not make the cache Ready by itself.
const FAILED_PHASES: ReadonlySet<string> = new Set(['Failed', 'UpdateFailed']);

/**
 * Waits for the cache to be Ready: one GET, then a watch on that single object from the GET's
 * resourceVersion. See {@link ImageCacheClient.waitForReady}.
 *
 * @example
 * ```ts
 * const ready = await waitForImageCacheReady(client, 'web', 60_000, { onProgress: (p) => console.log(p.progress) });
 * ```
 */
export async function waitForImageCacheReady(context: WaitContext, name: string, timeoutMs: number, options: WaitForReadyOptions = {}): Promise<ImageCache> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const forwardAbort = (): void => controller.abort();
  if (options.signal?.aborted) controller.abort();
  options.signal?.addEventListener('abort', forwardAbort, { once: true });

  let last: ImageCache | undefined;
  let reportedPhase: string | undefined;
  let reportedProgress: string | undefined;
  let reportedOnce = false;
  // Resolves with the cache when Ready, throws when it failed, returns undefined to keep waiting.
  const observe = (imageCache: ImageCache): ImageCache | undefined => {
    last = imageCache;
    const phase = imageCache.status?.phase;
    const progress = imageCache.status?.progress;
    if (!reportedOnce || phase !== reportedPhase || progress !== reportedProgress) {
      reportedOnce = true;
      reportedPhase = phase;
      reportedProgress = progress;
      options.onProgress?.({ phase, progress, imageCache });
    }
    if (phase === 'Ready') return imageCache;
    if (phase !== undefined && FAILED_PHASES.has(phase)) {
      throw new ImageCacheWaitError('failed', name, imageCache.status, imageCache.status?.reason);
    }
    return undefined;
  };
  const stopped = (): ImageCacheWaitError => new ImageCacheWaitError(timedOut ? 'timeout' : 'aborted', name, last?.status);

  try {
    const current = await context.get(name, { signal: controller.signal });
    const readyNow = observe(current);
    if (readyNow) return readyNow;
    const events = context.watch({
      fieldSelector: `metadata.name=${name}`,
      signal: controller.signal,
      ...(current.metadata.resourceVersion ? { resourceVersion: current.metadata.resourceVersion } : {}),
    });
    for await (const event of events) {
      if (event.type === 'BOOKMARK') continue;
      if (event.type === 'RELISTED') {
        const found = event.objects.find((object) => object.metadata.name === name);
        if (!found) throw new ImageCacheWaitError('deleted', name, last?.status);
        const ready = observe(found);
        if (ready) return ready;
        continue;
      }
      if (event.object.metadata.name !== name) continue;
      if (event.type === 'DELETED') {
        last = event.object;
        throw new ImageCacheWaitError('deleted', name, event.object.status);
      }
      const ready = observe(event.object);
      if (ready) return ready;
    }
    // The watch ends only when our signal fired.
    throw stopped();
  } catch (error) {
    if (error instanceof ImageCacheWaitError) throw error;
    if (controller.signal.aborted) throw stopped();
    throw error;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', forwardAbort);
  }
}
