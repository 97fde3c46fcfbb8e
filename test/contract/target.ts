/**
 * What the contract suite runs against: the in-process emulator (default, part of `npm test`) or a
 * real kube-apiserver started by `npm run test:k8s` (`ECI_CONTRACT_TARGET=kube-apiserver`). Both
 * are reached the same way, over HTTP with a bearer token, so every contract test is blind to
 * which one answers.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { ImageCacheClient, type ClusterConnection, type ImageCacheClientOptions } from '../../src/client/index.js';
import { COLLECTION_PATH } from '../../src/client/paths.js';
import { startImageCacheEmulator, type ImageCacheEmulator } from '../../src/testing/emulator/index.js';
import type { ImageCache, ImageCacheStatus } from '../../src/types/index.js';
import { rawRequestExpecting } from './support/raw-request.js';

/** Which server answers. */
export type ContractTargetKind = 'emulator' | 'kube-apiserver';

/** A server speaking the ImageCache API, with a test-side stand-in for ECI's controller. */
export interface ContractTarget {
  readonly kind: ContractTargetKind;
  /** An admin client under test. */
  readonly client: ImageCacheClient;
  /** How `client` reaches the server; tests build their own clients (hooks, a proxy) from it. */
  readonly connection: ClusterConnection;
  /** The options `client` was made with: short retry delays, so reconnects do not slow the suite. */
  readonly clientOptions: ImageCacheClientOptions;
  /**
   * Plays ECI's controller: a JSON merge patch of `status` through the status subresource, sent
   * with its own request, not through the client under test.
   */
  setStatus(name: string, status: Partial<ImageCacheStatus>): Promise<ImageCache>;
  /**
   * A resourceVersion the server now answers a watch from with 410 Gone: the emulator forgets its
   * history; kube-apiserver's watch cache never held resourceVersion 1, which predates the CRD.
   */
  expiredResourceVersion(): Promise<string>;
  /**
   * Forgets every revision before the current one, as an etcd compaction does: continue tokens
   * (and watches) from before it get 410 Gone. Write something after the state you want to lose.
   */
  compact(): Promise<void>;
  /**
   * Whether the server serves streaming lists (`sendInitialEvents`): always for the emulator; for
   * kube-apiserver as `ECI_K8S_WATCH_LIST` (`on`/`off`, the `WatchList` feature gate the runner
   * set), undefined when the runner left the gate at its default.
   */
  readonly streamingLists: boolean | undefined;
  /** Closes the client (and stops the emulator). */
  close(): Promise<void>;
}

/** Environment the k8s runner (test/k8s/run.mjs) sets for the kube-apiserver target. */
export const K8S_ENV = {
  target: 'ECI_CONTRACT_TARGET',
  server: 'ECI_K8S_SERVER',
  caPath: 'ECI_K8S_CA_PATH',
  adminToken: 'ECI_K8S_ADMIN_TOKEN',
  readOnlyToken: 'ECI_K8S_READONLY_TOKEN',
  kubeconfig: 'ECI_K8S_KUBECONFIG',
  readOnlyKubeconfig: 'ECI_K8S_READONLY_KUBECONFIG',
  etcdUrl: 'ECI_K8S_ETCD_URL',
  watchList: 'ECI_K8S_WATCH_LIST',
} as const;

/** Client options of every contract client: quick retries and reconnects, real budgets otherwise. */
export const CONTRACT_CLIENT_OPTIONS: ImageCacheClientOptions = Object.freeze({
  retry: { retries: 3, baseDelayMs: 20, maxDelayMs: 200 },
  watchRetry: { retries: 8, baseDelayMs: 20, maxDelayMs: 500 },
  timeoutMs: 15_000,
});

/** The target named by `ECI_CONTRACT_TARGET` (`emulator` when unset). */
export function contractTargetKind(env: NodeJS.ProcessEnv = process.env): ContractTargetKind {
  const value = env[K8S_ENV.target] ?? 'emulator';
  if (value !== 'emulator' && value !== 'kube-apiserver')
    throw new Error(`${K8S_ENV.target} must be "emulator" or "kube-apiserver", got ${JSON.stringify(value)}`);
  return value;
}

