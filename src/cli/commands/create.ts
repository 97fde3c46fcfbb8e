import type { ImageCache } from '../../types/index.js';
import { safeParseImageCacheManifest } from '../../validation/index.js';
import { CONNECTION_FLAGS, parseCommandArgs, parseInteger, UsageError } from '../args.js';
import { clientFromFlags, type ConnectionFlags } from '../connect.js';
import { type CliIO } from '../io.js';
import { forEachItem } from '../item-results.js';
import { readManifestText } from '../manifests.js';
import { asListDocument, isDocumentFormat, parseOutputFormat, renderDocument, RESOURCE_PREFIX } from '../output-format.js';
import type { Command } from './command.js';

export const createCommand: Command = {
  name: 'create',
  summary: 'Validate ImageCache manifests, then create them',
  usage: 'eci-imagecache create -f FILE [--dry-run] [-o name|json|yaml|jsonpath=TEMPLATE] [--max-manifest-bytes N]',
  examples: ['eci-imagecache create -f imagecache.yaml', 'cat caches.yaml | eci-imagecache create -f - --dry-run'],
  details: [
    'Every problem in the file is listed, with its line, before anything is sent; nothing is created unless all documents are valid.',
    'Then each document is created in turn, as kubectl does: a document the server refuses (e.g. AlreadyExists)',
    'gets an error line and the others are still created; the exit code is 1 if any failed.',
    'Files over 4 MiB are refused unless --max-manifest-bytes allows more.',
  ].join('\n'),
  async run(args, io: CliIO) {
    const { values, positionals } = parseCommandArgs(args, {
      ...CONNECTION_FLAGS,
      filename: { type: 'string', short: 'f' },
      'dry-run': { type: 'boolean' },
      output: { type: 'string', short: 'o' },
      'max-manifest-bytes': { type: 'string' },
    });
    const file = values['filename'] as string | undefined;
    if (!file) throw new UsageError('create needs -f FILE');
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
    const format = parseOutputFormat(values['output'] as string | undefined, ['text', 'name', 'json', 'yaml', 'jsonpath']);
    const maxBytes = parseInteger(values['max-manifest-bytes'] as string | undefined, 'max-manifest-bytes');
    const result = await safeParseImageCacheManifest(await readManifestText(file, io.cwd), maxBytes !== undefined ? { maxBytes } : {});
    if (!result.success) {
      for (const issue of result.issues) io.stderr.write(`error: ${file}${issue.line !== undefined ? `:${issue.line}` : ''}: ${issue.message}\n`);
      return 1;
    }
    if (result.data.length === 0) throw new UsageError(`${file} holds no ImageCache`);
    const dryRun = Boolean(values['dry-run']);
    const client = await clientFromFlags(values as ConnectionFlags, io);
    const created: ImageCache[] = [];
    try {
      const failed = await forEachItem(
        result.data,
        io,
        async (cache) => {
          const object = await client.create(cache, { dryRun, signal: io.signal });
          created.push(object);
          if (format.kind === 'name') io.stdout.write(`${RESOURCE_PREFIX}/${object.metadata.name}\n`);
          else if (format.kind === 'text') io.stdout.write(`${RESOURCE_PREFIX}/${object.metadata.name} created${dryRun ? ' (server dry run)' : ''}\n`);
        },
        () => `error when creating "${file === '-' ? 'STDIN' : file}"`,
      );
      if (isDocumentFormat(format) && created.length > 0) io.stdout.write(await renderDocument(asListDocument(created), format));
      return failed > 0 ? 1 : 0;
    } finally {
      client.close();
    }
  },
};
