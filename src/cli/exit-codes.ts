/**
 * Every exit code of `eci-imagecache`, in one place for the code, `--help` and the README.
 * @packageDocumentation
 */

/** The exit codes. */
export const EXIT = {
  /** Everything asked for was done. */
  ok: 0,
  /** A request or an item failed (the other items were still done), or match/lint found a problem. */
  failure: 1,
  /** The command was called wrongly: unknown command or flag, missing or malformed argument. */
  usage: 2,
  /** match: a pod would fail to be created (it names a listed cache that is not Ready, or has expired). */
  podWouldFail: 3,
  /** stdout was closed early (e.g. `| head -1`): the command stopped quietly, as a Unix tool killed by SIGPIPE. */
  stdoutClosed: 141,
} as const;

/** The `Exit codes:` section of `--help`. */
export const EXIT_CODES_HELP = `Exit codes:
  0    success
  1    failure: an error, or some items failed (the others were still done; one line per item);
       match: a workload gets no cache; lint: a finding is an error; warm: a cache is not Ready
  2    usage error: unknown command or flag, missing or malformed argument (e.g. a bad --image)
  3    match: a pod would fail to be created
  141  stdout was closed (e.g. piped into head): the command stopped quietly`;