/** Reads a variable the k8s runner sets, with a hint when the suite was started some other way. */
export function requiredEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set: run this suite with \`npm run test:k8s\`, which starts kube-apiserver and sets it`);
  return value;
}

function statusPatcher(connection: ClusterConnection) {
  return async (name: string, status: Partial<ImageCacheStatus>): Promise<ImageCache> => {
    const res = await rawRequestExpecting([200], connection, 'PATCH', `${COLLECTION_PATH}/${encodeURIComponent(name)}/status`, {
      body: { status },
      contentType: 'application/merge-patch+json',
    });
    return res.json as ImageCache;
  };
}

/** Compacts etcd at its current revision through its JSON gateway, as kube-apiserver does every 5 minutes. */
async function compactEtcd(etcdUrl: string): Promise<void> {
  const etcd: ClusterConnection = { server: etcdUrl };
  // Any read answers with the current revision in its header; key "\0" (base64 AA==) holds nothing.
  const range = await rawRequestExpecting([200], etcd, 'POST', '/v3/kv/range', { body: { key: 'AA==' } });
  const revision = (range.json as { header: { revision: string } }).header.revision;
  await rawRequestExpecting([200], etcd, 'POST', '/v3/kv/compaction', { body: { revision, physical: true } });
}

async function emulatorTarget(): Promise<ContractTarget> {
  // A token, so the emulator checks the same Authorization header a real server does.
  const token = `contract-${randomBytes(12).toString('hex')}`;
  const emulator: ImageCacheEmulator = await startImageCacheEmulator({ controller: false, token });
  const connection: ClusterConnection = { server: emulator.url, token };
  // Plain http on loopback: the client refuses a token there unless told (#12); the real server is https.
  const clientOptions: ImageCacheClientOptions = Object.freeze({ ...CONTRACT_CLIENT_OPTIONS, allowCredentialsOverHttp: true });
  const client = new ImageCacheClient(connection, clientOptions);
  return {
    kind: 'emulator',
    client,
    connection,
    clientOptions,
    setStatus: statusPatcher(connection),
    expiredResourceVersion: async () => {
      emulator.store.compact();
      return '1';
    },
    compact: async () => emulator.store.compact(),
    streamingLists: true,
    close: async () => {
      client.close();
      await emulator.close();
    },
  };
}

function kubeApiserverTarget(env: NodeJS.ProcessEnv): ContractTarget {
  const connection: ClusterConnection = {
    server: requiredEnv(K8S_ENV.server, env),
    caData: readFileSync(requiredEnv(K8S_ENV.caPath, env), 'utf8'),
    token: requiredEnv(K8S_ENV.adminToken, env),
  };
  const client = new ImageCacheClient(connection, CONTRACT_CLIENT_OPTIONS);
  return {
    kind: 'kube-apiserver',
    client,
    connection,
    clientOptions: CONTRACT_CLIENT_OPTIONS,
    setStatus: statusPatcher(connection),
    expiredResourceVersion: async () => '1',
    compact: () => compactEtcd(requiredEnv(K8S_ENV.etcdUrl, env)),
    streamingLists: env[K8S_ENV.watchList] === 'on' ? true : env[K8S_ENV.watchList] === 'off' ? false : undefined,
    close: async () => client.close(),
  };
}

/**
 * Starts (emulator) or connects to (kube-apiserver) the target `ECI_CONTRACT_TARGET` names.
 *
 * @example
 * ```ts
 * let target: ContractTarget;
 * beforeAll(async () => { target = await getContractTarget(); });
 * afterAll(() => target.close());
 * ```
 */
export async function getContractTarget(env: NodeJS.ProcessEnv = process.env): Promise<ContractTarget> {
  return contractTargetKind(env) === 'emulator' ? emulatorTarget() : kubeApiserverTarget(env);
}
