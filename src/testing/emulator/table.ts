/**
 * The `meta.k8s.io` Table format that `kubectl get` asks for, built from the CRD's printer
 * columns the way the API server's CRD table convertor builds it.
 * @packageDocumentation
 */
import type { ImageCache, ListMeta } from '../../types/index.js';
import { IMAGE_CACHE_PRINTER_COLUMNS } from './crd-schema.js';
import { humanDuration } from './human-duration.js';
import { isJsonObject, type JsonValue } from './json.js';

/** What each row carries besides its cells, as the `includeObject` query parameter chooses. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** A column of a Table. */
export interface TableColumnDefinition {
  readonly name: string;
  readonly type: string;
  readonly format: string;
  readonly description: string;
  readonly priority: number;
}

/** A row of a Table. */
export interface TableRow {
  readonly cells: readonly (string | null)[];
  readonly object?: JsonValue | ImageCache | undefined;
}

/** A `meta.k8s.io` Table. */
export interface Table {
  readonly kind: 'Table';
  readonly apiVersion: string;
  readonly metadata: ListMeta;
  readonly columnDefinitions: readonly TableColumnDefinition[];
  readonly rows: readonly TableRow[];
}

const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';

/** The columns: NAME, then the CRD's additionalPrinterColumns. */
export const TABLE_COLUMNS: readonly TableColumnDefinition[] = [
  { name: 'Name', type: 'string', format: 'name', description: NAME_DESCRIPTION, priority: 0 },
  ...IMAGE_CACHE_PRINTER_COLUMNS.map((column) => ({
    name: column.name,
    type: column.type,
    format: '',
    description: `Custom resource definition column (in JSONPath format): ${column.jsonPath}`,
    priority: 0,
  })),
];

function valueAt(object: unknown, jsonPath: string): unknown {
  let node = object;
  for (const key of jsonPath.split('.').filter(Boolean)) {
    if (!isJsonObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

function dateCell(value: unknown, now: Date): string {
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isFinite(time) ? humanDuration(now.getTime() - time) : '<invalid>';
}

function rowOf(object: ImageCache, includeObject: IncludeObject, now: Date): TableRow {
  const cells = [
    object.metadata.name ?? '',
    ...IMAGE_CACHE_PRINTER_COLUMNS.map((column) => {
      const value = valueAt(object, column.jsonPath);
      // A missing value is a null cell, as the CRD table convertor leaves it.
      if (value === undefined || value === null) return null;
      return column.type === 'date' ? dateCell(value, now) : String(value);
    }),
  ];
  if (includeObject === 'None') return { cells };
  if (includeObject === 'Object') return { cells, object };
  return { cells, object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata as unknown as JsonValue } };
}

/**
 * Renders ImageCaches as a Table. Ages are computed against `now`, the server's clock.
 *
 * @example
 * ```ts
 * const table = toTable([cache], { includeObject: 'Metadata', metadata: { resourceVersion: '7' } });
 * table.rows[0].cells; // ['web', '20h', 'imc-...', 'Ready', '100%']
 * ```
 */
export function toTable(
  objects: readonly ImageCache[],
  options: { readonly includeObject?: IncludeObject; readonly metadata?: ListMeta; readonly apiVersion?: string; readonly now?: Date } = {},
): Table {
  const now = options.now ?? new Date();
  return {
    kind: 'Table',
    apiVersion: options.apiVersion ?? 'meta.k8s.io/v1',
    metadata: options.metadata ?? {},
    columnDefinitions: TABLE_COLUMNS,
    rows: objects.map((object) => rowOf(object, options.includeObject ?? 'Metadata', now)),
  };
}
