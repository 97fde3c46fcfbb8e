/**
 * Names and cleanup for one contract test file. A real kube-apiserver keeps objects across test
 * files of a run (and across runs while it lives), so every object a file creates gets a name
 * with a fresh prefix and a label with the file's run id: lists select by it, and cleanup deletes
 * by it.
 */
import { randomBytes } from 'node:crypto';
import { COLLECTION_PATH } from '../../../src/client/paths.js';
import type { ImageCacheInput } from '../../../src/types/index.js';
import type { ContractTarget } from '../target.js';
import { rawRequestExpecting } from './raw-request.js';

/** The label every object of a contract run carries. */
export const RUN_LABEL = 'contract.eci-imagecache.test/run';

/** Names and labels of one test file, and the cleanup of what it made. */
export interface ContractScope {
  /** The run id: the value of {@link RUN_LABEL} on this file's objects. */
  readonly runId: string;
  /** `{ [RUN_LABEL]: runId }`, the selector of this file's objects. */
  readonly labels: Readonly<Record<string, string>>;
  /** A fresh, valid, unique object name containing `hint`. */
  name(hint: string): string;
  /** A valid manifest named `name` carrying the run label (and `labels`), with `spec` over `images: ['nginx:1.25']`. */
  manifest(name: string, spec?: Partial<ImageCacheInput['spec']>, labels?: Record<string, string>): ImageCacheInput;
  /** Deletes every object of this file: finalizers removed first, so nothing lingers. */
  cleanup(): Promise<void>;
}

/**
 * A scope for one test file against `target`.
 *
 * @example
 * ```ts
 * const scope = contractScope(target);
 * await target.client.create(scope.manifest(scope.name('web')));
 * await scope.cleanup();
 * ```
 */
export function contractScope(target: ContractTarget): ContractScope {
  const runId = randomBytes(4).toString('hex');
  const labels = Object.freeze({ [RUN_LABEL]: runId });
  let counter = 0;
  const selector = `labelSelector=${encodeURIComponent(`${RUN_LABEL}=${runId}`)}`;
  return {
    runId,
    labels,
    name: (hint) => `ct-${runId}-${hint}-${++counter}`,
    manifest: (name, spec = {}, extraLabels = {}) => ({
      metadata: { name, labels: { ...extraLabels, ...labels } },
      spec: { images: ['nginx:1.25'], ...spec },
    }),
    cleanup: async () => {
      const listed = await rawRequestExpecting([200], target.connection, 'GET', `${COLLECTION_PATH}?${selector}`);
      const items = (listed.json as { items: { metadata: { name: string; finalizers?: string[] } }[] }).items;
      for (const item of items.filter((i) => (i.metadata.finalizers ?? []).length > 0)) {
        await rawRequestExpecting([200, 404], target.connection, 'PATCH', `${COLLECTION_PATH}/${item.metadata.name}`, {
          body: { metadata: { finalizers: null } },
          contentType: 'application/merge-patch+json',
        });
      }
      await rawRequestExpecting([200], target.connection, 'DELETE', `${COLLECTION_PATH}?${selector}`);
    },
  };
}
