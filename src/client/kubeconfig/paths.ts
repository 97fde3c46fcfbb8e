import { delimiter, isAbsolute, resolve } from 'node:path';

/**
 * Expands a leading `~` to `homeDir`. kubectl leaves `~` in kubeconfig fields alone (and then fails
 * to open `<dir>/~/...`); expanding it is a deliberate extension that only changes what kubectl rejects.
 */
export function expandHome(path: string, homeDir: string): string {
  if (path === '~') return homeDir;
  if (path.startsWith('~/') || path.startsWith('~\\')) return resolve(homeDir, path.slice(2));
  return path;
}

/** Resolves a path found in a kubeconfig against the directory of the file that names it, like clientcmd's ResolvePaths. */
export function resolveReference(path: string, baseDir: string, homeDir: string): string {
  const expanded = expandHome(path, homeDir);
  return isAbsolute(expanded) ? expanded : resolve(baseDir, expanded);
}

/**
 * Splits a KUBECONFIG value the way clientcmd does: on the platform's list separator, dropping empty
 * entries and later duplicates (the first occurrence keeps its precedence).
 */
export function splitKubeConfigList(value: string, cwd: string, homeDir: string): string[] {
  const seen = new Set<string>();
  for (const entry of value.split(delimiter)) {
    if (entry.trim() === '') continue;
    seen.add(resolve(cwd, expandHome(entry, homeDir)));
  }
  return [...seen];
}
