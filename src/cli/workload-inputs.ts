import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { MatchTarget } from '../matching/index.js';
import { UsageError } from './args.js';
import { readObjects, readWorkloads } from './manifests.js';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/**
 * The workloads of `-f` arguments: files, `-`, or directories (their .yaml, .yml and .json files,
 * not recursive, as `kubectl apply -f DIR`). A file named directly must hold a workload; files in a
 * directory without one (a Service, a ConfigMap) are skipped.
 */
export async function readWorkloadInputs(paths: readonly string[], cwd: string): Promise<MatchTarget[]> {
  const out: MatchTarget[] = [];
  for (const path of paths) {
    const info = path === '-' ? undefined : await stat(resolve(cwd, path)).catch(() => undefined);
    if (!info?.isDirectory()) {
      out.push(...(await readWorkloads(path, cwd)));
      continue;
    }
    const files = (await readdir(resolve(cwd, path))).filter((f) => MANIFEST_EXTENSIONS.has(extname(f))).sort();
    let found = 0;
    for (const file of files) {
      const workloads = (await readObjects(join(path, file), cwd)).filter((o) => WORKLOAD_KINDS.has(String(o['kind'])));
      found += workloads.length;
      out.push(...(workloads as unknown as MatchTarget[]));
    }
    if (found === 0) throw new UsageError(`${path} holds no .yaml, .yml or .json file with a Pod or workload`);
  }
  return out;
}

const WORKLOAD_KINDS = new Set(['Pod', 'PodTemplate', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']);

/** Image sizes from a YAML or JSON file mapping image references to bytes. */
export async function readImageSizes(file: string, cwd: string): Promise<Record<string, number>> {
  const [map] = await readObjects(file, cwd);
  const sizes: Record<string, number> = {};
  for (const [image, bytes] of Object.entries(map ?? {})) {
    if (typeof bytes !== 'number') throw new UsageError(`${file}: the size of ${image} must be a number of bytes, got ${JSON.stringify(bytes)}`);
    sizes[image] = bytes;
  }
  return sizes;
}
