#!/usr/bin/env node
/**
 * The `eci-imagecache` command. Errors are one line on stderr and a non-zero exit; `--verbose`
 * adds the stack. Exit codes: 0 success, 1 failure, 2 bad usage.
 * @packageDocumentation
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SDK_VERSION } from '../client/version.js';
import { UsageError } from './args.js';
import type { Command } from './commands/command.js';
import { createCommand } from './commands/create.js';
import { crdCommand } from './commands/crd.js';
import { deleteCommand } from './commands/delete.js';
import { demoCommand } from './commands/demo.js';
import { emulatorCommand } from './commands/emulator.js';
import { getCommand, listCommand } from './commands/get.js';
import { lintCommand, matchCommand } from './commands/match.js';
import { planCommand } from './commands/plan.js';
import { warmCommand } from './commands/warm.js';
import type { CliIO } from './io.js';

const COMMANDS: readonly Command[] = [getCommand, listCommand, createCommand, deleteCommand, warmCommand, planCommand, matchCommand, lintCommand, crdCommand, emulatorCommand, demoCommand];

const CONNECTION_HELP = `Connection flags (as kubectl's): --kubeconfig FILE, --context NAME, --server URL, --token TOKEN,
  --insecure-skip-tls-verify, --request-timeout 30s. Without them: KUBECONFIG, ~/.kube/config, then in-cluster.`;

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `eci-imagecache ${SDK_VERSION}: manage Alibaba Cloud ECI ImageCaches and check pods against them`,
    '',
    'Usage: eci-imagecache COMMAND [flags]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    CONNECTION_HELP,
    '',
    'Examples:',
    '  eci-imagecache demo',
    '  eci-imagecache get -o yaml web-cache',
    '  eci-imagecache warm -f deploy.yaml',
    '',
    "Run 'eci-imagecache COMMAND --help' for a command's flags and examples.",
  ].join('\n');
}

function commandHelp(command: Command): string {
  return [
    `${command.summary}.`,
    '',
    `Usage: ${command.usage}`,
    ...(command.details ? ['', command.details] : []),
    '',
    'Examples:',
    ...command.examples.map((e) => `  ${e}`),
    '',
    CONNECTION_HELP,
    '  --verbose prints stack traces of errors.',
  ].join('\n');
}

/** One line for an error; secrets never reach it because the SDK's errors redact them. */
function describeError(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n').filter(Boolean).join('; ');
  return String(err);
}

/**
 * Runs the command line `argv` (without `node` and the script) and returns the exit code.
 *
 * @example
 * ```ts
 * const code = await runCli(['get', 'web-cache', '-o', 'json']);
 * ```
 */
export async function runCli(argv: readonly string[], io?: Partial<CliIO>): Promise<number> {
  const controller = new AbortController();
  const fullIO: CliIO = {
    stdout: io?.stdout ?? process.stdout,
    stderr: io?.stderr ?? process.stderr,
    env: io?.env ?? process.env,
    cwd: io?.cwd ?? process.cwd(),
    signal: io?.signal ?? controller.signal,
  };
  const [name, ...rest] = argv;
  const verbose = rest.includes('--verbose') || rest.includes('-v');
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    fullIO.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === 'version') {
    fullIO.stdout.write(`${SDK_VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    fullIO.stderr.write(`error: unknown command ${JSON.stringify(name)}; run 'eci-imagecache --help' for the list\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    fullIO.stdout.write(`${commandHelp(command)}\n`);
    return 0;
  }
  const onSignal = () => controller.abort();
  if (!io?.signal) process.once('SIGINT', onSignal);
  try {
    return await command.run(rest, fullIO);
  } catch (err) {
    if (err instanceof UsageError) {
      fullIO.stderr.write(`error: ${err.message}\nSee 'eci-imagecache ${command.name} --help'.\n`);
      return 2;
    }
    fullIO.stderr.write(`error: ${describeError(err)}\n`);
    if (verbose && err instanceof Error && err.stack) fullIO.stderr.write(`${err.stack}\n`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`error: ${describeError(err)}\n`);
      process.exitCode = 1;
    },
  );
}
