/** Where a command writes; tests pass their own to capture output. */
export interface CliIO {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Aborted on Ctrl-C, so waits end cleanly. */
  readonly signal: AbortSignal;
}

/** Writes a line to stdout. */
export function println(io: CliIO, line = ''): void {
  io.stdout.write(`${line}\n`);
}
