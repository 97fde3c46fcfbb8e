import { isImageCacheWaitError } from '../../client/index.js';
import { imageReferenceProblem } from '../../validation/image-reference.js';
import { CONNECTION_FLAGS, parseCommandArgs, parseDuration, UsageError } from '../args.js';
import { clientFromFlags, type ConnectionFlags } from '../connect.js';
import { describeError } from '../describe-error.js';
import { println, type CliIO } from '../io.js';
import { forEachItem } from '../item-results.js';
import { isDocumentFormat, parseOutputFormat, renderDocument, RESOURCE_PREFIX, type OutputFormat } from '../output-format.js';
import { ProgressBoard } from '../progress.js';
import type { PlanWorkload } from '../../planning/index.js';
import { formatPlan, planFlagsFrom, planFromFlags } from '../warm-plan.js';
import { readWorkloadInputs } from '../workload-inputs.js';
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
        board.update(
          name,
          isImageCacheWaitError(err) && err.lastStatus?.phase ? err.lastStatus.phase : 'Failed',
          '',
          why === 'failed' ? (err as Error).message : why,
        );
      }
    }),
  );
  return failed;
}

interface WarmResult {
  /** The cache that holds the group's images: created, already there, or covering them. */
  readonly imageCache: string;
  readonly action: 'created' | 'exists' | 'covered' | 'failed';
  /** The group (workload or --image list) it is for. */
  readonly for: string;
  phase?: string | undefined;
  error?: string | undefined;
}

/** The --image values, checked before anything is sent: a malformed reference is a usage error. */
function checkedImages(images: readonly string[]): string[] {
  for (const image of images) {
    const problem = imageReferenceProblem(image);
    if (problem) throw new UsageError(`--image ${JSON.stringify(image)}: ${problem}`);
  }
  return [...images];
}

export const warmCommand: Command = {
  name: 'warm',
  summary: 'Create the ImageCaches that are missing for images or workloads, and wait until they are Ready',
  usage:
    'eci-imagecache warm (--image IMAGE... | -f WORKLOAD_FILE_OR_DIR...) [--name NAME] [--per-workload] [--dry-run] [--max-images N] [--image-sizes FILE] [--size GIB] [--retention-days N] [--pull-secret NS:NAME] [--timeout 30m] [--no-wait] [-o name|json|yaml|jsonpath=TEMPLATE]',
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
    'A cache that cannot be created gets an error line and the others still go on, as kubectl does.',
    'Shows a live progress bar per cache on a terminal (not with TERM=dumb) and plain progress lines elsewhere.',
    '-o json|yaml|jsonpath prints the results ({items: [{imageCache, action, for, phase, error}]}) at the end;',
    '-o name prints imagecache.eci.alibabacloud.com/NAME of each cache that is Ready (or not waited for).',
    'Exit code: 0 when every cache is Ready, 1 when one could not be created, failed or timed out, 2 on bad usage',
    '(including an --image that is not a valid image reference).',
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
      output: { type: 'string', short: 'o' },
      'per-workload': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      'max-images': { type: 'string' },
      'image-sizes': { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]} (images go after --image)`);
    const format = parseOutputFormat(values['output'] as string | undefined, ['text', 'name', 'json', 'yaml', 'jsonpath']);
    const images = checkedImages((values['image'] as string[] | undefined) ?? []);
    const files = (values['filename'] as string[] | undefined) ?? [];
    if (images.length === 0 && files.length === 0) throw new UsageError('warm needs --image IMAGE or -f WORKLOAD_FILE');
    const workloads: PlanWorkload[] = [];
    if (images.length > 0) workloads.push({ name: (values['name'] as string | undefined) ?? '--image', images });
    workloads.push(...(await readWorkloadInputs(files, io.cwd)));
    const flags = await planFlagsFrom(values, io.cwd);
    const timeoutMs = parseDuration((values['timeout'] as string | undefined) ?? '30m', 'timeout');
    const say = (line: string) => {
      if (format.kind === 'text') println(io, line);
    };
    const client = await clientFromFlags(values as ConnectionFlags, io);
    try {
      const existing = (await client.list({ signal: io.signal })).items;
      const plan = planFromFlags(workloads, existing, flags);
      say(formatPlan(plan));
      if (values['dry-run']) return 0;
      say('');
      const results: WarmResult[] = plan.reuse.map((r) => ({
        imageCache: r.name,
        action: 'covered',
        for: r.workloads.join(', '),
        phase: r.cache.status?.phase,
      }));
      await forEachItem(
        plan.create,
        io,
        async (step) => {
          const forWhom = step.workloads.join(', ');
          try {
            const { imageCache, created } = await client.ensure(step.imageCache, { signal: io.signal });
            say(`${imageCache.metadata.name}: ${created ? 'created' : 'exists'} with ${imageCache.spec.images.length} image(s)`);
            results.push({ imageCache: imageCache.metadata.name!, action: created ? 'created' : 'exists', for: forWhom, phase: imageCache.status?.phase });
          } catch (err) {
            results.push({ imageCache: step.name, action: 'failed', for: forWhom, error: describeError(err) });
            throw err;
          }
        },
        (step) => `ImageCache ${step.name}`,
      );
      const toWait = [...new Set(results.filter((r) => r.action !== 'failed' && r.phase !== 'Ready').map((r) => r.imageCache))];
      const notReady = values['no-wait'] || toWait.length === 0 ? [] : await waitWithProgress(client, toWait, io, timeoutMs);
      for (const r of results) {
        if (values['no-wait'] || !toWait.includes(r.imageCache)) continue;
        if (notReady.includes(r.imageCache)) r.error = 'not Ready';
        else r.phase = 'Ready';
      }
      await printResults(io, format, results, Boolean(values['no-wait']));
      const failedToCreate = results.filter((r) => r.action === 'failed').map((r) => r.imageCache);
      if (notReady.length > 0) io.stderr.write(`error: ${notReady.length} ImageCache(s) not Ready: ${notReady.join(', ')}\n`);
      if (failedToCreate.length > 0) io.stderr.write(`error: ${failedToCreate.length} ImageCache(s) could not be created: ${failedToCreate.join(', ')}\n`);
      if (notReady.length > 0 || failedToCreate.length > 0) return 1;
      if (toWait.length > 0 && !values['no-wait']) say(`all ${toWait.length} ImageCache(s) Ready`);
      return 0;
    } finally {
      client.close();
    }
  },
};

async function printResults(io: CliIO, format: OutputFormat, results: readonly WarmResult[], noWait: boolean): Promise<void> {
  if (isDocumentFormat(format)) io.stdout.write(await renderDocument({ items: results }, format));
  if (format.kind === 'name') {
    const usable = results.filter((r) => r.action !== 'failed' && !r.error && (noWait || r.phase === 'Ready'));
    io.stdout.write([...new Set(usable.map((r) => `${RESOURCE_PREFIX}/${r.imageCache}\n`))].join(''));
  }
}
