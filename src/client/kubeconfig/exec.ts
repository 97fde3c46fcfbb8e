import { spawn } from 'node:child_process';
import type { CredentialProvider } from '../connection.js';
import { KubeConfigError } from './errors.js';
import type { CredentialOrigin } from './types.js';
import { quotePluginText } from './plugin-output.js';

/** The ExecCredential API versions this SDK speaks; `v1alpha1` was removed from kubectl in 1.24. */
export type ExecCredentialApiVersion = 'client.authentication.k8s.io/v1' | 'client.authentication.k8s.io/v1beta1';

/** The API versions of {@link ExecCredentialApiVersion}, for checks. */
export const EXEC_CREDENTIAL_API_VERSIONS: readonly ExecCredentialApiVersion[] = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'];

/** Cluster facts given to a plugin in `KUBERNETES_EXEC_INFO` when the kubeconfig sets `provideClusterInfo: true`. */
export interface ExecClusterInfo {
  /** The API server's URL. */
  readonly server: string;
  /** The name the server's certificate is checked against, when it differs from the URL's host. */
  readonly 'tls-server-name'?: string | undefined;
  /** True when the kubeconfig turns TLS verification off for this cluster. */
  readonly 'insecure-skip-tls-verify'?: boolean | undefined;
  /** Base64 of the CA's PEM, as kubectl passes it. */
  readonly 'certificate-authority-data'?: string | undefined;
  /** The proxy the cluster is reached through. */
  readonly 'proxy-url'?: string | undefined;
  /** The cluster's `client.authentication.k8s.io/exec` extension. */
  readonly config?: unknown | undefined;
}

/** What to run: a kubeconfig `users[].user.exec` block, already validated. */
export interface ExecPluginSpec {
  /** A name looked up on PATH, or a path. Run without a shell. */
  readonly command: string;
  /** Arguments passed to the command, each as one argv entry. */
  readonly args?: readonly string[] | undefined;
  /** Added to (and overriding) the base environment. */
  readonly env?:
    | readonly {
        /** The variable's name. */
        readonly name: string;
        /** Its value. */
        readonly value: string;
      }[]
    | undefined;
  /** The ExecCredential version the plugin is asked for and must answer in. */
  readonly apiVersion: ExecCredentialApiVersion;
  /** Shown when the command is not found, e.g. how to install the plugin. */
  readonly installHint?: string | undefined;
  /** Passed as `spec.cluster` only when set, i.e. when the kubeconfig says `provideClusterInfo: true`. */
  readonly cluster?: ExecClusterInfo | undefined;
}

/** Options of {@link ExecCredentialProvider}; defaults are in {@link EXEC_DEFAULTS}. */
export interface ExecCredentialProviderOptions {
  /** A credential is renewed this long before its `expirationTimestamp`. */
  readonly expiryMarginMs?: number | undefined;
  /**
   * After this long the plugin's whole process group gets SIGTERM, then SIGKILL `killGraceMs`
   * later; the call rejects by `timeoutMs + killGraceMs` at the latest.
   */
  readonly timeoutMs?: number | undefined;
  /** Time between SIGTERM and SIGKILL when the plugin times out. */
  readonly killGraceMs?: number | undefined;
  /** Base environment of the plugin; `process.env` by default. */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** The clock, in milliseconds since the epoch; injectable for tests. */
  readonly now?: (() => number) | undefined;
  /** The kubeconfig file and key of the exec block, for error messages. */
  readonly origin?: CredentialOrigin | undefined;
}

/** Defaults of {@link ExecCredentialProviderOptions}. */
export const EXEC_DEFAULTS = {
  /**
   * 10 s covers the time a request spends in flight plus clock skew between this machine and the
   * server, so a token is never sent in the last seconds of its life. client-go uses no margin and
   * relies on the 401 retry instead; we keep that retry as well.
   */
  expiryMarginMs: 10_000,
  /** Plugins that fetch tokens from a cloud API can be slow; one that hangs must not hang the client forever. */
  timeoutMs: 60_000,
  /** A plugin that ignores SIGTERM (or its children) is killed this long after it. */
  killGraceMs: 2_000,
  /** Stderr quoted in errors is masked (credential-like text), then cut to this many characters. */
  maxQuotedStderr: 500,
  /** More output than this is not a credential. */
  maxBuffer: 4 * 1024 * 1024,
} as const;

/** A credential printed by a plugin. `clientCertificateData`/`clientKeyData` are PEM. */
export interface ExecCredential {
  /** The bearer token, when the plugin returned one. */
  readonly token?: string | undefined;
  /** The client certificate (PEM), when the plugin returned one. */
  readonly clientCertificateData?: string | undefined;
  /** The client certificate's private key (PEM); it comes with `clientCertificateData`. */
  readonly clientKeyData?: string | undefined;
  /** When the plugin said the credential expires; undefined means it is kept until a 401. */
  readonly expiresAt?: Date | undefined;
}

