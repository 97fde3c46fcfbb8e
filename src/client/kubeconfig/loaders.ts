import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { KubeConfigError } from './errors.js';
import { isInCluster, loadInClusterConfig } from './in-cluster.js';
import { isEmptyKubeConfig, readKubeConfigFiles } from './load.js';
import type { KubeConfigModel } from './model.js';
import { parseKubeConfig } from './parse.js';
import { expandHome, splitKubeConfigList } from './paths.js';
import { resolveKubeConfig } from './resolve.js';
import type { LoadDefaultConfigOptions, LoadKubeConfigOptions, ResolvedKubeConfig } from './types.js';

/** The label used in errors and `source` for kubeconfig text passed in directly. */
export const INLINE_SOURCE = '<inline>';

interface Locations {
  readonly env: NodeJS.ProcessEnv;
  readonly homeDir: string;
  readonly cwd: string;
}

function locations(options: LoadKubeConfigOptions): Locations {
  const env = options.env ?? process.env;
  return { env, homeDir: options.homeDir ?? (env['HOME'] || homedir()), cwd: options.cwd ?? process.cwd() };
}

/** The files kubectl would read without `--kubeconfig`: KUBECONFIG's list, else `~/.kube/config`. */
function defaultFiles({ env, homeDir, cwd }: Locations): string[] {
  const list = env['KUBECONFIG'];
  return list ? splitKubeConfigList(list, cwd, homeDir) : [join(homeDir, '.kube', 'config')];
}

async function readModel(options: LoadKubeConfigOptions, where: Locations): Promise<KubeConfigModel> {
  if (options.kubeconfig !== undefined && options.path !== undefined) {
    throw new KubeConfigError('pass either path or kubeconfig, not both', { reason: 'InvalidValue' });
  }
  if (options.kubeconfig !== undefined) {
    return parseKubeConfig(options.kubeconfig, { file: INLINE_SOURCE, baseDir: where.cwd, homeDir: where.homeDir });
  }
  if (options.path !== undefined) {
    const paths = (typeof options.path === 'string' ? [options.path] : [...options.path]).map((path) => resolve(where.cwd, expandHome(path, where.homeDir)));
    return readKubeConfigFiles(paths, { mustExist: true, homeDir: where.homeDir });
  }
  return readKubeConfigFiles(defaultFiles(where), { mustExist: false, homeDir: where.homeDir });
}

/**
 * Resolves the connection kubectl would use with the same KUBECONFIG (or `--kubeconfig` = `path`)
 * and `--context`: files merged with kubectl's precedence, relative paths resolved against the
 * file naming them, file fields read into PEM, exec plugins and token files as credential providers.
 * Never falls back to the in-cluster configuration; {@link loadDefaultConfig} does.
 *
 * @example
 * ```ts
 * const { connection, contextName, warnings } = await loadKubeConfig({ context: 'prod' });
 * for (const warning of warnings) console.warn(warning);
 * ```
 */
export async function loadKubeConfig(options: LoadKubeConfigOptions = {}): Promise<ResolvedKubeConfig> {
  const where = locations(options);
  const model = await readModel(options, where);
  if (model.files.length === 0) {
    throw new KubeConfigError(`no kubeconfig found (looked for ${defaultFiles(where).join(', ')})`, { reason: 'NoConfiguration' });
  }
  return resolveKubeConfig(model, { ...options, env: where.env });
}

/**
 * kubectl's order: the kubeconfig from KUBECONFIG, else `~/.kube/config`, else, when neither
 * holds anything, the pod's service account. Explicit `path` or `kubeconfig` options are used as in
 * {@link loadKubeConfig} and never fall back.
 *
 * @example
 * ```ts
 * const { connection } = await loadDefaultConfig(); // works on a laptop and in a pod
 * ```
 */
export async function loadDefaultConfig(options: LoadDefaultConfigOptions = {}): Promise<ResolvedKubeConfig> {
  if (options.path !== undefined || options.kubeconfig !== undefined) return loadKubeConfig(options);
  const where = locations(options);
  const model = await readModel(options, where);
  if (!isEmptyKubeConfig(model)) return resolveKubeConfig(model, { ...options, env: where.env });
  if (options.context !== undefined) {
    throw new KubeConfigError(
      `context ${JSON.stringify(options.context)} was asked for, but no kubeconfig was found (looked for ${defaultFiles(where).join(', ')})`,
      {
        reason: 'NoConfiguration',
      },
    );
  }
  if (isInCluster(where.env)) return loadInClusterConfig({ ...options, env: where.env });
  throw new KubeConfigError(
    `no configuration: no kubeconfig found (looked for ${defaultFiles(where).join(', ')}) and not in a cluster (KUBERNETES_SERVICE_HOST is not set)`,
    { reason: 'NoConfiguration' },
  );
}
