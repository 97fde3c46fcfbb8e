import { EciImageCacheError, isErrorOf } from '../../errors/base.js';

/** Why a kubeconfig, the in-cluster service account or an exec plugin could not give a connection. */
export type KubeConfigErrorReason =
  /** No kubeconfig file, no KUBECONFIG, and not running in a pod. */
  | 'NoConfiguration'
  /** An explicitly named kubeconfig file does not exist. */
  | 'FileNotFound'
  /** A file exists but cannot be read (permissions, a directory, ...). */
  | 'FileUnreadable'
  /** The file is not YAML/JSON, or a field has the wrong type, or a name is repeated in one file. */
  | 'InvalidSyntax'
  /** Neither `current-context` nor an explicit context. */
  | 'NoCurrentContext'
  /** The chosen context, or the cluster or user it names, does not exist. */
  | 'UnknownContext'
  | 'UnknownCluster'
  | 'UnknownUser'
  /** A field's value is unusable: no server, a bad URL, both a file and data, a bad base64 string... */
  | 'InvalidValue'
  /** A field kubectl dropped or this SDK does not implement (`auth-provider`, exec interactive mode...). */
  | 'Unsupported'
  /** `KUBERNETES_SERVICE_HOST`/`KUBERNETES_SERVICE_PORT` missing or the service-account token unreadable. */
  | 'NotInCluster'
  /** The exec plugin's command is not on PATH (or not at the path given). */
  | 'ExecNotFound'
  /** The exec plugin exited non-zero, was killed, or timed out. */
  | 'ExecFailed'
  /** The exec plugin printed something that is not a usable ExecCredential. */
  | 'ExecInvalidOutput';

/** What a {@link KubeConfigError} is built from. */
export interface KubeConfigErrorDetails {
  /** Which kind of problem it is, for code that branches on it. */
  readonly reason: KubeConfigErrorReason;
  /** The file the problem is in, when there is one (`<inline>` for YAML text passed directly). */
  readonly file?: string | undefined;
  /** The key in kubectl's notation, e.g. `users[alice].user.client-key-data` or `current-context`. */
  readonly key?: string | undefined;
}

/**
 * A kubeconfig, the in-cluster configuration or an exec plugin could not produce a connection.
 * The message names the file and the key; it never contains a token, password or key, and neither
 * does anything `JSON.stringify` or `util.inspect` print for it (there is no `cause` with raw data).
 */
export class KubeConfigError extends EciImageCacheError {
  /** Always `'KubeConfigError'`. */
  override readonly name = 'KubeConfigError';
  /** Which kind of problem it is. */
  readonly reason: KubeConfigErrorReason;
  /** The file the problem is in, when there is one. */
  readonly file: string | undefined;
  /** The key, in kubectl's notation (`clusters[prod].cluster.server`), when there is one. */
  readonly key: string | undefined;

  /** `message` says what is wrong; `details` adds the reason, the file and the key, which the message then names. */
  constructor(message: string, details: KubeConfigErrorDetails) {
    super(composeMessage(message, details));
    this.reason = details.reason;
    this.file = details.file;
    this.key = details.key;
  }
}

function composeMessage(message: string, { file, key }: KubeConfigErrorDetails): string {
  const where = [file !== undefined ? `file ${JSON.stringify(file)}` : undefined, key !== undefined ? `key ${key}` : undefined]
    .filter((part): part is string => part !== undefined)
    .join(', ');
  return where ? `${message} (${where})` : message;
}

/**
 * True when `value` is a {@link KubeConfigError}, and of the given reason when one is passed.
 *
 * @example
 * ```ts
 * try { await loadKubeConfig(); } catch (err) {
 *   if (isKubeConfigError(err, 'NoCurrentContext')) console.error('run: kubectl config use-context <name>');
 * }
 * ```
 */
export function isKubeConfigError(value: unknown, reason?: KubeConfigErrorReason): value is KubeConfigError {
  return isErrorOf(value, KubeConfigError) && (reason === undefined || value.reason === reason);
}
