import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { KubeConfigError } from './errors.js';
import type { KubeConfigModel } from './model.js';
import { parseKubeConfig } from './parse.js';

/** How {@link readKubeConfigFiles} treats a file that does not exist. */
export interface ReadKubeConfigFilesOptions {
  /** True for an explicit path (kubectl's `--kubeconfig`): a missing file is an error. KUBECONFIG entries may be missing. */
  readonly mustExist: boolean;
  readonly homeDir: string;
}

/**
 * Reads and merges kubeconfig files in precedence order, as clientcmd does: the first file that
 * defines a cluster, user or context name wins that whole entry, and the first non-empty
 * `current-context` wins. Any file that exists but cannot be read or parsed fails the whole load,
 * as in kubectl, even if the entry it breaks is never used.
 */
export async function readKubeConfigFiles(files: readonly string[], options: ReadKubeConfigFilesOptions): Promise<KubeConfigModel> {
  const models = await Promise.all(files.map((file) => readOne(file, options)));
  return mergeKubeConfigs(models.filter((model): model is KubeConfigModel => model !== undefined));
}

async function readOne(file: string, { mustExist, homeDir }: ReadKubeConfigFilesOptions): Promise<KubeConfigModel | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !mustExist) return undefined;
    if (code === 'ENOENT') throw new KubeConfigError('kubeconfig file does not exist', { reason: 'FileNotFound', file });
    throw new KubeConfigError(`cannot read kubeconfig file (${code ?? 'error'})`, { reason: 'FileUnreadable', file });
  }
  return parseKubeConfig(text, { file, baseDir: dirname(file), homeDir });
}

/** Merges parsed files, the first in the list having the highest precedence. */
export function mergeKubeConfigs(models: readonly KubeConfigModel[]): KubeConfigModel {
  const firstWins = <T>(pick: (model: KubeConfigModel) => ReadonlyMap<string, T>): Map<string, T> => {
    const merged = new Map<string, T>();
    for (const model of models) {
      for (const [name, entry] of pick(model)) if (!merged.has(name)) merged.set(name, entry);
    }
    return merged;
  };
  return {
    clusters: firstWins((model) => model.clusters),
    users: firstWins((model) => model.users),
    contexts: firstWins((model) => model.contexts),
    currentContext: models.find((model) => model.currentContext !== undefined)?.currentContext,
    files: models.flatMap((model) => model.files),
  };
}

/** True when nothing at all was configured: kubectl then falls back to the in-cluster configuration. */
export function isEmptyKubeConfig(model: KubeConfigModel): boolean {
  return model.clusters.size === 0 && model.users.size === 0 && model.contexts.size === 0 && model.currentContext === undefined;
}
