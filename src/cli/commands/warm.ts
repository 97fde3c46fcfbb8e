import { isImageCacheWaitError } from '../../client/index.js';
import { CONNECTION_FLAGS, parseCommandArgs, parseDuration, parseInteger, UsageError } from '../args.js';
import { clientFromFlags, type ConnectionFlags } from '../connect.js';
import { println, type CliIO } from '../io.js';
import { ProgressBoard } from '../progress.js';
import type { PlanWorkload } from '../../planning/index.js';
import { formatPlan, planFromFlags } from '../warm-plan.js';
import { readImageSizes, readWorkloadInputs } from '../workload-inputs.js';
import type { ImageCacheClient } from '../../client/index.js';
import type { Command } from './command.js';

/** Waits for every named cache, showing progress; returns the names that failed or timed out. */
export async function waitWithProgress(client: ImageCacheClient, names: readonly string[], io: CliIO, timeoutMs: number): Promise<string[]> {
  const board = new ProgressBoard(io, names);
  const failed: string[] = [];
  await Promise.all(
    names.map(async (name) => {
      try {
        await client.waitForReady(name, {
          timeoutMs,
          signal: io.signal,
          onProgress: ({ phase, progress }) => board.update(name, phase ?? 'Pending', progress ?? ''),
        });
        board.update(name, 'Ready', '100%');
      } catch (err) {
        failed.push(name);
        const why = isImageCacheWaitError(err) ? err.kind : 'error';
        board.update(name, isImageCacheWaitError(err) && err.lastStatus?.phase ? err.lastStatus.phase : 'Failed', '', why === 'failed' ? (err as Error).message : why);
      }
    }),
  );
  return failed;
}

export const warmCommand: Command = {
  name: 'warm',
  summary: 'Create the ImageCaches that are missing for images or workloads, and wait until they are Ready',
  usage:
    'eci-imagecache warm (--image IMAGE... | -f WORKLOAD_FILE_OR_DIR...) [--name NAME] [--per-workload] [--dry-run] [--max-images N] [--image-sizes FILE] [--size GIB] [--retention-days N] [--pull-secret NS:NAME] [--timeout 30m] [--no-wait]',
  examples: [
    'eci-imagecache warm --image nginx:1.25 --image redis:7 --name web-deps',
    'eci-imagecache warm -f deploy/ --dry-run',
    'eci-imagecache warm -f deploy/web.yaml -f deploy/worker.yaml --timeout 20m',
  ],
  details: [
    'Plans first, with the planning library (as `eci-imagecache plan`), and prints the plan: a workload (or the',
    '--image list, named by --name) whose images an existing, not failed, unexpired cache holds reuses it; the',
    'others share as few caches of at most 20 images as give each a perfect match (--per-workload: one cache per',
    'workload). Caches are named from their spec and created with ensure, so re-running is safe.',
    '--dry-run prints the plan and stops. --image-sizes FILE (YAML/JSON: image -> bytes) plans by bytes and sizes caches.',
    'Shows a live progress bar per cache on a terminal and plain progress lines elsewhere.',
    'Exit code: 0 when every cache is Ready, 1 when one failed or timed out, 2 on bad usage.',
  ].join('\n'),
  async run(args, io: CliIO) {
    const { values, positionals } = parseCommandArgs(args, {
      ...CONNECTION_FLAGS,
      image: { type: 'string', multiple: true },
      filename: { type: 'string', short: 'f', multiple: true },
      name: { type: 'string' },
      size: { type: 'string' },
      'retention-days': { type: 'string' },
      'pull-secret': { type: 'string', multiple: true },
      timeout: { type: 'string' },
      'no-wait': { type: 'boolean' },
      'per-workload': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      'max-images': { type: 'string' },
      'image-sizes': { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]} (images go after --image)`);
    const images = (values['image'] as string[] | undefined) ?? [];
    const files = (values['filename'] as string[] | undefined) ?? [];
    if (images.length === 0 && files.length === 0) throw new UsageError('warm needs --image IMAGE or -f WORKLOAD_FILE');
    const workloads: PlanWorkload[] = [];
    if (images.length > 0) workloads.push({ name: (values['name'] as string | undefined) ?? '--image', images });
    workloads.push(...(await readWorkloadInputs(files, io.cwd)));
    const sizesFile = values['image-sizes'] as string | undefined;
    const flags = {
      perWorkload: values['per-workload'] === true,
      imageCacheSize: parseInteger(values['size'] as string | undefined, 'size'),
      retentionDays: parseInteger(values['retention-days'] as string | undefined, 'retention-days'),
      imagePullSecrets: values['pull-secret'] as string[] | undefined,
      maxImages: parseInteger(values['max-images'] as string | undefined, 'max-images'),
      imageSizes: sizesFile === undefined ? undefined : await readImageSizes(sizesFile, io.cwd),
    };
    const timeoutMs = parseDuration((values['timeout'] as string | undefined) ?? '30m', 'timeout');
    const client = await clientFromFlags(values as ConnectionFlags, io);
    try {
      const existing = (await client.list({ signal: io.signal })).items;
      const plan = planFromFlags(workloads, existing, flags);
      println(io, formatPlan(plan));
      if (values['dry-run']) return 0;
      println(io);
      const toWait: string[] = plan.reuse.filter((r) => !r.ready).map((r) => r.name);
      for (const step of plan.create) {
        const { imageCache, created } = await client.ensure(step.imageCache, { signal: io.signal });
        println(io, `${imageCache.metadata.name}: ${created ? 'created' : 'exists'} with ${imageCache.spec.images.length} image(s)`);
        if (imageCache.status?.phase !== 'Ready') toWait.push(imageCache.metadata.name!);
      }
      if (values['no-wait'] || toWait.length === 0) return 0;
      const failed = await waitWithProgress(client, [...new Set(toWait)], io, timeoutMs);
      if (failed.length > 0) {
        io.stderr.write(`error: ${failed.length} ImageCache(s) not Ready: ${failed.join(', ')}\n`);
        return 1;
      }
      println(io, `all ${new Set(toWait).size} ImageCache(s) Ready`);
      return 0;
    } finally {
      client.close();
    }
  },
};
