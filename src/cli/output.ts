import type { ImageCache } from '../types/index.js';
import { humanDuration } from '../testing/emulator/human-duration.js';
import { colorPhase, type TerminalCapabilities } from './terminal.js';

/**
 * kubectl's AGE: apimachinery's `duration.HumanDuration` (`45s`, `3m20s`, `4h30m`, `3d5h`, `3y10d`).
 * The one implementation lives beside the emulator's Table convertor, which the CLI may import.
 */
export function formatAge(from: string | undefined, now: Date): string {
  if (!from) return '<unknown>';
  const time = Date.parse(from);
  if (Number.isNaN(time)) return '<invalid>';
  return humanDuration(now.getTime() - time);
}

/** Colours a padded cell; the padding is measured before colour codes are added. */
export type CellPainter = (row: number, column: number, padded: string) => string;

/** Left-aligned columns separated by three spaces, like kubectl's printer. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], paint?: CellPainter): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[], row: number) =>
    cells
      .map((c, i) => {
        const padded = i === cells.length - 1 ? c : c.padEnd(widths[i]!);
        return paint && row >= 0 ? paint(row, i, padded) : padded;
      })
      .join('   ')
      .trimEnd();
  return [line(header, -1), ...rows.map((r, i) => line(r, i))].join('\n');
}

/** Table options: the extra `-o wide` columns, and colour for the PHASE column on a colour terminal. */
export interface ImageCacheTableOptions {
  readonly wide?: boolean;
  readonly terminal?: TerminalCapabilities;
}

const COLUMNS = ['NAME', 'AGE', 'CACHEID', 'PHASE', 'PROGRESS'];
const WIDE_COLUMNS = ['IMAGES', 'SIZE', 'RETENTION', 'EXPIRES'];
const PHASE_COLUMN = 3;

/** The cells of one row: the CRD's printer columns, then with `wide` the images count, size (GiB), retention and expiry. */
export function imageCacheRow(c: ImageCache, now: Date, wide = false): string[] {
  const cells = [
    c.metadata.name ?? '',
    formatAge(c.metadata.creationTimestamp, now),
    c.status?.imageCacheId ?? '',
    c.status?.phase ?? '',
    c.status?.progress ?? '',
  ];
  if (!wide) return cells;
  return [
    ...cells,
    String(c.spec.images.length),
    c.spec.imageCacheSize !== undefined ? `${c.spec.imageCacheSize}Gi` : '<none>',
    c.spec.retentionDays !== undefined ? `${c.spec.retentionDays}d` : '<none>',
    c.status?.expireDateTime ?? '<none>',
  ];
}

/** The ImageCache table: NAME, AGE, CACHEID, PHASE, PROGRESS (plus IMAGES, SIZE, RETENTION, EXPIRES with `wide`). */
export function formatImageCacheTable(caches: readonly ImageCache[], now: Date, options: ImageCacheTableOptions = {}): string {
  const header = options.wide ? [...COLUMNS, ...WIDE_COLUMNS] : COLUMNS;
  const terminal = options.terminal;
  const paint: CellPainter | undefined = terminal?.color
    ? (row, column, padded) => (column === PHASE_COLUMN ? colorPhase(padded, caches[row]?.status?.phase ?? '', terminal) : padded)
    : undefined;
  return formatTable(
    header,
    caches.map((c) => imageCacheRow(c, now, options.wide)),
    paint,
  );
}

// YAML 1.1 timestamps, which Go's YAML encoder (and so kubectl) double-quotes to keep them strings.
const TIMESTAMP = /^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]|\s+)\d{1,2}:\d{2}:\d{2}(?:\.\d*)?(?:\s*(?:Z|[-+]\d{1,2}(?::?\d{2})?))?)?$/;

/** JSON or YAML of one object or a list, as `kubectl get -o`: YAML sequences unindented, timestamps quoted. */
export async function formatObject(value: unknown, format: 'json' | 'yaml'): Promise<string> {
  if (format === 'json') return JSON.stringify(value, null, 2);
  const { Document, isScalar, visit } = await import('yaml');
  const doc = new Document(value);
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && TIMESTAMP.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0, indentSeq: false }).trimEnd();
}
