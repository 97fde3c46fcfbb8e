import { isNotFound } from '../../client/errors.js';
import { CONNECTION_FLAGS, parseCommandArgs, UsageError } from '../args.js';
import { clientFromFlags, type ConnectionFlags } from '../connect.js';
import type { CliIO } from '../io.js';
import { forEachItem } from '../item-results.js';
import { readCaches } from '../manifests.js';
import { parseOutputFormat, RESOURCE_PREFIX } from '../output-format.js';
import type { Command } from './command.js';

/** Which caches to delete: named, from a file, by selector or all, exactly one of these as kubectl requires. */
function chooseTarget(values: Record<string, unknown>, names: readonly string[]): 'names' | 'file' | 'selector' | 'all' {
  const given = [
    names.length > 0 && 'NAME',
    values['filename'] !== undefined && '-f',
    values['selector'] !== undefined && '-l',
    values['all'] === true && '--all',
  ].filter((x): x is string => typeof x === 'string');
  if (given.length === 0) throw new UsageError('delete needs NAME..., -f FILE, -l SELECTOR or --all');
  if (given.length > 1) throw new UsageError(`give only one of NAME..., -f FILE, -l SELECTOR and --all (got ${given.join(' and ')})`);
  return given[0] === 'NAME' ? 'names' : given[0] === '-f' ? 'file' : given[0] === '-l' ? 'selector' : 'all';
}

export const deleteCommand: Command = {
  name: 'delete',
  summary: 'Delete ImageCaches by name, file, selector or all (pods already created from them are not affected)',
  usage: 'eci-imagecache delete (NAME... | -f FILE | -l SELECTOR | --all) [--ignore-not-found] [--dry-run] [-o name]',
  examples: [
    'eci-imagecache delete web-cache',
    'eci-imagecache delete -f caches.yaml',
    'eci-imagecache delete -l team=web',
    'eci-imagecache delete a b --ignore-not-found',
  ],
  details: [
    'Each cache is deleted in turn, as kubectl does: one that fails (e.g. NotFound) gets an error line and the',
    'others are still deleted; the exit code is 1 if any failed. --ignore-not-found skips missing ones quietly',
    '(always so with -l and --all). -o name prints imagecache.eci.alibabacloud.com/NAME lines.',
  ].join('\n'),
  async run(args, io: CliIO) {
    const { values, positionals } = parseCommandArgs(args, {
      ...CONNECTION_FLAGS,
      'dry-run': { type: 'boolean' },
      filename: { type: 'string', short: 'f' },
      selector: { type: 'string', short: 'l' },
      all: { type: 'boolean' },
      'ignore-not-found': { type: 'boolean' },
      output: { type: 'string', short: 'o' },
    });
    const target = chooseTarget(values, positionals);
    const format = parseOutputFormat(values['output'] as string | undefined, ['text', 'name']);
    const file = values['filename'] as string | undefined;
    let names = positionals;
    if (target === 'file') {
      names = (await readCaches(file!, io.cwd)).map((c) => c.metadata?.name ?? '').filter(Boolean);
      if (names.length === 0) throw new UsageError(`${file} holds no named ImageCache`);
    }
    const dryRun = Boolean(values['dry-run']);
    const ignoreNotFound = Boolean(values['ignore-not-found']) || target === 'selector' || target === 'all';
    const client = await clientFromFlags(values as ConnectionFlags, io);
    try {
      if (target === 'selector' || target === 'all') {
        const selector = values['selector'] as string | undefined;
        names = (await client.list({ ...(selector !== undefined ? { labelSelector: selector } : {}), signal: io.signal })).items.map((c) => c.metadata.name!);
        if (names.length === 0) {
          io.stderr.write('No resources found\n');
          return 0;
        }
      }
      const failed = await forEachItem(
        names,
        io,
        async (name) => {
          try {
            await client.delete(name, { dryRun, signal: io.signal });
          } catch (err) {
            if (ignoreNotFound && isNotFound(err)) return;
            throw err;
          }
          io.stdout.write(
            format.kind === 'name' ? `${RESOURCE_PREFIX}/${name}\n` : `${RESOURCE_PREFIX} "${name}" deleted${dryRun ? ' (server dry run)' : ''}\n`,
          );
        },
        () => (file !== undefined ? `error when deleting "${file === '-' ? 'STDIN' : file}"` : undefined),
      );
      return failed > 0 ? 1 : 0;
    } finally {
      client.close();
    }
  },
};
