import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/main.js';

/** What an in-process CLI run returned and printed. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs the CLI in-process with `dir` as its working and home directory, capturing what it prints. */
export async function runCliIn(dir: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += String(c)));
  stderr.on('data', (c) => (err += String(c)));
  const code = await runCli(args, { stdout, stderr, env: { HOME: dir, ...env }, cwd: dir, signal: new AbortController().signal });
  return { code, out, err };
}
