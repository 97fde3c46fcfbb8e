import { safeParseImageCacheManifest } from '../../validation/index.js';
import { CONNECTION_FLAGS, parseCommandArgs, parseInteger, UsageError } from '../args.js';
import { clientFromFlags, type ConnectionFlags } from '../connect.js';
import { println, type CliIO } from '../io.js';
import { readManifestText } from '../manifests.js';
import type { Command } from './command.js';

export const createCommand: Command = {
  name: 'create',
  summary: 'Validate ImageCache manifests, then create them',
  usage: 'eci-imagecache create -f FILE [--dry-run] [--max-manifest-bytes N]',
  examples: ['eci-imagecache create -f imagecache.yaml', 'cat caches.yaml | eci-imagecache create -f - --dry-run'],
  details: 'Every problem in the file is listed, with its line, before anything is sent; nothing is created unless all documents are valid. Files over 4 MiB are refused unless --max-manifest-bytes allows more.',
  async run(args, io: CliIO) {
    const { values, positionals } = parseCommandArgs(args, { ...CONNECTION_FLAGS, filename: { type: 'string', short: 'f' }, 'dry-run': { type: 'boolean' }, 'max-manifest-bytes': { type: 'string' } });
    const file = values['filename'] as string | undefined;
    if (!file) throw new UsageError('create needs -f FILE');
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
    const maxBytes = parseInteger(values['max-manifest-bytes'] as string | undefined, 'max-manifest-bytes');
    const result = await safeParseImageCacheManifest(await readManifestText(file, io.cwd), maxBytes !== undefined ? { maxBytes } : {});
    if (!result.success) {
      for (const issue of result.issues) io.stderr.write(`error: ${file}${issue.line !== undefined ? `:${issue.line}` : ''}: ${issue.message}\n`);
      return 1;
    }
    if (result.data.length === 0) throw new UsageError(`${file} holds no ImageCache`);
    const client = await clientFromFlags(values as ConnectionFlags, io);
    try {
      for (const cache of result.data) {
        const created = await client.create(cache, { dryRun: Boolean(values['dry-run']), signal: io.signal });
        println(io, `imagecache.eci.alibabacloud.com/${created.metadata.name} created${values['dry-run'] ? ' (server dry run)' : ''}`);
      }
      return 0;
    } finally {
      client.close();
    }
  },
};
