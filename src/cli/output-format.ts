/**
 * The `-o` flag: which formats a command accepts, and how objects and results are printed in
 * each. Objects are ImageCaches (get, create, delete, warm); results are reports (match, lint).
 * @packageDocumentation
 */
import { UsageError } from './args.js';
import { parseJsonPath, runJsonPath, type JsonPathTemplate } from './jsonpath.js';
import { formatObject } from './output.js';

/** A format as named after `-o`; `text` is the default of commands that print reports. */
export type OutputKind = 'table' | 'text' | 'wide' | 'json' | 'yaml' | 'name' | 'jsonpath';

/** A checked `-o` value. */
export type OutputFormat = { readonly kind: Exclude<OutputKind, 'jsonpath'> } | { readonly kind: 'jsonpath'; readonly template: JsonPathTemplate };

/** The resource prefix of `-o name`, as kubectl prints it. */
export const RESOURCE_PREFIX = 'imagecache.eci.alibabacloud.com';

/**
 * Checks `-o`; no value gives the first allowed kind. `jsonpath=TEMPLATE` (also `-o=...`, kubectl's
 * shorthand spelling) carries its template.
 *
 * @throws UsageError when the format is not one the command prints.
 */
export function parseOutputFormat(value: string | undefined, allowed: readonly OutputKind[]): OutputFormat {
  if (value === undefined) return { kind: allowed[0] as Exclude<OutputKind, 'jsonpath'> };
  const given = value.replace(/^=/, '');
  const named: readonly OutputKind[] = allowed.filter((k) => k !== 'table');
  const list = named.map((k) => (k === 'jsonpath' ? 'jsonpath=TEMPLATE' : k)).join(', ');
  const jsonpath = given.match(/^jsonpath=(.*)$/s);
  if (jsonpath) {
    if (!allowed.includes('jsonpath')) throw new UsageError(`-o must be one of ${list}, got ${JSON.stringify(value)}`);
    return { kind: 'jsonpath', template: parseJsonPath(jsonpath[1]!) };
  }
  if (given === 'jsonpath') throw new UsageError('-o jsonpath needs a template, e.g. -o jsonpath={.metadata.name}');
  if (named.includes(given as OutputKind)) return { kind: given as Exclude<OutputKind, 'jsonpath'> };
  throw new UsageError(`-o must be one of ${list}, got ${JSON.stringify(value)}`);
}

/** True for the formats that print a machine-readable document instead of lines for people. */
export function isDocumentFormat(format: OutputFormat): format is OutputFormat & { kind: 'json' | 'yaml' | 'jsonpath' } {
  return format.kind === 'json' || format.kind === 'yaml' || format.kind === 'jsonpath';
}

/** Prints `value` as JSON, YAML (with a trailing newline) or through a JSONPath template (without one, as kubectl). */
export async function renderDocument(value: unknown, format: OutputFormat & { kind: 'json' | 'yaml' | 'jsonpath' }): Promise<string> {
  if (format.kind === 'jsonpath') return runJsonPath(format.template, value);
  return `${await formatObject(value, format.kind)}\n`;
}

/** Several objects as one document: the object itself when there is one, else a kubectl `List`. */
export function asListDocument(objects: readonly unknown[]): unknown {
  if (objects.length === 1) return objects[0];
  return { apiVersion: 'v1', kind: 'List', items: objects, metadata: { resourceVersion: '' } };
}
