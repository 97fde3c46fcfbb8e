import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EciImageCacheError } from '../errors/base.js';

/** A mistake in how the command was called: printed as one line with a hint to `--help`. */
export class UsageError extends EciImageCacheError {
  override readonly name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Flags every command that talks to a cluster accepts, named as kubectl names them. */
export const CONNECTION_FLAGS = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  server: { type: 'string', short: 's' },
  token: { type: 'string' },
  'insecure-skip-tls-verify': { type: 'boolean' },
  'request-timeout': { type: 'string' },
  // Accepted as kubectl accepts them, and ignored with a note: ImageCaches are cluster-scoped.
  namespace: { type: 'string', short: 'n' },
  'all-namespaces': { type: 'boolean', short: 'A' },
} as const satisfies Options;

/** Flags every command accepts. */
export const COMMON_FLAGS = {
  help: { type: 'boolean', short: 'h' },
  verbose: { type: 'boolean', short: 'v' },
} as const satisfies Options;

/** What {@link parseCommandArgs} returns: flag values by name, and the positionals. */
export interface ParsedCommandArgs {
  readonly values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  readonly positionals: string[];
}

/** Parses a command's arguments strictly: an unknown flag is a {@link UsageError}. */
export function parseCommandArgs(args: readonly string[], options: Options): ParsedCommandArgs {
  try {
    return parseArgs({ args: [...args], options: { ...COMMON_FLAGS, ...options }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message.replace(/\. To specify a positional argument.*$/, '') : String(err));
  }
}

/** Parses kubectl-style durations (`90s`, `10m`, `1h30m`, `500ms`) or plain seconds into milliseconds. */
export function parseDuration(value: string, flag: string): number {
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value) {
    throw new UsageError(`--${flag} must be a duration such as 90s, 10m or 1h30m, got ${JSON.stringify(value)}`);
  }
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
  return parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2] as keyof typeof unit], 0);
}

/**
 * `--request-timeout` as kubectl reads it: a whole number of seconds or a duration (`1s`, `2m`,
 * `3h`, `1m30s`); `0` means no timeout.
 */
export function parseRequestTimeout(value: string): number {
  return parseDuration(value, 'request-timeout');
}

/** Parses a whole-number flag. */
export function parseInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${flag} must be a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}
