/**
 * The kubeconfig that points kubectl (or the SDK's kubeconfig loader) at a running emulator.
 * @packageDocumentation
 */

/** Name of the cluster, user and context in the emulator's kubeconfig. */
export const EMULATOR_CONTEXT = 'imagecache-emulator';

/**
 * Kubeconfig YAML for a server at `url`, with a bearer token when one is required.
 *
 * @example
 * ```ts
 * await writeFile('kubeconfig', emulatorKubeconfig('http://127.0.0.1:43121'));
 * ```
 */
export function emulatorKubeconfig(url: string, token?: string): string {
  const user = token === undefined ? '{}' : `\n    token: ${JSON.stringify(token)}`;
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${EMULATOR_CONTEXT}`,
    '  cluster:',
    `    server: ${JSON.stringify(url)}`,
    'users:',
    `- name: ${EMULATOR_CONTEXT}`,
    `  user: ${user}`,
    'contexts:',
    `- name: ${EMULATOR_CONTEXT}`,
    '  context:',
    `    cluster: ${EMULATOR_CONTEXT}`,
    `    user: ${EMULATOR_CONTEXT}`,
    `current-context: ${EMULATOR_CONTEXT}`,
    'preferences: {}',
    '',
  ].join('\n');
}
