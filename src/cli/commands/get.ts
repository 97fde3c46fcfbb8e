import type { ImageCache } from '../../types/index.js';
import { CONNECTION_FLAGS, parseCommandArgs, UsageError } from '../args.js';
import { clientFromFlags, type ConnectionFlags } from '../connect.js';
import type { CliIO } from '../io.js';
import { formatImageCacheTable, imageCacheRow, type CellPainter } from '../output.js';
import { isDocumentFormat, parseOutputFormat, renderDocument, RESOURCE_PREFIX, type OutputFormat } from '../output-format.js';
import { colorPhase, terminalCapabilities } from '../terminal.js';
import { WatchTable } from '../watch-table.js';
import type { Command } from './command.js';

const FORMATS = ['table', 'wide', 'json', 'yaml', 'name', 'jsonpath'] as const;

/** Prints objects arriving one by one (a watch) in `format`; tables keep one header and aligned columns. */
function watchPrinter(io: CliIO, format: OutputFormat, withEvents: boolean): (objects: readonly ImageCache[], events?: readonly string[]) => Promise<void> {
  const wide = format.kind === 'wide';
  const header = ['NAME', 'AGE', 'CACHEID', 'PHASE', 'PROGRESS', ...(wide ? ['IMAGES', 'SIZE', 'RETENTION', 'EXPIRES'] : [])];
  const caps = terminalCapabilities(io.stdout, io.env);
  const phaseColumn = withEvents ? 4 : 3;
  let current: readonly ImageCache[] = [];
  const paint: CellPainter | undefined = caps.color
    ? (row, column, padded) => (column === phaseColumn ? colorPhase(padded, current[row]?.status?.phase ?? '', caps) : padded)
    : undefined;
  const table = new WatchTable(withEvents ? ['EVENT', ...header] : header, paint);
  return async (objects, events) => {
    if (format.kind === 'table' || format.kind === 'wide') {
      current = objects;
      const now = new Date();
      io.stdout.write(table.lines(objects.map((o, i) => [...(withEvents ? [events?.[i] ?? 'ADDED'] : []), ...imageCacheRow(o, now, wide)])));
      return;
    }
    for (const [i, object] of objects.entries()) {
      if (format.kind === 'name') io.stdout.write(`${RESOURCE_PREFIX}/${object.metadata.name}\n`);
      else if (isDocumentFormat(format)) io.stdout.write(await renderDocument(withEvents ? { type: events?.[i] ?? 'ADDED', object } : object, format));
    }
  };
}

async function run(args: readonly string[], io: CliIO, listOnly: boolean): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...CONNECTION_FLAGS,
    output: { type: 'string', short: 'o' },
    selector: { type: 'string', short: 'l' },
    watch: { type: 'boolean', short: 'w' },
    'output-watch-events': { type: 'boolean' },
  });
  const format = parseOutputFormat(values['output'] as string | undefined, FORMATS);
  if (positionals.length > 1 || (listOnly && positionals.length > 0)) throw new UsageError(`too many arguments: ${positionals.join(' ')}`);
  const selector = values['selector'] as string | undefined;
  const client = await clientFromFlags(values as ConnectionFlags, io);
  try {
    const name = positionals[0];
    if (name !== undefined && !values['watch']) {
      const cache = await client.get(name, { signal: io.signal });
      await printOnce(io, cache, [cache], format);
      return 0;
    }
    const list = await client.list({ labelSelector: selector, signal: io.signal });
    const items = name === undefined ? list.items : list.items.filter((c) => c.metadata.name === name);
    if (!values['watch']) {
      if (items.length === 0 && !isDocumentFormat(format)) io.stderr.write('No resources found\n');
      else await printOnce(io, list, items, format);
      return 0;
    }
    // kubectl's -w: the current objects, then every change; a deletion prints the object's last row.
    const withEvents = Boolean(values['output-watch-events']);
    const print = watchPrinter(io, format, withEvents);
    if (items.length > 0) await print(items);
    const watch = client.watch({
      resourceVersion: list.metadata.resourceVersion,
      labelSelector: selector,
      fieldSelector: name ? `metadata.name=${name}` : undefined,
      signal: io.signal,
    });
    for await (const event of watch) {
      if (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED') await print([event.object], [event.type]);
    }
    return 0;
  } finally {
    client.close();
  }
}

async function printOnce(io: CliIO, document: unknown, items: readonly ImageCache[], format: OutputFormat): Promise<void> {
  if (format.kind === 'name') io.stdout.write(items.map((c) => `${RESOURCE_PREFIX}/${c.metadata.name}\n`).join(''));
  else if (isDocumentFormat(format)) io.stdout.write(await renderDocument(document, format));
  else
    io.stdout.write(
      `${formatImageCacheTable(sortByName(items), new Date(), { wide: format.kind === 'wide', terminal: terminalCapabilities(io.stdout, io.env) })}\n`,
    );
}

function sortByName(items: readonly ImageCache[]): ImageCache[] {
  return [...items].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
}

const GET_DETAILS = [
  '-o wide adds IMAGES (count), SIZE (GiB), RETENTION (days) and EXPIRES (status.expireDateTime).',
  '-o name prints imagecache.eci.alibabacloud.com/NAME lines.',
  "-o jsonpath=TEMPLATE supports kubectl's simple forms only: {.metadata.name}, {.items[*].metadata.name},",
  "  {.spec.images[0]}, {.metadata.labels['app']}, {\"\\n\"}; not range, filters ?(), slices or '..'.",
  '-w prints the table once, then a line per change (a deletion prints its last row, as kubectl);',
  '  --output-watch-events adds an EVENT column (ADDED, MODIFIED, DELETED).',
  'An empty list prints "No resources found" on stderr (not with -o json|yaml|jsonpath).',
].join('\n');

export const getCommand: Command = {
  name: 'get',
  summary: 'Show one ImageCache, or all of them, as a table, JSON, YAML, names or a JSONPath',
  usage: 'eci-imagecache get [NAME] [-o wide|json|yaml|name|jsonpath=TEMPLATE] [-l SELECTOR] [-w [--output-watch-events]]',
  examples: [
    'eci-imagecache get',
    'eci-imagecache get web-cache -o yaml',
    "eci-imagecache get -o jsonpath='{.items[*].metadata.name}'",
    'eci-imagecache get -l team=web -w',
  ],
  details: GET_DETAILS,
  run: (args, io) => run(args, io, false),
};

export const listCommand: Command = {
  name: 'list',
  summary: 'List ImageCaches (NAME, AGE, CACHEID, PHASE, PROGRESS)',
  usage: 'eci-imagecache list [-o wide|json|yaml|name|jsonpath=TEMPLATE] [-l SELECTOR] [-w [--output-watch-events]]',
  examples: ['eci-imagecache list', 'eci-imagecache list -o json'],
  details: GET_DETAILS,
  run: (args, io) => run(args, io, true),
};
