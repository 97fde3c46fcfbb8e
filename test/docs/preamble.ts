// The names a documentation block may use without declaring them: `client`, `caches`,
// `deployment`, ... Blocks are compiled with these declared as globals of exactly these types, and
// the README blocks that run get these values, so the two cannot disagree.
// To add a name: add it to DocsPreamble and give it a value in createDocsPreamble.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ImageCacheClient, type ImageCache } from 'eci-imagecache';
import type { MatchTarget, PodLike, WorkloadLike } from 'eci-imagecache/matching';
import { startImageCacheEmulator, type ImageCacheEmulator, type ImageCacheStore, type SimulatedEciController } from 'eci-imagecache/testing';

export interface DocsPreamble {
  /** A client connected to a fresh emulator (whose controller builds caches in milliseconds). */
  client: ImageCacheClient;
  /** examples/workloads/caches.yaml: web-release-42 (imc-web42), old-web (expired), batch-release-42. */
  caches: ImageCache[];
  /** One ImageCache of `caches` (web-release-42). */
  cache: ImageCache;
  /** The `web` Deployment of examples/workloads/web.yaml. */
  deployment: WorkloadLike;
  /** Every workload of examples/workloads/web.yaml (the web Deployment, the report CronJob). */
  workloads: MatchTarget[];
  /** The web Deployment, as a list. */
  deployments: WorkloadLike[];
  /** A Pod running the web Deployment's template. */
  pod: PodLike;
  /** The clock the workload examples are read at: 2026-11-27T12:00:00Z, before any of `caches` expires. */
  now: Date;
  /** Something to validate: a valid ImageCache as an unknown value. */
  value: unknown;
  /** One ImageCache as JSON text. */
  text: string;
  /** examples/workloads/caches.yaml as text. */
  yamlText: string;
  /** The API server's URL (the emulator's). */
  server: string;
  /** A CA certificate in PEM (a placeholder: nothing is verified against it in the blocks that run). */
  caPem: string;
  caData: string;
  /** What a service does with a RELISTED watch event. */
  resync: (objects: readonly ImageCache[]) => void;
  /** What a `catch` caught. */
  err: unknown;
  /** The emulator's store and controller. */
  store: ImageCacheStore;
  controller: SimulatedEciController;
  /** vitest's expect, as in the test suites the matching examples come from. */
  expect: typeof expect;
}

const root = join(__dirname, '..', '..');
const read = (file: string): string => readFileSync(join(root, file), 'utf8');
const documents = <T>(text: string): T[] => parseAllDocuments(text).map((d) => d.toJS() as T);

/** The preamble's values, against a fresh emulator; `close()` stops it. */
export async function createDocsPreamble(): Promise<{ preamble: DocsPreamble; emulator: ImageCacheEmulator; close: () => Promise<void> }> {
  const emulator = await startImageCacheEmulator({ controller: { tickMs: 5, stepDelays: { pendingMs: 5, preparingMs: 5, progressStepMs: 5 } } });
  const client = new ImageCacheClient({ server: emulator.url });
  const yamlText = read('examples/workloads/caches.yaml');
  const caches = documents<ImageCache>(yamlText);
  const workloads = documents<MatchTarget>(read('examples/workloads/web.yaml'));
  const deployment = workloads[0] as WorkloadLike;
  const template = deployment.spec?.template;
  const preamble: DocsPreamble = {
    client,
    caches,
    cache: caches[0]!,
    deployment,
    deployments: [deployment],
    workloads,
    pod: {
      kind: 'Pod',
      metadata: { name: 'web-1', ...(template?.metadata?.annotations ? { annotations: template.metadata.annotations } : {}) },
      spec: template!.spec!,
    } as PodLike,
    now: new Date('2026-11-27T12:00:00Z'),
    value: { apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCache', metadata: { name: 'web' }, spec: { images: ['nginx:1.25'] } },
    text: JSON.stringify(caches[0]),
    yamlText,
    server: emulator.url,
    caPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    caData: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    resync: () => {},
    err: new Error('an example error'),
    store: emulator.store,
    controller: emulator.controller!,
    expect,
  };
  return {
    preamble,
    emulator,
    close: async () => {
      client.close();
      await emulator.close();
    },
  };
}

let current: DocsPreamble | undefined;

/** Sets the values the next block that runs reads. */
export function setDocsPreamble(preamble: DocsPreamble | undefined): void {
  current = preamble;
}

/** What a running block reads its preamble names from. */
export function docsPreamble(): DocsPreamble {
  if (!current) throw new Error('no documentation preamble set');
  return current;
}