interface ExecResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** How a run failed, in the terms error messages need (never Node's error, which holds the command line). */
interface RunFailure {
  readonly stdout: string;
  readonly stderr: string;
  /** `ENOENT`, `EACCES`...: the plugin could not be started. */
  readonly spawnCode?: string;
  readonly exitCode?: number;
  readonly signal?: string;
  readonly timedOut?: boolean;
  readonly killed?: 'SIGTERM' | 'SIGKILL';
  readonly overflow?: boolean;
}

/**
 * Bearer tokens from a client-go credential plugin (`users[].user.exec` in a kubeconfig), as kubectl
 * runs them: without a shell, the kubeconfig's env on top of ours, `KUBERNETES_EXEC_INFO` set, never
 * interactive. The credential is cached until its `expirationTimestamp` less a margin; concurrent
 * callers share one run; `getToken({ forceRefresh: true })` (after a 401) runs the plugin again.
 *
 * A plugin that returns a client certificate instead of a token is run and validated, and
 * {@link ExecCredentialProvider.getCredential} returns it, but {@link ExecCredentialProvider.getToken}
 * rejects it with reason `Unsupported`: `ClusterConnection` has no way yet to change certificates per request.
 *
 * @example
 * ```ts
 * const credentials = new ExecCredentialProvider({
 *   command: 'aliyun', args: ['cs', 'GET', '/k8s/c123/user_config'], apiVersion: 'client.authentication.k8s.io/v1',
 * });
 * const token = await credentials.getToken();
 * ```
 */
export class ExecCredentialProvider implements CredentialProvider {
  readonly #spec: ExecPluginSpec;
  readonly #expiryMarginMs: number;
  readonly #timeoutMs: number;
  readonly #killGraceMs: number;
  readonly #env: NodeJS.ProcessEnv;
  readonly #now: () => number;
  readonly #origin: { readonly file?: string | undefined; readonly key?: string | undefined };
  #cached: ExecCredential | undefined;
  #inFlight: Promise<ExecCredential> | undefined;

  /** `spec` is what to run; nothing runs until the first `getToken()`. Defaults of `options` are in {@link EXEC_DEFAULTS}. */
  constructor(spec: ExecPluginSpec, options: ExecCredentialProviderOptions = {}) {
    this.#spec = spec;
    this.#expiryMarginMs = options.expiryMarginMs ?? EXEC_DEFAULTS.expiryMarginMs;
    this.#timeoutMs = options.timeoutMs ?? EXEC_DEFAULTS.timeoutMs;
    this.#killGraceMs = options.killGraceMs ?? EXEC_DEFAULTS.killGraceMs;
    this.#env = options.env ?? process.env;
    this.#now = options.now ?? Date.now;
    this.#origin = options.origin ?? {};
  }

  /** The command that is run, for diagnostics (arguments are left out: they may hold secrets). */
  get command(): string {
    return this.#spec.command;
  }

  /** Returns the bearer token, running the plugin when there is no fresh one. */
  async getToken(options?: { readonly forceRefresh?: boolean | undefined }): Promise<string> {
    const credential = await this.getCredential(options);
    if (credential.token !== undefined) return credential.token;
    throw this.#error('Unsupported', 'returned a client certificate and no token; exec-provided client certificates are not supported yet');
  }

  /**
   * Returns the whole credential, running the plugin when the cached one is missing, expires within
   * the margin, or `forceRefresh` is set. A run already in progress is shared, forced or not.
   */
  async getCredential(options?: { readonly forceRefresh?: boolean | undefined }): Promise<ExecCredential> {
    if (this.#inFlight) return this.#inFlight;
    if (!options?.forceRefresh && this.#cached && this.#isFresh(this.#cached)) return this.#cached;
    const run = this.#run().then((credential) => {
      this.#cached = credential;
      return credential;
    });
    this.#inFlight = run.finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  #isFresh(credential: ExecCredential): boolean {
    return credential.expiresAt === undefined || this.#now() < credential.expiresAt.getTime() - this.#expiryMarginMs;
  }

  async #run(): Promise<ExecCredential> {
    const { stdout, stderr } = await this.#execute();
    return this.#parse(stdout, stderr);
  }

  #execute(): Promise<ExecResult> {
    const spec = this.#spec;
    const execInfo = {
      apiVersion: spec.apiVersion,
      kind: 'ExecCredential',
      spec: { ...(spec.cluster ? { cluster: spec.cluster } : {}), interactive: false },
    };
    const env: NodeJS.ProcessEnv = { ...this.#env };
    for (const { name, value } of spec.env ?? []) env[name] = value;
    env['KUBERNETES_EXEC_INFO'] = JSON.stringify(execInfo);

    return new Promise<ExecResult>((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      let bytes = 0;
      let settled = false;
      let failure: Partial<RunFailure> = {};
      let graceTimer: NodeJS.Timeout | undefined;
      // Its own process group, so a timeout reaches whatever the plugin started too.
      const child = spawn(spec.command, [...(spec.args ?? [])], {
        env,
        detached: process.platform !== 'win32',
        windowsHide: true,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const signalGroup = (signal: NodeJS.Signals): void => {
        try {
          if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, signal);
          else child.kill(signal);
        } catch {
          // The group is gone already.
        }
      };
      const finish = (outcome: { ok: true } | { ok: false }): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (outcome.ok) resolve({ stdout, stderr });
        else reject(this.#runError({ ...failure, stdout, stderr }));
      };
      const stop = (reason: Partial<RunFailure>): void => {
        failure = { ...failure, ...reason, killed: 'SIGTERM' };
        signalGroup('SIGTERM');
        graceTimer = setTimeout(() => {
          failure = { ...failure, killed: 'SIGKILL' };
          signalGroup('SIGKILL');
          finish({ ok: false });
        }, this.#killGraceMs);
        graceTimer.unref();
      };
      const timer = setTimeout(() => stop({ timedOut: true }), this.#timeoutMs);
      const collect = (stream: 'stdout' | 'stderr') => (chunk: string) => {
        bytes += Buffer.byteLength(chunk);
        if (bytes > EXEC_DEFAULTS.maxBuffer) {
          if (!failure.overflow) stop({ overflow: true });
          return;
        }
        if (stream === 'stdout') stdout += chunk;
        else stderr += chunk;
      };
      child.stdout.setEncoding('utf8').on('data', collect('stdout'));
      child.stderr.setEncoding('utf8').on('data', collect('stderr'));
      child.on('error', (error: NodeJS.ErrnoException) => {
        failure = { ...failure, spawnCode: error.code ?? 'unknown error' };
        finish({ ok: false });
      });
      child.on('close', (code, signal) => {
        clearTimeout(graceTimer);
        if (failure.killed !== undefined || failure.overflow) {
          // Children that ignored SIGTERM may outlive the plugin: finish the group off.
          if (failure.killed === 'SIGTERM') signalGroup('SIGKILL');
          return finish({ ok: false });
        }
        if (code === 0) return finish({ ok: true });
        failure = { ...failure, ...(code !== null ? { exitCode: code } : {}), ...(signal !== null ? { signal } : {}) };
        finish({ ok: false });
      });
      // Never interactive: a plugin that reads stdin gets end-of-file instead of hanging.
      child.stdin.on('error', () => undefined);
      child.stdin.end();
    });
  }

  #runError(failure: RunFailure): KubeConfigError {
    const code = failure.spawnCode;
    if (code === 'ENOENT') {
      const hint = this.#spec.installHint ? `\n\n${this.#spec.installHint.trim()}` : '';
      return this.#error('ExecNotFound', `not found: is it installed and on PATH?${hint}`);
    }
    if (code === 'EACCES') return this.#error('ExecNotFound', 'is not executable (EACCES)');
    if (code !== undefined) return this.#error('ExecFailed', `could not be run (${code})`);
    const quoted = this.#quoteStderr(failure.stderr, [...secretsIn(failure.stdout), ...secretsOf(this.#cached)]);
    if (failure.overflow) return this.#error('ExecInvalidOutput', `printed more than ${EXEC_DEFAULTS.maxBuffer} bytes`);
    if (failure.timedOut) {
      const how = failure.killed === 'SIGKILL' ? `, then SIGKILL ${this.#killGraceMs} ms later as it ignored SIGTERM` : '';
      return this.#error('ExecFailed', `was stopped by SIGTERM after ${this.#timeoutMs} ms without finishing${how}${quoted}`);
    }
    if (failure.exitCode !== undefined) return this.#error('ExecFailed', `exited with code ${failure.exitCode}${quoted}`);
    if (failure.signal !== undefined) return this.#error('ExecFailed', `was killed by ${failure.signal}${quoted}`);
    return this.#error('ExecFailed', 'could not be run (unknown error)');
  }

  /** Values the kubeconfig hands the plugin in its env: often the very secrets it trades for a token. */
  #envSecrets(): string[] {
    return (this.#spec.env ?? []).map(({ value }) => value);
  }

  /** The plugin's stderr, masked and cut, as a suffix for an error message. */
  #quoteStderr(stderr: string, secrets: readonly string[]): string {
    if (!stderr.trim()) return '';
    return `; its stderr: ${JSON.stringify(quotePluginText(stderr, [...secrets, ...this.#envSecrets()], EXEC_DEFAULTS.maxQuotedStderr))}`;
  }

  /** A value the plugin printed, masked and cut, to quote in a message. */
  #quoteValue(value: unknown, secrets: readonly string[]): string {
    return quotePluginText(JSON.stringify(value) ?? 'undefined', [...secrets, ...this.#envSecrets()], 80);
  }

  #parse(stdout: string, stderr: string): ExecCredential {
    let output: unknown;
    try {
      output = JSON.parse(stdout);
    } catch {
      // The output is never quoted: a plugin that prints a token in the wrong format still printed a token.
      return this.#invalid(`printed ${stdout.trim() ? `${Buffer.byteLength(stdout)} bytes that are not JSON` : 'nothing'} on stdout`, stderr, stdout);
    }
    if (typeof output !== 'object' || output === null || Array.isArray(output))
      return this.#invalid('printed JSON that is not an ExecCredential object', stderr, stdout);
    const record = output as Record<string, unknown>;
    if (record['kind'] !== 'ExecCredential')
      return this.#invalid(`printed kind ${this.#quoteValue(record['kind'], secretsIn(stdout))}, expected "ExecCredential"`, stderr, stdout);
    if (record['apiVersion'] !== this.#spec.apiVersion) {
      return this.#invalid(
        `is configured to use API version ${this.#spec.apiVersion}, but printed apiVersion ${this.#quoteValue(record['apiVersion'], secretsIn(stdout))}`,
        stderr,
        stdout,
      );
    }
    const status = record['status'];
    if (typeof status !== 'object' || status === null || Array.isArray(status))
      return this.#invalid('printed an ExecCredential without a status', stderr, stdout);
    const fields = status as Record<string, unknown>;
    const text = (name: string): string | undefined => {
      const value = fields[name];
      if (value === undefined || value === null || value === '') return undefined;
      if (typeof value !== 'string') this.#invalid(`printed a status.${name} that is not a string`, stderr, stdout);
      return value as string;
    };
    const token = text('token');
    const clientCertificateData = text('clientCertificateData');
    const clientKeyData = text('clientKeyData');
    const expiration = text('expirationTimestamp');
    if (token === undefined && clientCertificateData === undefined && clientKeyData === undefined) {
      return this.#invalid('printed neither status.token nor status.clientCertificateData and status.clientKeyData', stderr, stdout);
    }
    if ((clientCertificateData === undefined) !== (clientKeyData === undefined)) {
      return this.#invalid('printed only one of status.clientCertificateData and status.clientKeyData', stderr, stdout);
    }
    let expiresAt: Date | undefined;
    if (expiration !== undefined) {
      expiresAt = new Date(expiration);
      if (!RFC3339.test(expiration) || Number.isNaN(expiresAt.getTime())) {
        // Only the token and key count as secrets here: the bad value itself is what must be shown, masked.
        return this.#invalid(
          `printed status.expirationTimestamp ${this.#quoteValue(
            expiration,
            [token, clientKeyData].filter((v): v is string => v !== undefined),
          )}, which is not an RFC 3339 time`,
          stderr,
          stdout,
        );
      }
    }
    return { token, clientCertificateData, clientKeyData, expiresAt };
  }

  #invalid(problem: string, stderr: string, stdout: string): never {
    throw this.#error('ExecInvalidOutput', `${problem}${this.#quoteStderr(stderr, secretsIn(stdout))}`);
  }

  #error(reason: 'ExecNotFound' | 'ExecFailed' | 'ExecInvalidOutput' | 'Unsupported', problem: string): KubeConfigError {
    return new KubeConfigError(`exec plugin ${JSON.stringify(this.#spec.command)} ${problem}`, { reason, ...this.#origin });
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/** Every string under `status` in what looks like an ExecCredential, so that stderr echoing one can be cleaned. */
function secretsIn(stdout: string): string[] {
  const found: string[] = [];
  try {
    const status = (JSON.parse(stdout) as { status?: unknown } | null)?.status;
    if (typeof status === 'object' && status !== null) {
      for (const value of Object.values(status)) if (typeof value === 'string') found.push(value);
    }
  } catch {
    // Not JSON: nothing to harvest, and the output is never quoted anyway.
  }
  return found;
}

function secretsOf(credential: ExecCredential | undefined): string[] {
  return [credential?.token, credential?.clientKeyData].filter((value): value is string => value !== undefined);
}
