/**
 * A simulated ECI controller: it builds every ImageCache the way virtual-kubelet reports it,
 * through the status subresource. Pending, Preparing (an `imc-` id is assigned), Creating with
 * progress rising step by step and a "Success pull image X" event per image, then Ready with
 * `expireDateTime` from `retentionDays`. Images matching `failImages` fail the build (phase
 * Failed, expiring 24 hours on). Expired caches are deleted. A spec change of a Ready cache
 * rebuilds it through Updating (UpdateFailed on failure).
 *
 * Time comes from an {@link EmulatorClock}, so a test can run a build to its end with `settle()`
 * or move through it with `advance(ms)` instead of waiting.
 * @packageDocumentation
 */
import { randomInt } from 'node:crypto';
import type { ImageCache, ImageCacheEvent, ImageCacheStatus } from '../../types/index.js';
import { createEmulatorClock, kubernetesTime, type EmulatorClock } from './clock.js';
import { CONTROLLER_DEFAULTS } from './defaults.js';
import { isEmulatorStatusError } from './errors.js';
import type { ImageCacheStore } from './store.js';

/** How long each step of a build takes, in emulator-clock milliseconds. */
export interface ControllerStepDelays {
  /** Pending to Preparing. */
  readonly pendingMs: number;
  /** Preparing to Creating. */
  readonly preparingMs: number;
  /** Between two progress steps while Creating or Updating. */
  readonly progressStepMs: number;
}

/** Options of the simulated ECI controller. */
export interface ControllerOptions {
  /** The base clock; inject a fixed one for deterministic tests. @defaultValue the real clock */
  readonly now?: (() => Date) | undefined;
  /** How often the controller looks for work when running on its own, in real milliseconds. @defaultValue 100 */
  readonly tickMs?: number | undefined;
  /** Duration of each build step. @defaultValue 500 ms each */
  readonly stepDelays?: Partial<ControllerStepDelays> | undefined;
  /** Progress values reported while building, ascending, ending at 100. @defaultValue [0, 25, 50, 75, 100] */
  readonly progressSteps?: readonly number[] | undefined;
  /** Images whose pull fails, failing the build. @defaultValue none */
  readonly failImages?: (RegExp | ((image: string) => boolean)) | undefined;
  /** Seed for `imc-` ids, making them the same on every run; random when absent. */
  readonly seed?: number | undefined;
  /** Start the background loop at once; without it, only `tick`, `advance` and `settle` move builds. @defaultValue true */
  readonly autoStart?: boolean | undefined;
}

type Phase = 'Pending' | 'Preparing' | 'Creating' | 'Updating' | 'Ready' | 'Failed' | 'UpdateFailed';

interface Action {
  readonly at: number;
  readonly kind: 'build' | 'expire';
  run(): boolean;
}

interface Memory {
  /** When the object's next build step is due. */
  dueAt: number;
  /** The generation the last finished build was for. */
  observedGeneration: number;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const DAY_MS = 24 * 60 * 60 * 1000;

function seededRandom(seed: number): (bound: number) => number {
  let state = seed >>> 0;
  return (bound) => {
    // mulberry32: small, fast and good enough for ids that only need to look random.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * bound);
  };
}

function progressValue(progress: string | undefined): number {
  const value = Number.parseInt(progress ?? '0', 10);
  return Number.isFinite(value) ? value : 0;
}

/**
 * The simulated ECI controller. Create it through `startImageCacheEmulator`, which shares its
 * clock with the store.
 *
 * @example
 * ```ts
 * const emulator = await startImageCacheEmulator({ controller: { autoStart: false, seed: 1 } });
 * emulator.store.create(cache);
 * emulator.controller?.settle(); // the cache is Ready now, at 100%
 * ```
 */
export class SimulatedEciController {
  /** The clock the controller schedules by (shared with the store). */
  readonly clock: EmulatorClock;
  readonly #delays: ControllerStepDelays;
  readonly #steps: readonly number[];
  readonly #fails: (image: string) => boolean;
  readonly #random: (bound: number) => number;
  readonly #tickMs: number;
  readonly #memory = new Map<string, Memory>();
  #timer: NodeJS.Timeout | undefined;
  readonly #store: ImageCacheStore;

  constructor(store: ImageCacheStore, options: ControllerOptions = {}, clock: EmulatorClock = createEmulatorClock(options.now)) {
    this.#store = store;
    this.clock = clock;
    this.#delays = {
      pendingMs: options.stepDelays?.pendingMs ?? CONTROLLER_DEFAULTS.pendingMs,
      preparingMs: options.stepDelays?.preparingMs ?? CONTROLLER_DEFAULTS.preparingMs,
      progressStepMs: options.stepDelays?.progressStepMs ?? CONTROLLER_DEFAULTS.progressStepMs,
    };
    const steps = [...(options.progressSteps ?? CONTROLLER_DEFAULTS.progressSteps)].filter((s) => s >= 0 && s <= 100).sort((a, b) => a - b);
    if (steps[steps.length - 1] !== 100) steps.push(100);
    if (steps.length < 2) steps.unshift(0);
    this.#steps = steps;
    const failImages = options.failImages;
    this.#fails =
      failImages === undefined
        ? () => false
        : typeof failImages === 'function'
          ? failImages
          : (image) => new RegExp(failImages.source, failImages.flags.replace('g', '')).test(image);
    this.#random = options.seed === undefined ? (bound) => randomInt(bound) : seededRandom(options.seed);
    this.#tickMs = options.tickMs ?? CONTROLLER_DEFAULTS.tickMs;
    if (options.autoStart ?? true) this.start();
  }

