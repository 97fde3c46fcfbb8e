// Validation cases that mutation testing showed unpinned: digest hex case and lengths, references
// that are not strings, the rule reported for a wrong type, a valid spec, and the spec-only
// did-you-mean hint.
import { describe, expect, it } from 'vitest';
import { imageReferenceProblem } from '../../src/validation/image-reference.js';
import {
  isImageReferenceError,
  normalizeImageReference,
  parseImageReference,
  safeParseImageCacheManifest,
  validateImageCache,
  validateImageCacheSpec,
  type ValidationIssue,
} from '../../src/validation/index.js';

const HEX = 'e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582';
const object = (spec: Record<string, unknown>) => ({ apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCache', metadata: { name: 'web' }, spec });
const issuesOf = (value: unknown, options?: { maxImages: number }): ValidationIssue[] => {
  const result = validateImageCache(value, options);
  return result.success ? [] : [...result.issues];
};

describe('digests', () => {
  it.each([
    ['all uppercase', HEX.toUpperCase()],
    ['mixed case', `${HEX.slice(0, 10)}ABC${HEX.slice(13)}`],
    ['one uppercase digit at the end', `${HEX.slice(0, 63)}F`],
    ['one uppercase digit at the start', `F${HEX.slice(1)}`],
  ])('rejects sha256 hex that is %s: go-digest wants lowercase', (_name, hex) => {
    expect(imageReferenceProblem(`nginx@sha256:${hex}`)).toBe('invalid checksum digest format');
    const issues = issuesOf(object({ images: [`nginx@sha256:${hex}`] }));
    expect(issues).toEqual([
      {
        path: 'spec.images.0',
        rule: 'imageReference',
        message: `spec.images.0: "nginx@sha256:${hex}" is not a valid image reference: invalid checksum digest format`,
      },
    ]);
  });

  it('accepts lowercase hex of the algorithm’s exact length', () => {
    expect(imageReferenceProblem(`nginx@sha256:${HEX}`)).toBeUndefined();
    expect(imageReferenceProblem(`nginx@sha384:${'0a'.repeat(48)}`)).toBeUndefined();
    expect(imageReferenceProblem(`nginx@sha512:${'f'.repeat(128)}`)).toBeUndefined();
    expect(normalizeImageReference(`nginx:1.25@sha256:${HEX}`)).toBe(`docker.io/library/nginx@sha256:${HEX}`);
  });

  it.each([
    ['sha256', 63],
    ['sha256', 65],
    ['sha384', 64],
    ['sha512', 96],
  ])('rejects %s with %i hex digits as the wrong length', (algorithm, length) => {
    expect(imageReferenceProblem(`nginx@${algorithm}:${'a'.repeat(length)}`)).toBe('invalid checksum digest length');
  });

  it('tells an unknown algorithm from a malformed digest', () => {
    expect(imageReferenceProblem(`nginx@md5:${'a'.repeat(32)}`)).toBe('unsupported digest algorithm');
    expect(imageReferenceProblem(`nginx@sha256+b64:${HEX}`)).toBe('unsupported digest algorithm');
  });
});

describe('references that are not strings', () => {
  it.each([
    ['a number (unquoted in YAML)', 42],
    ['null', null],
    ['undefined', undefined],
    ['an object', { name: 'nginx' }],
    ['a boolean', true],
  ])('%s is a clear ImageReferenceError, not a TypeError', (_name, value) => {
    expect(imageReferenceProblem(value as never)).toBe('reference must be a string');
    let thrown: unknown;
    try {
      parseImageReference(value as never);
    } catch (error) {
      thrown = error;
    }
    expect(isImageReferenceError(thrown)).toBe(true);
    expect(thrown).toMatchObject({ reason: 'reference must be a string', reference: String(value) });
    expect(() => normalizeImageReference(value as never)).toThrow('reference must be a string');
  });

  it('an image that is a number is reported as a type problem at its index, with the value', () => {
    expect(issuesOf(object({ images: ['nginx', 42] }))).toEqual([{ path: 'spec.images.1', rule: 'type', message: 'spec.images.1 must be a string, got 42' }]);
  });

  it('so is one written unquoted in a manifest, with its line', async () => {
    const result = await safeParseImageCacheManifest(
      'apiVersion: eci.alibabacloud.com/v1\nkind: ImageCache\nmetadata:\n  name: a\nspec:\n  images:\n    - nginx\n    - 42\n',
    );
    expect(result).toEqual({
      success: false,
      issues: [{ path: 'spec.images.1', rule: 'type', message: 'spec.images.1 must be a string, got 42', line: 8, document: 0 }],
    });
  });
});

describe('how a wrong value is described', () => {
  it.each([
    [{ images: ['nginx'], imageCacheSize: '20' }, 'spec.imageCacheSize', 'type', 'spec.imageCacheSize must be a number, got the string "20"'],
    [{ images: ['nginx'], imageCacheSize: null }, 'spec.imageCacheSize', 'type', 'spec.imageCacheSize must be a number, got null'],
    [{ images: ['nginx'], imageCacheSize: [20] }, 'spec.imageCacheSize', 'type', 'spec.imageCacheSize must be a number, got an array'],
    [{ images: ['nginx'], imageCacheSize: true }, 'spec.imageCacheSize', 'type', 'spec.imageCacheSize must be a number, got a boolean'],
    [{ images: ['nginx'], imageCacheSize: { gib: 20 } }, 'spec.imageCacheSize', 'type', 'spec.imageCacheSize must be a number, got an object'],
    [{ images: ['nginx'], imageCacheSize: 20.5 }, 'spec.imageCacheSize', 'integer', 'spec.imageCacheSize must be a whole number, got 20.5'],
    [{ images: ['nginx'], retentionDays: Number.NaN }, 'spec.retentionDays', 'type', 'spec.retentionDays must be a number, got NaN'],
    [{ images: 'nginx' }, 'spec.images', 'type', 'spec.images must be an array, got the string "nginx"'],
    [{ images: ['nginx'], imageCacheSize: 40_000 }, 'spec.imageCacheSize', 'maximum', 'spec.imageCacheSize must be at most 32768, got 40000'],
    [{ images: ['nginx'], retentionDays: 0 }, 'spec.retentionDays', 'minimum', 'spec.retentionDays must be at least 1, got 0'],
    [{ images: [] }, 'spec.images', 'minItems', 'spec.images must have at least 1 entry'],
  ] as const)('%j: %s %s', (spec, path, rule, message) => {
    expect(issuesOf(object(spec))).toEqual([{ path, rule, message }]);
  });

  it('quotes at most 40 characters of a long string', () => {
    const long = 'x'.repeat(41);
    expect(issuesOf(object({ images: ['nginx'], retentionDays: long }))).toEqual([
      { path: 'spec.retentionDays', rule: 'type', message: `spec.retentionDays must be a number, got the string "${'x'.repeat(40)}..."` },
    ]);
    expect(issuesOf(object({ images: ['nginx'], retentionDays: 'y'.repeat(40) }))[0]?.message).toBe(
      `spec.retentionDays must be a number, got the string "${'y'.repeat(40)}"`,
    );
  });

  it('names the limit and the count for too many images', () => {
    const images = Array.from({ length: 3 }, (_, i) => `nginx:${i}`);
    expect(issuesOf(object({ images }), { maxImages: 2 })).toEqual([
      { path: 'spec.images', rule: 'maxItems', message: 'spec.images must have at most 2 entries, got 3' },
    ]);
  });

  it('reports a missing field as required, and a whole value that is not an object', () => {
    expect(issuesOf({ metadata: { name: 'web' } })).toEqual([{ path: 'spec', rule: 'required', message: 'spec is required' }]);
    expect(issuesOf('web')).toEqual([{ path: '', rule: 'type', message: 'the value must be an object, got the string "web"' }]);
  });

  it('names the expected constant', () => {
    expect(issuesOf({ ...object({ images: ['nginx'] }), kind: 'Pod' })).toEqual([
      { path: 'kind', rule: 'constant', message: 'kind must be "ImageCache", got the string "Pod"' },
    ]);
  });
});

describe('validateImageCacheSpec', () => {
  it('returns a valid spec as it is', () => {
    const spec = { images: ['nginx', `busybox@sha256:${HEX}`], imagePullSecrets: ['default:regcred'], imageCacheSize: 20, retentionDays: 7 };
    expect(validateImageCacheSpec(spec)).toEqual({ success: true, data: spec });
    expect(validateImageCacheSpec({ images: Array.from({ length: 25 }, (_, i) => `nginx:${i}`) }, { maxImages: 25 }).success).toBe(true);
  });

  it('gives the did-you-mean hint with spec paths, or lists the known fields', () => {
    expect(validateImageCacheSpec({ images: ['nginx'], imagePullSecret: ['default:x'], RETENTIONDAYS: 3, colour: 'blue' })).toEqual({
      success: false,
      issues: [
        { path: 'spec.imagePullSecret', rule: 'unknownField', message: 'spec.imagePullSecret is not a known field: did you mean spec.imagePullSecrets?' },
        { path: 'spec.RETENTIONDAYS', rule: 'unknownField', message: 'spec.RETENTIONDAYS is not a known field: did you mean spec.retentionDays?' },
        {
          path: 'spec.colour',
          rule: 'unknownField',
          message: 'spec.colour is not a known field (known: images, imagePullSecrets, imageCacheSize, retentionDays)',
        },
      ],
    });
  });

  it('suggests only fields within a few edits', () => {
    const hint = (field: string) => {
      const result = validateImageCacheSpec({ images: ['nginx'], [field]: 1 });
      return result.success ? undefined : result.issues[0]?.message;
    };
    // Two edits away from a short name, or a quarter of a long one's length.
    expect(hint('imagez')).toBe('spec.imagez is not a known field: did you mean spec.images?');
    expect(hint('imgs')).toBe('spec.imgs is not a known field: did you mean spec.images?');
    expect(hint('ims')).toBe('spec.ims is not a known field (known: images, imagePullSecrets, imageCacheSize, retentionDays)');
    expect(hint('imageXXXXSecrets')).toBe('spec.imageXXXXSecrets is not a known field: did you mean spec.imagePullSecrets?');
    expect(hint('imagXXXXXSecrets')).toBe('spec.imagXXXXXSecrets is not a known field (known: images, imagePullSecrets, imageCacheSize, retentionDays)');
  });

  it('offers no spec fields for an unknown field elsewhere', () => {
    expect(issuesOf({ ...object({ images: ['nginx'] }), metadata: { name: 'web', labelz: {} } })).toEqual([]);
  });
});
