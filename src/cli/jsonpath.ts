/**
 * The subset of kubectl's `-o jsonpath=TEMPLATE` that scripts use: text with `{.a.b}`,
 * `{.items[*].metadata.name}`, `{.items[0].spec.images[1]}`, `{.metadata.labels['app.kubernetes.io/name']}`
 * and quoted literals such as `{"\n"}`. Filters, ranges, slices, unions and recursive descent are
 * refused with a usage error rather than half-supported.
 * @packageDocumentation
 */
import { UsageError } from './args.js';

type Segment = { readonly kind: 'field'; readonly name: string } | { readonly kind: 'index'; readonly index: number } | { readonly kind: 'all' };

type Part = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'path'; readonly segments: readonly Segment[] };

/** A parsed template, ready to run against objects. */
export interface JsonPathTemplate {
  readonly source: string;
  readonly parts: readonly Part[];
}

const UNSUPPORTED = 'only {.field.path}, [N], [*], [\'key\'] and {"literal"} are supported (use -o json with jq for more)';

function unsupported(template: string, why: string): never {
  throw new UsageError(`-o jsonpath=${template}: ${why}; ${UNSUPPORTED}`);
}

function parsePath(expression: string, template: string): Segment[] {
  let rest = expression.trim().replace(/^[$@]/, '');
  if (rest === '' || rest === '.') return [];
  const segments: Segment[] = [];
  while (rest.length > 0) {
    let match: RegExpMatchArray | null;
    if ((match = rest.match(/^\.([A-Za-z0-9_-]+)/))) {
      segments.push({ kind: 'field', name: match[1]! });
    } else if ((match = rest.match(/^\[\*\]/)) || (match = rest.match(/^\.\*/))) {
      segments.push({ kind: 'all' });
    } else if ((match = rest.match(/^\[(-?\d+)\]/))) {
      segments.push({ kind: 'index', index: Number(match[1]) });
    } else if ((match = rest.match(/^\[(['"])(.*?)\1\]/))) {
      segments.push({ kind: 'field', name: match[2]! });
    } else {
      unsupported(template, `cannot read ${JSON.stringify(rest)}`);
    }
    rest = rest.slice(match[0].length);
  }
  return segments;
}

/**
 * Parses `{.items[*].metadata.name}`-style templates.
 *
 * @throws UsageError for malformed or unsupported templates (exit code 2).
 */
export function parseJsonPath(source: string): JsonPathTemplate {
  const parts: Part[] = [];
  let rest = source;
  while (rest.length > 0) {
    const open = rest.indexOf('{');
    if (open < 0) {
      parts.push({ kind: 'text', text: rest });
      break;
    }
    if (open > 0) parts.push({ kind: 'text', text: rest.slice(0, open) });
    const close = rest.indexOf('}', open);
    if (close < 0) unsupported(source, 'unclosed {');
    const expression = rest.slice(open + 1, close).trim();
    const literal = expression.match(/^"((?:[^"\\]|\\.)*)"$/);
    if (literal) parts.push({ kind: 'text', text: JSON.parse(`"${literal[1]!}"`) as string });
    else if (/^(range|end|if|else)\b/.test(expression) || expression.includes('?(') || expression.includes('..') || /\[[^\]]*[:,][^\]]*\]/.test(expression))
      unsupported(source, `${JSON.stringify(expression)} is not supported`);
    else parts.push({ kind: 'path', segments: parsePath(expression, source) });
    rest = rest.slice(close + 1);
  }
  return { source, parts };
}

function step(values: readonly unknown[], segment: Segment): unknown[] {
  return values.flatMap((value) => {
    if (segment.kind === 'all') {
      if (Array.isArray(value)) return value;
      return value !== null && typeof value === 'object' ? Object.values(value) : [];
    }
    if (segment.kind === 'index') {
      if (!Array.isArray(value)) return [];
      const item = value[segment.index < 0 ? value.length + segment.index : segment.index];
      return item === undefined ? [] : [item];
    }
    // A missing key prints nothing, as kubectl's default --allow-missing-template-keys=true does.
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !(segment.name in value)) return [];
    return [(value as Record<string, unknown>)[segment.name]];
  });
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Runs a template against one object (or a List): several results of one expression are joined
 * by spaces, strings print raw and other values as JSON, as kubectl does. No newline is added.
 *
 * @example
 * ```ts
 * runJsonPath(parseJsonPath('{.items[*].metadata.name}'), list); // 'a b'
 * ```
 */
export function runJsonPath(template: JsonPathTemplate, data: unknown): string {
  return template.parts.map((part) => (part.kind === 'text' ? part.text : part.segments.reduce<unknown[]>(step, [data]).map(show).join(' '))).join('');
}
