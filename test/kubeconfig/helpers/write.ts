import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Writes `files` (relative path → text) under `dir` and returns the absolute path of the first. */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<string> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return join(dir, Object.keys(files)[0] ?? '');
}

/** A one-context kubeconfig in YAML with the given cluster and user bodies (YAML flow mappings). */
export function kubeconfigYaml(cluster: string, user?: string, contextExtra = ''): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'current-context: ctx',
    'clusters:',
    '- name: c',
    `  cluster: ${cluster}`,
    ...(user ? ['users:', '- name: u', `  user: ${user}`] : []),
    'contexts:',
    '- name: ctx',
    `  context: {cluster: c${user ? ', user: u' : ''}${contextExtra}}`,
    '',
  ].join('\n');
}
