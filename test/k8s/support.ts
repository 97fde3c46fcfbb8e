/**
 * What the real-server checks share: the cluster the k8s runner started (from ECI_K8S_*), and
 * kubectl pointed at it.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ClusterConnection } from '../../src/client/index.js';
import { K8S_ENV, requiredEnv } from '../contract/target.js';
import { findKubectl } from '../support/kubectl.js';

/** The cluster started by `npm run test:k8s`. */
export interface K8sCluster {
  /** `https://127.0.0.1:PORT`. */
  readonly server: string;
  readonly caPath: string;
  readonly caData: string;
  /** The admin (system:masters) connection. */
  readonly admin: ClusterConnection;
  /** User eci-reader: get/list/watch on imagecaches, nothing else. */
  readonly readOnlyToken: string;
  readonly kubeconfigPath: string;
  readonly readOnlyKubeconfigPath: string;
}

/**
 * Reads the cluster from the environment; throws with a hint when the runner did not set it.
 *
 * @example
 * ```ts
 * const cluster = k8sCluster();
 * const client = new ImageCacheClient(cluster.admin);
 * ```
 */
export function k8sCluster(env: NodeJS.ProcessEnv = process.env): K8sCluster {
  const server = requiredEnv(K8S_ENV.server, env);
  const caPath = requiredEnv(K8S_ENV.caPath, env);
  const caData = readFileSync(caPath, 'utf8');
  return {
    server,
    caPath,
    caData,
    admin: { server, caData, token: requiredEnv(K8S_ENV.adminToken, env) },
    readOnlyToken: requiredEnv(K8S_ENV.readOnlyToken, env),
    kubeconfigPath: requiredEnv(K8S_ENV.kubeconfig, env),
    readOnlyKubeconfigPath: requiredEnv(K8S_ENV.readOnlyKubeconfig, env),
  };
}

/** The kubectl binary: $KUBECTL, the PATH, or /usr/bin/kubectl. */
export function requireKubectl(env: NodeJS.ProcessEnv = process.env): string {
  const kubectl = findKubectl(env);
  if (kubectl) return kubectl;
  throw new Error('kubectl was not found (set KUBECTL or put it on PATH); the k8s suite needs it');
}

/** What a kubectl run printed. */
export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs kubectl against `kubeconfigPath` with its discovery cache in `cacheDir`.
 *
 * @example
 * ```ts
 * const { stdout } = await kubectl(cluster.kubeconfigPath, cacheDir, ['get', 'ic', 'web', '-o', 'json']);
 * ```
 */
export function kubectl(kubeconfigPath: string, cacheDir: string, args: readonly string[]): Promise<KubectlResult> {
  return new Promise((resolve) => {
    execFile(requireKubectl(), ['--kubeconfig', kubeconfigPath, '--cache-dir', cacheDir, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
