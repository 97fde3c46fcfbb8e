/**
 * The emulator's clock: a base clock (the real one unless a test injects one) plus an offset that
 * only moves forward, so tests can jump ahead without sleeping.
 * @packageDocumentation
 */

/** Time as the emulator sees it. The store stamps objects with it and the controller schedules by it. */
export interface EmulatorClock {
  /** The current time. */
  now(): Date;
  /** Moves the clock forward by `ms` milliseconds (negative values are ignored). */
  advance(ms: number): void;
  /** How far {@link EmulatorClock.advance} has moved the clock past the base clock, in milliseconds. */
  readonly offsetMs: number;
}

/**
 * Creates a clock that follows `base` and can be moved forward.
 *
 * @example
 * ```ts
 * const clock = createEmulatorClock(() => new Date('2024-01-01T00:00:00Z'));
 * clock.advance(60_000);
 * clock.now().toISOString(); // '2024-01-01T00:01:00.000Z'
 * ```
 */
export function createEmulatorClock(base: () => Date = () => new Date()): EmulatorClock {
  let offsetMs = 0;
  return {
    now: () => new Date(base().getTime() + offsetMs),
    advance(ms: number) {
      if (Number.isFinite(ms) && ms > 0) offsetMs += ms;
    },
    get offsetMs() {
      return offsetMs;
    },
  };
}

/**
 * RFC 3339 with whole seconds, the precision of Kubernetes' `metav1.Time`.
 *
 * @example
 * ```ts
 * kubernetesTime(new Date('2024-01-01T00:00:00.750Z')); // '2024-01-01T00:00:00Z'
 * ```
 */
export function kubernetesTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
