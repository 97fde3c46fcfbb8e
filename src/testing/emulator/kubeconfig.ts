/**
 * The kubeconfig that points kubectl (or the SDK's kubeconfig loader) at a running emulator.
 * @packageDocumentation
 */

/** Name of the cluster, user and context in the emulator's kubeconfig. */
export const EMULATOR_CONTEXT = 'imagecache-emulator';

/**
 * Kubeconfig YAML for a server at `url`, with a bearer token when one is required and the PEM
 * certificate authority to trust when the server speaks HTTPS. kubectl sends a token only over
 * HTTPS (client-go drops credentials for `http://` servers).
 *
 * @example
 * ```ts
 * await writeFile('kubeconfig', emulatorKubeconfig('http://127.0.0.1:43121'));
 * ```
 */
export function emulatorKubeconfig(url: string, token?: string, caPem?: string): string {
  const user = token === undefined ? '{}' : `\n    token: ${JSON.stringify(token)}`;
  const ca = caPem === undefined ? [] : [`    certificate-authority-data: ${Buffer.from(caPem).toString('base64')}`];
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${EMULATOR_CONTEXT}`,
    '  cluster:',
    `    server: ${JSON.stringify(url)}`,
    ...ca,
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
