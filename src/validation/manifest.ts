import type { ImageCache } from '../types/index.js';
import { IMAGE_CACHE_API_VERSION, IMAGE_CACHE_KIND } from '../types/constants.js';
import { ImageCacheValidationError, type ValidationIssue, type ValidationResult } from './errors.js';
import type { ValidationOptions } from './schemas.js';
import { validateImageCache } from './validate.js';

/** Bounds on manifest input, so a hostile or mistaken file fails fast instead of eating memory. */
export interface ManifestLimits {
  /**
   * Largest manifest in UTF-8 bytes. kube-apiserver takes at most 3 MiB per request, so a file
   * of many caches stays well under the default.
   * @defaultValue 4 MiB (4_194_304)
   */
  readonly maxBytes?: number;
  /**
   * Most YAML documents (`---` separated), empty ones included.
   * @defaultValue 1000
   */
  readonly maxDocuments?: number;
  /**
   * Most alias expansions per document (`*anchor`), against "billion laughs" input; the yaml
   * library's own default.
   * @defaultValue 100
   */
  readonly maxAliases?: number;
}

/** Options of {@link safeParseImageCacheManifest}: validation limits and input limits. */
export interface ManifestOptions extends ValidationOptions, ManifestLimits {}

/** The defaults of {@link ManifestLimits}. */
export const DEFAULT_MANIFEST_LIMITS: Readonly<Required<ManifestLimits>> = Object.freeze({
  maxBytes: 4 * 1024 * 1024,
  maxDocuments: 1000,
  maxAliases: 100,
});

/**
 * Parses the YAML or JSON a user would give `kubectl create -f`, one or more documents, and
 * validates each ImageCache in it. Issues carry the 1-based line and the document index.
 * Empty documents are skipped. The YAML parser is loaded on the first call, not at import.
 * Never throws: input over the {@link ManifestLimits} (checked before or while parsing, so huge
 * input is rejected in milliseconds) is an issue like any other.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 *
 * const result = await safeParseImageCacheManifest(await readFile('cache.yaml', 'utf8'), { maxBytes: 1 << 20 });
 * if (!result.success) for (const i of result.issues) console.log(`line ${i.line}: ${i.message}`);
 * ```
 */
export async function safeParseImageCacheManifest(text: string, options: ManifestOptions = {}): Promise<ValidationResult<ImageCache[]>> {
  try {
    return await parseManifest(text, options);
  } catch (error) {
    // The yaml library throws on some input (e.g. alias abuse); the safe variant never does.
    const message = error instanceof Error ? error.message : String(error);
    return { success: false, issues: [{ path: '', rule: 'syntax', message: `not a readable manifest: ${message.split('\n')[0]}` }] };
  }
}

function limitOf(options: ManifestOptions, key: keyof ManifestLimits): number {
  return options[key] ?? DEFAULT_MANIFEST_LIMITS[key];
}

const DOCUMENT_START = /^---(?=[ \t\r\n]|$)/gm;

function tooManyDocuments(maxDocuments: number, line: number | undefined): ValidationResult<ImageCache[]> {
  const issue: ValidationIssue = {
    path: '',
    rule: 'maxItems',
    message: `the manifest has more than ${maxDocuments} documents (option maxDocuments)`,
    document: maxDocuments,
  };
  return { success: false, issues: [line === undefined ? issue : { ...issue, line }] };
}

