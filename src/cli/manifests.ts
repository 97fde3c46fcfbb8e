import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ImageCache } from '../types/index.js';
import type { MatchTarget } from '../matching/index.js';
import { UsageError } from './args.js';

/** Reads a file (or stdin for `-`) as the text of a manifest. */
export async function readManifestText(file: string, cwd: string): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(resolve(cwd, file), 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/** Every object in a YAML or JSON stream, `kind: List` and `*List` items flattened. */
export async function readObjects(file: string, cwd: string): Promise<Record<string, unknown>[]> {
  const { parseAllDocuments } = await import('yaml');
  const out: Record<string, unknown>[] = [];
  const docs = parseAllDocuments(await readManifestText(file, cwd));
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length > 0) throw new UsageError(`${file}: not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
    const value: unknown = doc.toJS();
    if (value === null || typeof value !== 'object') continue;
    const object = value as Record<string, unknown>;
    if (Array.isArray(object['items']) && typeof object['kind'] === 'string' && object['kind'].endsWith('List')) {
      out.push(...(object['items'] as Record<string, unknown>[]));
    } else {
      out.push(object);
    }
  }
  return out;
}

const WORKLOAD_KINDS = new Set(['Pod', 'PodTemplate', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']);

/** The workloads of a manifest; other kinds (Services, ConfigMaps) are skipped. */
export async function readWorkloads(file: string, cwd: string): Promise<MatchTarget[]> {
  const workloads = (await readObjects(file, cwd)).filter((o) => WORKLOAD_KINDS.has(String(o['kind'])));
  if (workloads.length === 0) throw new UsageError(`${file} holds no Pod or workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob)`);
  return workloads as unknown as MatchTarget[];
}

/** The ImageCaches of a file, for offline matching. */
export async function readCaches(file: string, cwd: string): Promise<ImageCache[]> {
  return (await readObjects(file, cwd)).filter((o) => o['kind'] === 'ImageCache') as unknown as ImageCache[];
}

/** A workload's display name, `Deployment/web`. */
export function workloadLabel(target: MatchTarget): string {
  const t = target as { kind?: string; metadata?: { name?: string } };
  return `${t.kind ?? 'Pod'}/${t.metadata?.name ?? '<unnamed>'}`;
}
