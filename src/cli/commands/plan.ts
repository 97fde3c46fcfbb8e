import type { ImageCache } from '../../types/index.js';
import { CONNECTION_FLAGS, parseCommandArgs, UsageError } from '../args.js';
import { clientFromFlags, type ConnectionFlags } from '../connect.js';
import { println, type CliIO } from '../io.js';
import { readCaches } from '../manifests.js';
import { formatObject } from '../output.js';
import { isDocumentFormat, parseOutputFormat, renderDocument } from '../output-format.js';
import { formatPlan, planFlagsFrom, planFromFlags } from '../warm-plan.js';
import { readWorkloadInputs } from '../workload-inputs.js';
import type { Command } from './command.js';

/** Where the existing caches come from: a file, nowhere, or the cluster. */
async function existingCaches(values: Record<string, unknown>, io: CliIO): Promise<ImageCache[]> {
  if (values['no-cluster']) return [];
  if (typeof values['caches'] === 'string') return readCaches(values['caches'], io.cwd);
  const client = await clientFromFlags(values as ConnectionFlags, io);
  try {
    return (await client.list({ signal: io.signal })).items;
  } finally {
    client.close();
  }
}

export const planCommand: Command = {
  name: 'plan',
  summary: 'Plan the fewest ImageCaches that give every workload a perfect match, without creating any',
  usage:
    'eci-imagecache plan -f WORKLOAD_FILE_OR_DIR... [--caches FILE | --no-cluster] [--per-workload] [--max-images N] [--image-sizes FILE] [--size GIB] [--retention-days N] [--pull-secret NS:NAME] [-o yaml|json|jsonpath=TEMPLATE]',
  examples: [
    'eci-imagecache plan -f deploy/',
    'eci-imagecache plan -f deploy/ -o yaml | kubectl apply -f -',
    'eci-imagecache plan -f deploy.yaml --no-cluster --image-sizes sizes.yaml',
  ],
  details: [
    "Existing caches (reused when they hold all of a workload's images) come from --caches FILE, from the cluster,",
    'or, with --no-cluster, nowhere. A directory means its .yaml, .yml and .json files (not recursive).',
    '-o yaml: the ImageCaches to create, as manifests for kubectl apply -f -; -o json|jsonpath: the whole plan.',
    'Exit code: 0, or 2 on bad usage.',
  ].join('\n'),
  async run(args, io: CliIO) {
    const { values, positionals } = parseCommandArgs(args, {
      ...CONNECTION_FLAGS,
      filename: { type: 'string', short: 'f', multiple: true },
      caches: { type: 'string' },
      'no-cluster': { type: 'boolean' },
      'per-workload': { type: 'boolean' },
      'max-images': { type: 'string' },
      'image-sizes': { type: 'string' },
      size: { type: 'string' },
      'retention-days': { type: 'string' },
      'pull-secret': { type: 'string', multiple: true },
      output: { type: 'string', short: 'o' },
    });
    const files = [...((values['filename'] as string[] | undefined) ?? []), ...positionals];
    if (files.length === 0) throw new UsageError('plan needs -f WORKLOAD_FILE_OR_DIR');
    const format = parseOutputFormat(values['output'] as string | undefined, ['text', 'yaml', 'json', 'jsonpath']);
    const workloads = await readWorkloadInputs(files, io.cwd);
    const flags = await planFlagsFrom(values, io.cwd);
    const plan = planFromFlags(workloads, await existingCaches(values, io), flags);
    if (format.kind === 'yaml') {
      const manifests = plan.create.map((c) => ({ ...c.imageCache, apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCache' }));
      const docs = await Promise.all(manifests.map((m) => formatObject(m, 'yaml')));
      if (docs.length > 0) println(io, docs.map((d) => `---\n${d}`).join('\n'));
      return 0;
    }
    if (isDocumentFormat(format)) {
      io.stdout.write(await renderDocument(plan, format));
      return 0;
    }
    println(io, formatPlan(plan));
    return 0;
  },
};
