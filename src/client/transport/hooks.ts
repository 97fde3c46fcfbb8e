/**
 * The caller's logging hooks, called in one place: every record carries the display URL (no user
 * info) and redacted headers, and a hook that throws is ignored.
 */
import type { ClientHooks } from '../options.js';
import { redactHeaders, withoutUserInfo } from '../redaction.js';
import type { RequestHeaders } from './decoration.js';

/** The parts of a request a log record names. */
export interface LoggedRequest {
  readonly method: string;
  /** API path, already encoded. */
  readonly path: string;
  /** Encoded query string without `?`. */
  readonly query?: string | undefined;
}

/** How one attempt ended: a status, or the typed error when no response arrived. */
export type AttemptOutcome = { readonly statusCode: number } | { readonly error: Error };

function call<T>(hook: ((record: T) => void) | undefined, record: () => T): void {
  if (!hook) return;
  try {
    hook(record());
  } catch {
    // A logging hook must never break a request.
  }
}

/** Calls the client's hooks with redacted records. */
export class HookReporter {
  readonly #hooks: ClientHooks;
  readonly #displayBase: string;

  /**
   * @example
   * ```ts
   * const reporter = new HookReporter({ onRetry: (r) => console.log(r.reason) }, 'https://10.0.0.1:6443');
   * ```
   */
  constructor(hooks: ClientHooks, baseUrl: string) {
    this.#hooks = hooks;
    this.#displayBase = withoutUserInfo(baseUrl);
  }

  /** The server's URL as it may be shown: without user info. */
  get displayBase(): string {
    return this.#displayBase;
  }

  /** True when a request or response hook wants records (so timing is worth measuring). */
  get logsAttempts(): boolean {
    return this.#hooks.onRequest !== undefined || this.#hooks.onResponse !== undefined;
  }

  /** Before an attempt is sent. */
  request(request: LoggedRequest, headers: RequestHeaders, attempt: number): void {
    call(this.#hooks.onRequest, () => ({ method: request.method, url: this.#url(request), headers: redactHeaders(headers), attempt }));
  }

  /** When an attempt ended; `started` is its `performance.now()`. */
  response(request: LoggedRequest, headers: RequestHeaders, attempt: number, started: number, outcome: AttemptOutcome): void {
    call(this.#hooks.onResponse, () => ({
      method: request.method,
      url: this.#url(request),
      headers: redactHeaders(headers),
      attempt,
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      ...('statusCode' in outcome ? { statusCode: outcome.statusCode } : { error: `${outcome.error.name}: ${outcome.error.message}` }),
    }));
  }

  /** Before the client sleeps to retry a request or reconnect a watch. */
  retry(request: LoggedRequest, attempt: number, delayMs: number, reason: string): void {
    call(this.#hooks.onRetry, () => ({ method: request.method, url: this.#url(request), attempt, delayMs, reason }));
  }

  #url(request: LoggedRequest): string {
    return `${this.#displayBase}${request.path}${request.query ? `?${request.query}` : ''}`;
  }
}
