import type { ZodMiniType, core } from 'zod/mini';
import type { ImageCache, ImageCacheSpec } from '../types/index.js';
import { ImageCacheValidationError, type ValidationIssue, type ValidationResult, type ValidationRule } from './errors.js';
import { createImageCacheSchema, createImageCacheSpecSchema, ImageCacheSchema, ImageCacheSpecSchema, type ValidationOptions } from './schemas.js';

const SPEC_FIELDS = ['images', 'imagePullSecrets', 'imageCacheSize', 'retentionDays'];

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j]!;
      prev[j] = Math.min(above + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = above;
    }
  }
  return prev[b.length]!;
}

/** The known field a misspelled one most likely meant, if any is close. */
export function suggestField(unknown: string, known: readonly string[]): string | undefined {
  const lower = unknown.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(unknown.length / 4)) ? best : undefined;
}

/** `1 entry`, `2 entries`. */
function entries(count: number): string {
  return `${count} entr${count === 1 ? 'y' : 'ies'}`;
}

/** `a number`, `an array`: the article English wants before a type name. */
function aOrAn(word: string): string {
  return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  return aOrAn(typeof value);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** Converts zod's issues into ours: one per problem, each naming its field and rule. */
export function toValidationIssues(error: core.$ZodError, input: unknown, prefix = ''): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const issue of error.issues) {
    const segments = issue.path.map(String);
    const path = [prefix, ...segments].filter(Boolean).join('.');
    const field = path || 'the value';
    const actual = valueAt(input, issue.path);
    const push = (rule: ValidationRule, message: string, at = path) => issues.push({ path: at, rule, message });
    switch (issue.code) {
      case 'invalid_type':
        if (actual === undefined) push('required', `${field} is required`);
        // Number.isFinite is false for anything but a number.
        else if (issue.expected === 'int' && Number.isFinite(actual)) push('integer', `${field} must be a whole number, got ${actual}`);
        else {
          const expected = issue.expected === 'int' ? 'a whole number' : aOrAn(issue.expected);
          push('type', `${field} must be ${expected}, got ${describe(actual)}`);
        }
        break;
      case 'too_small':
        if (issue.origin === 'array') push('minItems', `${field} must have at least ${entries(Number(issue.minimum))}`);
        else push('minimum', `${field} must be at least ${issue.minimum}, got ${describe(actual)}`);
        break;
      case 'too_big':
        if (issue.origin === 'array') {
          const count = Array.isArray(actual) ? actual.length : '?';
          push('maxItems', `${field} must have at most ${entries(Number(issue.maximum))}, got ${count}`);
        } else if (issue.origin === 'string') push('maxLength', `${field} must be at most ${issue.maximum} characters`);
        else push('maximum', `${field} must be at most ${issue.maximum}, got ${describe(actual)}`);
        break;
      case 'unrecognized_keys': {
        const known = segments[segments.length - 1] === 'spec' || prefix === 'spec' ? SPEC_FIELDS : [];
        for (const key of issue.keys) {
          const at = [path, key].filter(Boolean).join('.');
          const hint = suggestField(key, known);
          push(
            'unknownField',
            // Stryker disable next-line MethodExpression: equivalent, a hint comes only from spec's fields, so path is never empty here
            `${at} is not a known field${hint ? `: did you mean ${[path, hint].filter(Boolean).join('.')}?` : ` (known: ${known.join(', ')})`}`,
            at,
          );
        }
        break;
      }
      case 'invalid_value': {
        const expected = issue.values.map((v) => JSON.stringify(v)).join(' or ');
        push('constant', `${field} must be ${expected}, got ${describe(actual)}`);
        break;
      }
      case 'custom': {
        const rule = (issue.params?.['rule'] as ValidationRule | undefined) ?? 'type';
        push(rule, `${field}: ${issue.message}`);
        break;
      }
      default:
        push('type', `${field}: ${issue.message}`);
    }
  }
  return issues;
}

const cache = new Map<number, { object: ZodMiniType; spec: ZodMiniType }>();

function schemasFor(options: ValidationOptions | undefined): { object: ZodMiniType; spec: ZodMiniType } {
  if (options?.maxImages === undefined) return { object: ImageCacheSchema, spec: ImageCacheSpecSchema };
  return cache.get(options.maxImages) ?? buildSchemas(options.maxImages);
}

function buildSchemas(maxImages: number): { object: ZodMiniType; spec: ZodMiniType } {
  const entry = { object: createImageCacheSchema({ maxImages }), spec: createImageCacheSpecSchema({ maxImages }) };
  cache.set(maxImages, entry);
  return entry;
}

/**
 * Checks an ImageCache against the resource's rules and ECI's limits, reporting every problem.
 *
 * @example
 * ```ts
 * const result = validateImageCache({ metadata: { name: 'web' }, spec: { images: ['nginx'], imageCacheSize: 10 } });
 * if (!result.success) console.log(result.issues[0]?.message); // spec.imageCacheSize must be at least 20, got 10
 * ```
 */
export function validateImageCache(value: unknown, options?: ValidationOptions): ValidationResult<ImageCache> {
  const result = schemasFor(options).object.safeParse(value);
  if (result.success) return { success: true, data: result.data as ImageCache };
  return { success: false, issues: toValidationIssues(result.error, value) };
}

/**
 * Checks an ImageCache's `spec` alone; paths in issues start with `spec.`.
 *
 * @example
 * ```ts
 * validateImageCacheSpec({ images: ['nginx'], retentionDays: 7 }).success; // true
 * ```
 */
export function validateImageCacheSpec(value: unknown, options?: ValidationOptions): ValidationResult<ImageCacheSpec> {
  const result = schemasFor(options).spec.safeParse(value);
  if (result.success) return { success: true, data: result.data as ImageCacheSpec };
  return { success: false, issues: toValidationIssues(result.error, value, 'spec') };
}

/**
 * Like {@link validateImageCache}, but throws {@link ImageCacheValidationError} with every issue.
 *
 * @example
 * ```ts
 * const cache = assertValidImageCache(JSON.parse(text)); // typed ImageCache, or throws
 * ```
 */
export function assertValidImageCache(value: unknown, options?: ValidationOptions): ImageCache {
  const result = validateImageCache(value, options);
  if (!result.success) throw new ImageCacheValidationError(result.issues);
  return result.data;
}