async function parseManifest(text: string, options: ManifestOptions): Promise<ValidationResult<ImageCache[]>> {
  if (typeof text !== 'string') {
    return { success: false, issues: [{ path: '', rule: 'type', message: `a manifest must be a string, got ${text === null ? 'null' : typeof text}` }] };
  }
  const maxBytes = limitOf(options, 'maxBytes');
  const maxDocuments = limitOf(options, 'maxDocuments');
  const maxAliases = limitOf(options, 'maxAliases');
  // A character is at least one byte: the cheap length check rejects huge input before counting bytes.
  const bytes = text.length > maxBytes ? text.length : Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    const size = text.length > maxBytes ? `at least ${bytes}` : `${bytes}`;
    return {
      success: false,
      issues: [{ path: '', rule: 'maxLength', message: `the manifest is ${size} bytes, more than the limit of ${maxBytes} (option maxBytes)` }],
    };
  }
  // A line starting with `---` starts a document (YAML forbids one inside a scalar), so this
  // linear count rejects a flood of documents before the parser spends seconds on it.
  let markers = 0;
  for (const _ of text.matchAll(DOCUMENT_START)) if (++markers > maxDocuments) return tooManyDocuments(maxDocuments, undefined);
  const { Composer, Parser, LineCounter, isNode } = await import('yaml');
  const lineCounter = new LineCounter();
  const composer = new Composer();
  const docs = [];
  // Documents are composed one at a time, so counting stops the parse at the first one too many.
  for (const doc of composer.compose(new Parser(lineCounter.addNewLine).parse(text))) {
    if (docs.length === maxDocuments) {
      return tooManyDocuments(maxDocuments, lineCounter.linePos(doc.range[0]).line);
    }
    docs.push(doc);
  }
  const issues: ValidationIssue[] = [];
  const caches: ImageCache[] = [];
  const lineOf = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);

  docs.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        issues.push({ path: '', rule: 'syntax', message: `not valid YAML: ${error.message.split('\n')[0]}`, line: lineOf(error.pos[0]), document: index });
      }
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: maxAliases });
    } catch (error) {
      const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
      issues.push({
        path: '',
        rule: 'maxItems',
        message: `the document expands aliases more than ${maxAliases} times (option maxAliases): ${why}`,
        line: lineOf(doc.range[0]),
        document: index,
      });
      return;
    }
    // An empty document (or one of comments, or `~`) is null.
    if (value === null) return;
    const kindIssues: ValidationIssue[] = [];
    const object = value as Record<string, unknown>;
    if (typeof value !== 'object' || Array.isArray(value)) {
      // Stryker disable next-line OptionalChaining: equivalent, a composed node always has a range
      issues.push({ path: '', rule: 'type', message: 'a manifest document must be an object', line: lineOf(doc.contents?.range?.[0]), document: index });
      return;
    }
    // kubectl needs both to route the object; a validator for API input may leave them out.
    if (object['apiVersion'] !== IMAGE_CACHE_API_VERSION) {
      kindIssues.push({
        path: 'apiVersion',
        rule: 'constant',
        message: `apiVersion must be "${IMAGE_CACHE_API_VERSION}", got ${JSON.stringify(object['apiVersion'] ?? null)}`,
      });
    }
    if (object['kind'] !== IMAGE_CACHE_KIND) {
      kindIssues.push({ path: 'kind', rule: 'constant', message: `kind must be "${IMAGE_CACHE_KIND}", got ${JSON.stringify(object['kind'] ?? null)}` });
    }
    const result = validateImageCache(value, options);
    // The schema repeats a wrong apiVersion or kind in its own words; every other issue stays, even
    // two on one path (a pull secret with a bad namespace and a bad name).
    const schemaIssues = result.success ? [] : result.issues.filter((issue) => !kindIssues.some((kindIssue) => kindIssue.path === issue.path));
    const found = [...kindIssues, ...schemaIssues];
    for (const issue of found) {
      // Point at the deepest node that exists: a missing field is reported at its parent.
      // Stryker disable next-line ArrayDeclaration: equivalent, a stand-in segment is not found and the loop falls back to the document
      const segments = issue.path ? issue.path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)) : [];
      let line: number | undefined;
      // Stryker disable next-line ConditionalExpression: equivalent, the document's contents (depth 0) always have a line
      for (let depth = segments.length; depth >= 0 && line === undefined; depth--) {
        // At depth 0, the document's contents.
        const node = doc.getIn(segments.slice(0, depth), true);
        if (isNode(node)) line = lineOf(node.range?.[0]);
      }
      issues.push({ ...issue, line, document: index });
    }
    // Stryker disable next-line ConditionalExpression: equivalent, a document with issues fails the whole manifest
    if (found.length === 0 && result.success) caches.push(result.data as ImageCache);
  });
  if (issues.length > 0) return { success: false, issues };
  return { success: true, data: caches };
}

/**
 * Like {@link safeParseImageCacheManifest}, but returns the ImageCaches in order or throws
 * {@link ImageCacheValidationError} listing every problem with its line.
 *
 * @example
 * ```ts
 * const [cache] = await parseImageCacheManifest('apiVersion: eci.alibabacloud.com/v1\nkind: ImageCache\n...');
 * ```
 */
export async function parseImageCacheManifest(text: string, options?: ManifestOptions): Promise<ImageCache[]> {
  const result = await safeParseImageCacheManifest(text, options);
  if (!result.success) throw new ImageCacheValidationError(result.issues, 'manifest');
  return result.data;
}
