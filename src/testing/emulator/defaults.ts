/**
 * Every default of the emulator, in one place.
 * @packageDocumentation
 */

/** Defaults of the emulator, its store and its server. */
export const EMULATOR_DEFAULTS = {
  /** Events kept for watch resume; older resourceVersions get 410 Gone. */
  watchHistory: 1000,
  /** List snapshots kept for `continue` tokens. */
  maxListSnapshots: 64,
  /** How often an open watch with `allowWatchBookmarks` gets a BOOKMARK; real servers send about one a minute. */
  bookmarkIntervalMs: 60_000,
  /** The largest request body accepted, like kube-apiserver's 3 MiB limit. */
  maxRequestBytes: 3 * 1024 * 1024,
  /** The Kubernetes version `/version` reports. */
  kubernetesVersion: {
    /** `/version`'s `major`. */
    major: '1',
    /** `/version`'s `minor`. */
    minor: '33',
    /** `/version`'s `gitVersion`, what `kubectl version` prints. */
    gitVersion: 'v1.33.0',
  },
} as const;

/** Defaults of the simulated ECI controller. */
export const CONTROLLER_DEFAULTS = {
  /** How often the controller looks for work when it runs on its own, in real milliseconds. */
  tickMs: 100,
  /** Time in Pending before Preparing, in emulator-clock milliseconds. */
  pendingMs: 500,
  /** Time in Preparing before Creating. */
  preparingMs: 500,
  /** Time between two progress steps while Creating or Updating. */
  progressStepMs: 500,
  /** Progress values reported while building, in percent; the last must be 100. */
  progressSteps: [0, 25, 50, 75, 100],
  /** A failed build expires this long after it failed, as ECI does. */
  failedRetentionMs: 24 * 60 * 60 * 1000,
  /** The `source.host` of the events the controller records. */
  eventHost: 'eci',
} as const;
