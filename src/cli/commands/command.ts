import type { CliIO } from '../io.js';

/** One subcommand of `eci-imagecache`. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly examples: readonly string[];
  /** Extra lines for `--help`: flags and what the exit code means. */
  readonly details?: string;
  /** Returns the exit code. */
  run(args: readonly string[], io: CliIO): Promise<number>;
}
