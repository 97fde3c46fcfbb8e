#!/usr/bin/env node
/**
 * The `eci-imagecache` command. Errors are one line on stderr and a non-zero exit; `--verbose`
 * adds the stack. Exit codes: see {@link EXIT}.
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
import { describeError } from './describe-error.js';
import { EXIT, EXIT_CODES_HELP } from './exit-codes.js';
import type { CliIO } from './io.js';

const COMMANDS: readonly Command[] = [
  getCommand,
  listCommand,
  createCommand,
  deleteCommand,
  warmCommand,
  planCommand,
  matchCommand,
  lintCommand,
  crdCommand,
  emulatorCommand,
  demoCommand,
];

const CONNECTION_HELP = `Connection flags (as kubectl's): --kubeconfig FILE, --context NAME, --server URL, --token TOKEN,
  --insecure-skip-tls-verify, --request-timeout 30s (per request; a number is seconds, 0 means none;
  default 30s). Without them: KUBECONFIG, ~/.kube/config, then in-cluster.
  -n/--namespace and -A/--all-namespaces are accepted and ignored (ImageCaches are cluster-scoped).
  A server that refuses the first connection fails the command at once; 429, 5xx and dropped
  connections are retried.`;

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
    EXIT_CODES_HELP,
    '',
    "Run 'eci-imagecache COMMAND --help' or 'eci-imagecache help COMMAND' for a command's flags and examples.",
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
    '',
    EXIT_CODES_HELP,
  ].join('\n');
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
  if (name === 'help' && rest[0] !== undefined) {
    const topic = COMMANDS.find((c) => c.name === rest[0]);
    if (!topic) {
      fullIO.stderr.write(`error: unknown command ${JSON.stringify(rest[0])}; run 'eci-imagecache --help' for the list\n`);
      return EXIT.usage;
    }
    fullIO.stdout.write(`${commandHelp(topic)}\n`);
    return EXIT.ok;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    fullIO.stdout.write(`${usage()}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === 'version') {
    fullIO.stdout.write(`${SDK_VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    fullIO.stderr.write(`error: unknown command ${JSON.stringify(name)}; run 'eci-imagecache --help' for the list\n`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    fullIO.stdout.write(`${commandHelp(command)}\n`);
    return 0;
  }
  // SIGTERM and SIGHUP end a command as Ctrl-C does, so emulators close and temporary files go.
  const onSignal = () => controller.abort();
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  if (!io?.signal) for (const s of signals) process.once(s, onSignal);
  try {
    return await command.run(rest, fullIO);
  } catch (err) {
    if (err instanceof UsageError) {
      fullIO.stderr.write(`error: ${err.message}\nSee 'eci-imagecache ${command.name} --help'.\n`);
      return EXIT.usage;
    }
    fullIO.stderr.write(`error: ${describeError(err)}\n`);
    if (verbose && err instanceof Error && err.stack) fullIO.stderr.write(`${err.stack}\n`);
    return EXIT.failure;
  } finally {
    for (const s of signals) process.removeListener(s, onSignal);
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

/**
 * A reader that went away (`| head -1`) ends the command quietly, as SIGPIPE ends Unix tools and
 * kubectl; exit handlers still run, so temporary files are removed.
 */
function stopQuietlyWhenStdoutCloses(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') process.exit(EXIT.stdoutClosed);
    throw err;
  });
  // Nothing useful can be done when stderr itself is gone.
  process.stderr.on('error', () => {});
}

if (isMain()) {
  stopQuietlyWhenStdoutCloses();
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
