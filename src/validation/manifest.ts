import type { ImageCache } from '../types/index.js';
import { IMAGE_CACHE_API_VERSION, IMAGE_CACHE_KIND } from '../types/constants.js';
import { ImageCacheValidationError, type ValidationIssue, type ValidationResult } from './errors.js';
import type { ValidationOptions } from './schemas.js';
import { validateImageCache } from './validate.js';

/**
 * Parses the YAML or JSON a user would give `kubectl create -f`, one or more documents, and
 * validates each ImageCache in it. Issues carry the 1-based line and the document index.
 * Empty documents are skipped. The YAML parser is loaded on the first call, not at import.
 *
 * @example
 * ```ts
 * const result = await safeParseImageCacheManifest(await readFile('cache.yaml', 'utf8'));
 * if (!result.success) for (const i of result.issues) console.log(`line ${i.line}: ${i.message}`);
 * ```
 */
export async function safeParseImageCacheManifest(
  text: string,
  options?: ValidationOptions,
): Promise<ValidationResult<ImageCache[]>> {
  const { parseAllDocuments, LineCounter, isNode } = await import('yaml');
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const issues: ValidationIssue[] = [];
  const caches: ImageCache[] = [];
  const docs = Array.isArray(documents) ? documents : [documents];
  const lineOf = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);

  docs.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        issues.push({ path: '', rule: 'syntax', message: `not valid YAML: ${error.message.split('\n')[0]}`, line: lineOf(error.pos[0]), document: index });
      }
      return;
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return;
    const kindIssues: ValidationIssue[] = [];
    const object = value as Record<string, unknown>;
    if (typeof value !== 'object' || Array.isArray(value)) {
      issues.push({ path: '', rule: 'type', message: 'a manifest document must be an object', line: lineOf(doc.contents?.range?.[0]), document: index });
      return;
    }
    // kubectl needs both to route the object; a validator for API input may leave them out.
    if (object['apiVersion'] !== IMAGE_CACHE_API_VERSION) {
      kindIssues.push({ path: 'apiVersion', rule: 'constant', message: `apiVersion must be "${IMAGE_CACHE_API_VERSION}", got ${JSON.stringify(object['apiVersion'] ?? null)}` });
    }
    if (object['kind'] !== IMAGE_CACHE_KIND) {
      kindIssues.push({ path: 'kind', rule: 'constant', message: `kind must be "${IMAGE_CACHE_KIND}", got ${JSON.stringify(object['kind'] ?? null)}` });
    }
    const result = validateImageCache(value, options);
    const found = [...kindIssues, ...(result.success ? [] : result.issues)].filter(
      (issue, i, all) => all.findIndex((other) => other.path === issue.path && other.rule === issue.rule) === i,
    );
    for (const issue of found) {
      // Point at the deepest node that exists: a missing field is reported at its parent.
      const segments = issue.path ? issue.path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)) : [];
      let line: number | undefined;
      for (let depth = segments.length; depth >= 0 && line === undefined; depth--) {
        const node = depth === 0 ? doc.contents : doc.getIn(segments.slice(0, depth), true);
        if (isNode(node)) line = lineOf(node.range?.[0]);
      }
      issues.push({ ...issue, line, document: index });
    }
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
export async function parseImageCacheManifest(text: string, options?: ValidationOptions): Promise<ImageCache[]> {
  const result = await safeParseImageCacheManifest(text, options);
  if (!result.success) throw new ImageCacheValidationError(result.issues, 'manifest');
  return result.data;
}
