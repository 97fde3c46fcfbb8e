import type { ImageCache } from '../../types/index.js';
import { CONNECTION_FLAGS, parseCommandArgs, parseOutput, UsageError } from '../args.js';
import { clientFromFlags, type ConnectionFlags } from '../connect.js';
import type { CliIO } from '../io.js';
import { println } from '../io.js';
import { formatImageCacheTable, formatObject } from '../output.js';
import type { Command } from './command.js';

async function run(args: readonly string[], io: CliIO, listOnly: boolean): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...CONNECTION_FLAGS,
    output: { type: 'string', short: 'o' },
    selector: { type: 'string', short: 'l' },
    watch: { type: 'boolean', short: 'w' },
  });
  const output = parseOutput(values['output'] as string | undefined, ['json', 'yaml', 'wide']);
  if (positionals.length > 1 || (listOnly && positionals.length > 0)) throw new UsageError(`too many arguments: ${positionals.join(' ')}`);
  const client = await clientFromFlags(values as ConnectionFlags, io);
  try {
    const name = positionals[0];
    if (name !== undefined) {
      const cache = await client.get(name, { signal: io.signal });
      println(io, output === 'json' || output === 'yaml' ? await formatObject(cache, output) : formatImageCacheTable([cache], new Date()));
      return 0;
    }
    const list = await client.list({ labelSelector: values['selector'] as string | undefined, signal: io.signal });
    if (output === 'json' || output === 'yaml') {
      println(io, await formatObject(list, output));
    } else if (list.items.length === 0) {
      io.stderr.write('No resources found\n');
    } else {
      println(io, formatImageCacheTable(sortByName(list.items), new Date()));
    }
    if (values['watch']) {
      for await (const event of client.watch({ resourceVersion: list.metadata.resourceVersion, labelSelector: values['selector'] as string | undefined, signal: io.signal })) {
        if (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED') {
          const line = formatImageCacheTable([event.object], new Date()).split('\n')[1] ?? '';
          println(io, event.type === 'DELETED' ? `${line}   (deleted)` : line);
        }
      }
    }
    return 0;
  } finally {
    client.close();
  }
}

function sortByName(items: readonly ImageCache[]): ImageCache[] {
  return [...items].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
}

export const getCommand: Command = {
  name: 'get',
  summary: 'Show one ImageCache, or all of them, as a table, JSON or YAML',
  usage: 'eci-imagecache get [NAME] [-o json|yaml] [-l SELECTOR] [-w]',
  examples: ['eci-imagecache get', 'eci-imagecache get web-cache -o yaml', 'eci-imagecache get -l team=web -w'],
  run: (args, io) => run(args, io, false),
};

export const listCommand: Command = {
  name: 'list',
  summary: 'List ImageCaches (NAME, AGE, CACHEID, PHASE, PROGRESS)',
  usage: 'eci-imagecache list [-o json|yaml] [-l SELECTOR] [-w]',
  examples: ['eci-imagecache list', 'eci-imagecache list -o json'],
  run: (args, io) => run(args, io, true),
};