  /** True while the background loop runs. */
  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** Starts the background loop, which calls {@link SimulatedEciController.tick} every `tickMs` real milliseconds. */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      try {
        this.tick();
      } catch {
        // The loop must survive a failed write; the next tick retries.
      }
    }, this.#tickMs);
    this.#timer.unref();
  }

  /** Stops the background loop. Builds stay where they are until ticked again. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /**
   * Runs every step that is due at the clock's current time; returns how many ran.
   *
   * @example
   * ```ts
   * store.create(cache);
   * controller.tick(); // the new cache is Pending
   * ```
   */
  tick(): number {
    const now = this.clock.now().getTime();
    let ran = 0;
    const seen = new Set<string>();
    for (const object of this.#store.list().items) {
      seen.add(object.metadata.uid ?? '');
      const action = this.#nextAction(object, now);
      if (action && action.at <= now && action.run()) ran++;
    }
    for (const uid of this.#memory.keys()) if (!seen.has(uid)) this.#memory.delete(uid);
    return ran;
  }

  /**
   * Moves the clock forward by `ms`, running every step that falls due on the way at its own time
   * (expiry included); returns how many ran.
   *
   * @example
   * ```ts
   * controller.advance(8 * 24 * 60 * 60 * 1000); // a cache kept for 7 days is gone
   * ```
   */
  advance(ms: number): number {
    const target = this.clock.now().getTime() + Math.max(0, ms);
    const ran = this.#runUntil((at) => at <= target, Infinity);
    const now = this.clock.now().getTime();
    if (target > now) this.clock.advance(target - now);
    return ran + this.tick();
  }

  /**
   * Runs every build to its end (Ready, Failed or UpdateFailed), moving the clock to each step's
   * time; expiry is left alone. Returns how many steps ran.
   *
   * @example
   * ```ts
   * controller.settle();
   * store.get('web').status?.phase; // 'Ready'
   * ```
   */
  settle(options: { readonly maxSteps?: number } = {}): number {
    return this.#runUntil(() => true, options.maxSteps ?? 10_000, 'build');
  }

  #runUntil(accept: (at: number) => boolean, maxSteps: number, only?: Action['kind']): number {
    let ran = 0;
    while (ran < maxSteps) {
      const now = this.clock.now().getTime();
      const next = this.#earliest(now, only);
      if (next === undefined || !accept(next)) break;
      if (next > now) this.clock.advance(next - now);
      const stepped = only ? this.#tickOnly(only) : this.tick();
      if (stepped === 0) break;
      ran += stepped;
    }
    return ran;
  }

  #tickOnly(kind: Action['kind']): number {
    const now = this.clock.now().getTime();
    let ran = 0;
    for (const object of this.#store.list().items) {
      const action = this.#nextAction(object, now);
      if (action && action.kind === kind && action.at <= now && action.run()) ran++;
    }
    return ran;
  }

  #earliest(now: number, only?: Action['kind']): number | undefined {
    let earliest: number | undefined;
    for (const object of this.#store.list().items) {
      const action = this.#nextAction(object, now);
      if (action && (!only || action.kind === only) && (earliest === undefined || action.at < earliest)) earliest = action.at;
    }
    return earliest;
  }

  #remember(object: ImageCache, now: number, phase: string | undefined): Memory {
    const uid = object.metadata.uid ?? '';
    let memory = this.#memory.get(uid);
    if (!memory) {
      const generation = object.metadata.generation ?? 1;
      memory = { dueAt: phase === undefined ? now : now + this.#delayAfter(phase), observedGeneration: phase === undefined ? 0 : generation };
      this.#memory.set(uid, memory);
    }
    return memory;
  }

  #delayAfter(phase: string): number {
    if (phase === 'Pending') return this.#delays.pendingMs;
    if (phase === 'Preparing') return this.#delays.preparingMs;
    return this.#delays.progressStepMs;
  }

  #nextAction(object: ImageCache, now: number): Action | undefined {
    if (object.metadata.deletionTimestamp) return undefined;
    const status = object.status ?? {};
    const phase = status.phase as Phase | undefined;
    const memory = this.#remember(object, now, phase);
    const build = (run: () => boolean): Action => ({ at: memory.dueAt, kind: 'build', run });
    const expireAt = status.expireDateTime ? Date.parse(status.expireDateTime) : Number.NaN;
    const expiry: Action | undefined = Number.isFinite(expireAt) ? { at: expireAt, kind: 'expire', run: () => this.#expire(object) } : undefined;
    const generationChanged = (object.metadata.generation ?? 1) > memory.observedGeneration;
    switch (phase) {
      case undefined:
        return build(() => this.#write(object, memory, { phase: 'Pending', startTime: this.#timestamp(), lastUpdatedTime: this.#timestamp() }, 'Pending'));
      case 'Pending':
        return build(() =>
          this.#write(
            object,
            memory,
            { ...status, phase: 'Preparing', imageCacheId: status.imageCacheId ?? this.#newId(), lastUpdatedTime: this.#timestamp() },
            'Preparing',
          ),
        );
      case 'Preparing':
        return build(() => this.#startPulling(object, memory, 'Creating'));
      case 'Creating':
      case 'Updating':
        return build(() => this.#progress(object, memory, phase));
      case 'Ready':
      case 'UpdateFailed':
        if (generationChanged && !(expiry && expiry.at <= now)) {
          return build(() => this.#startPulling(object, memory, 'Updating'));
        }
        return expiry;
      case 'Failed':
        return expiry;
      default:
        // A phase this controller does not know is someone else's business.
        return undefined;
    }
  }

  /** Starts pulling at the first progress step: a first build (Creating), or a rebuild after a spec change (Updating). */
  #startPulling(object: ImageCache, memory: Memory, phase: 'Creating' | 'Updating'): boolean {
    const status = object.status ?? {};
    return this.#write(object, memory, { ...status, phase, progress: `${this.#steps[0]}%`, events: [], lastUpdatedTime: this.#timestamp() }, phase);
  }

  #progress(object: ImageCache, memory: Memory, phase: 'Creating' | 'Updating'): boolean {
    const status = object.status ?? {};
    const images = object.spec.images;
    const value = progressValue(status.progress);
    let index = this.#steps.findIndex((step) => step >= value);
    if (index < 0) index = this.#steps.length - 1;
    const nextIndex = Math.min(index + 1, this.#steps.length - 1);
    const pulledBy = (i: number) => Math.floor((images.length * i) / (this.#steps.length - 1));
    const events: ImageCacheEvent[] = [...(status.events ?? [])];
    for (const image of images.slice(pulledBy(index), pulledBy(nextIndex))) {
      if (this.#fails(image)) {
        events.push(this.#event(image, 'Warning', `Failed to pull image ${image}`, 'Failed'));
        return this.#write(
          object,
          memory,
          {
            ...status,
            phase: phase === 'Creating' ? 'Failed' : 'UpdateFailed',
            events,
            lastUpdatedTime: this.#timestamp(),
            expireDateTime: kubernetesTime(new Date(this.clock.now().getTime() + CONTROLLER_DEFAULTS.failedRetentionMs)),
          },
          undefined,
          object.metadata.generation,
        );
      }
      events.push(this.#event(image, 'Normal', `Success pull image ${image}`));
    }
    const done = nextIndex === this.#steps.length - 1;
    const next: ImageCacheStatus = {
      ...status,
      phase: done ? 'Ready' : phase,
      progress: `${this.#steps[nextIndex]}%`,
      events,
      lastUpdatedTime: this.#timestamp(),
    };
    if (done) {
      const retentionDays = object.spec.retentionDays;
      const created = Date.parse(object.metadata.creationTimestamp ?? '');
      if (retentionDays !== undefined && Number.isFinite(created)) next.expireDateTime = kubernetesTime(new Date(created + retentionDays * DAY_MS));
      else delete next.expireDateTime;
    }
    return this.#write(object, memory, next, done ? undefined : phase, done ? object.metadata.generation : undefined);
  }

  #expire(object: ImageCache): boolean {
    try {
      this.#store.delete(object.metadata.name ?? '', { preconditions: { uid: object.metadata.uid } });
      return true;
    } catch (error) {
      if (isEmulatorStatusError(error)) return false;
      throw error;
    }
  }

  /** Writes status through the status subresource; a conflict or a vanished object waits for the next tick. */
  #write(object: ImageCache, memory: Memory, status: ImageCacheStatus, nextPhase: string | undefined, finishedGeneration?: number): boolean {
    try {
      this.#store.update(object.metadata.name ?? '', { ...object, status }, { subresource: 'status' });
    } catch (error) {
      if (isEmulatorStatusError(error) && (error.code === 409 || error.code === 404)) return false;
      throw error;
    }
    memory.dueAt = this.clock.now().getTime() + (nextPhase ? this.#delayAfter(nextPhase) : 0);
    if (finishedGeneration !== undefined) memory.observedGeneration = finishedGeneration;
    return true;
  }

  #event(image: string, type: 'Normal' | 'Warning', message: string, reason?: string): ImageCacheEvent {
    const at = this.#timestamp();
    return {
      metadata: { name: image, creationTimestamp: null },
      involvedObject: {},
      ...(reason ? { reason } : {}),
      message,
      source: { component: 'kubelet', host: CONTROLLER_DEFAULTS.eventHost },
      firstTimestamp: at,
      lastTimestamp: at,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: '',
      reportingInstance: '',
    };
  }

  #timestamp(): string {
    return kubernetesTime(this.clock.now());
  }

  #newId(): string {
    let id = 'imc-';
    for (let i = 0; i < 20; i++) id += ID_ALPHABET[this.#random(ID_ALPHABET.length)];
    return id;
  }
}
