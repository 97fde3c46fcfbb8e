/**
 * Label and field selectors with the grammar and semantics of apimachinery's `labels.Parse` and
 * the field selectors a cluster-scoped custom resource supports (`metadata.name` only).
 * @packageDocumentation
 */
import type { ImageCache } from '../../types/index.js';
import { statusErrors } from './errors.js';
import { qualifiedNameProblems } from './validation.js';

/** One requirement of a label selector. */
export type LabelRequirement =
  | { readonly key: string; readonly operator: 'in' | 'notin'; readonly values: readonly string[] }
  | { readonly key: string; readonly operator: 'exists' | 'doesnotexist' };

/** A parsed label selector: every requirement must hold. An empty one matches everything. */
export type LabelSelector = readonly LabelRequirement[];

const LABEL_VALUE = /^(?:(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

function checkKey(key: string, requirement: string): string {
  const problems = qualifiedNameProblems(key);
  if (problems.length > 0)
    throw statusErrors.badRequest(`unable to parse requirement: values[0][${key}]: Invalid value: ${JSON.stringify(key)}: ${problems[0]}`);
  if (!key) throw statusErrors.badRequest(`unable to parse requirement: ${requirement}`);
  return key;
}

function checkValue(value: string): string {
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    throw statusErrors.badRequest(
      `unable to parse requirement: values[0][value]: Invalid value: ${JSON.stringify(value)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
  return value;
}

/**
 * Parses a label selector: `a=b`, `a==b`, `a!=b`, `a in (b,c)`, `a notin (b)`, `a`, `!a`,
 * joined by commas. Throws a 400 `EmulatorStatusError` on bad syntax.
 *
 * @example
 * ```ts
 * const selector = parseLabelSelector('team=web,tier in (cache, edge),!legacy');
 * matchesLabelSelector(selector, { team: 'web', tier: 'edge' }); // true
 * ```
 */
export function parseLabelSelector(text: string | undefined): LabelSelector {
  if (text === undefined || text.trim() === '') return [];
  return splitTopLevel(text).map((raw): LabelRequirement => {
    const part = raw.trim();
    let m = /^!\s*([^\s!=(),]+)$/.exec(part);
    if (m) return { key: checkKey(m[1]!, part), operator: 'doesnotexist' };
    m = /^([^\s!=(),]+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(part);
    if (m) {
      const values = m[3]!.split(',').map((v) => checkValue(v.trim()));
      return { key: checkKey(m[1]!, part), operator: m[2] as 'in' | 'notin', values };
    }
    m = /^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/.exec(part);
    if (m) return { key: checkKey(m[1]!, part), operator: m[2] === '!=' ? 'notin' : 'in', values: [checkValue(m[3]!)] };
    m = /^([^\s!=(),]+)$/.exec(part);
    if (m) return { key: checkKey(m[1]!, part), operator: 'exists' };
    throw statusErrors.badRequest(
      `unable to parse requirement: found '${part}', expected: key, !key, key=value, key!=value, key in (values) or key notin (values)`,
    );
  });
}

/**
 * True when `labels` satisfy every requirement. `!=` and `notin` hold for a missing key, as in Kubernetes.
 *
 * @example
 * ```ts
 * matchesLabelSelector(parseLabelSelector('tier!=edge'), {}); // true
 * ```
 */
export function matchesLabelSelector(selector: LabelSelector, labels: Readonly<Record<string, string>> | undefined): boolean {
  return selector.every((requirement) => {
    const value = labels && Object.hasOwn(labels, requirement.key) ? labels[requirement.key] : undefined;
    switch (requirement.operator) {
      case 'exists':
        return value !== undefined;
      case 'doesnotexist':
        return value === undefined;
      case 'in':
        return value !== undefined && requirement.values.includes(value);
      case 'notin':
        return value === undefined || !requirement.values.includes(value);
    }
  });
}

/** One requirement of a field selector. */
export interface FieldRequirement {
  readonly field: 'metadata.name';
  readonly operator: '=' | '!=';
  readonly value: string;
}

/**
 * Parses a field selector. A cluster-scoped custom resource supports only `metadata.name` (a
 * namespaced one adds `metadata.namespace`), with `=`, `==` and `!=`; anything else is a 400, as
 * on a real server.
 *
 * @example
 * ```ts
 * parseFieldSelector('metadata.name=web'); // [{ field: 'metadata.name', operator: '=', value: 'web' }]
 * ```
 */
export function parseFieldSelector(text: string | undefined): FieldRequirement[] {
  if (text === undefined || text.trim() === '') return [];
  return text.split(',').map((raw) => {
    const part = raw.trim();
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) throw statusErrors.badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
    const field = m[1]!;
    if (field !== 'metadata.name') throw statusErrors.badRequest(`field label not supported: ${field}`);
    return { field, operator: m[2] === '!=' ? '!=' : '=', value: m[3]! };
  });
}

/**
 * True when `object` satisfies every field requirement.
 *
 * @example
 * ```ts
 * matchesFieldSelector(parseFieldSelector('metadata.name!=web'), cache);
 * ```
 */
export function matchesFieldSelector(selector: readonly FieldRequirement[], object: ImageCache): boolean {
  return selector.every(({ operator, value }) => {
    const actual = object.metadata.name ?? '';
    return operator === '=' ? actual === value : actual !== value;
  });
}

/** A label and a field selector together. */
export interface ObjectSelector {
  readonly labels: LabelSelector;
  readonly fields: readonly FieldRequirement[];
}

/**
 * Parses both selectors of a list or watch request.
 *
 * @example
 * ```ts
 * const selector = parseObjectSelector({ labelSelector: 'team=web', fieldSelector: 'metadata.name=a' });
 * ```
 */
export function parseObjectSelector(query: { readonly labelSelector?: string | undefined; readonly fieldSelector?: string | undefined }): ObjectSelector {
  return { labels: parseLabelSelector(query.labelSelector), fields: parseFieldSelector(query.fieldSelector) };
}

/**
 * True when `object` matches both selectors.
 *
 * @example
 * ```ts
 * matchesObjectSelector(parseObjectSelector({ labelSelector: 'team=web' }), cache);
 * ```
 */
export function matchesObjectSelector(selector: ObjectSelector, object: ImageCache): boolean {
  return matchesLabelSelector(selector.labels, object.metadata.labels) && matchesFieldSelector(selector.fields, object);
}

/**
 * True when the selector filters nothing out (lists then report `remainingItemCount`).
 *
 * @example
 * ```ts
 * isEverything(parseObjectSelector({})); // true
 * ```
 */
export function isEverything(selector: ObjectSelector): boolean {
  return selector.labels.length === 0 && selector.fields.length === 0;
}
