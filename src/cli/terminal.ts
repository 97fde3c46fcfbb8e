/**
 * What a stream can show: live redraws need a terminal that understands cursor codes, colour
 * needs one too and a user who has not opted out (https://no-color.org).
 * @packageDocumentation
 */

/** The capabilities of one output stream. */
export interface TerminalCapabilities {
  /** The stream is a terminal. */
  readonly tty: boolean;
  /** Cursor movement and line erasing may be used (a TTY whose TERM is not `dumb`, outside CI). */
  readonly cursor: boolean;
  /** ANSI colours may be used (as `cursor`, and `NO_COLOR` is unset or empty). */
  readonly color: boolean;
}

/** Decides from the stream and the environment; a pipe or a file gets plain text. */
export function terminalCapabilities(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): TerminalCapabilities {
  const tty = Boolean(stream.isTTY);
  const cursor = tty && env['TERM'] !== 'dumb' && !env['CI'];
  return { tty, cursor, color: cursor && !env['NO_COLOR'] };
}

const GREEN = '\x1b[32m';
const RED = '\x1b[31m';
const RESET = '\x1b[0m';

/** A phase in green (Ready) or red (Failed, UpdateFailed) when colour is allowed; others unchanged. */
export function colorPhase(text: string, phase: string, caps: TerminalCapabilities): string {
  if (!caps.color) return text;
  if (phase === 'Ready') return `${GREEN}${text}${RESET}`;
  if (phase === 'Failed' || phase === 'UpdateFailed') return `${RED}${text}${RESET}`;
  return text;
}
