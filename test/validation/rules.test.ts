// Rule codes and fields of the spec's string rules (pull secrets, object names), the error
// classes' names and messages, and reference cases the Go oracle table does not reach.
import { describe, expect, it } from 'vitest';
import { imageReferenceProblem } from '../../src/validation/image-reference.js';
import { ImageCacheValidationError, ImageReferenceError, parseImageReference, validateImageCache, type ValidationIssue } from '../../src/validation/index.js';
import { suggestField } from '../../src/validation/validate.js';

const issuesOf = (spec: Record<string, unknown>, name = 'web'): ValidationIssue[] => {
  const result = validateImageCache({ metadata: { name }, spec: { images: ['nginx'], ...spec } });
  return result.success ? [] : [...result.issues];
};
const secretIssue = (index: number, message: string): ValidationIssue => ({
  path: `spec.imagePullSecrets.${index}`,
  rule: 'imagePullSecret',
  message: `spec.imagePullSecrets.${index}: ${message}`,
});

describe('imagePullSecrets', () => {
  it('accepts namespace:secretName with a label and a subdomain of up to 253 characters', () => {
    expect(issuesOf({ imagePullSecrets: ['default:regcred', 'a:b', `kube-system:${'s'.repeat(253)}`, 'ns:registry.example.com'] })).toEqual([]);
  });

  it('refuses each malformed entry with the imagePullSecret rule, at its index', () => {
    const long = 's'.repeat(254);
    expect(issuesOf({ imagePullSecrets: ['regcred', ':regcred', 'default:', 'Default:regcred', `default:${long}`, 'default:Reg'] })).toEqual([
      secretIssue(0, '"regcred" must be namespace:secretName, e.g. default:my-registry-secret'),
      secretIssue(1, 'namespace "" of ":regcred" must not be empty'),
      secretIssue(2, 'secret name "" of "default:" must not be empty'),
      secretIssue(
        3,
        `namespace "Default" of "Default:regcred" must consist of lowercase alphanumeric characters or '-', and start and end with an alphanumeric character`,
      ),
      secretIssue(4, `secret name "${long}" of "default:${long}" must be no more than 253 characters (got 254)`),
      secretIssue(
        5,
        `secret name "Reg" of "default:Reg" must be a lowercase DNS-1123 subdomain: lowercase alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character`,
      ),
    ]);
  });

  it('reports a bad namespace and a bad secret name of one entry separately', () => {
    expect(issuesOf({ imagePullSecrets: ['-ns:-s'] })).toEqual([
      secretIssue(0, `namespace "-ns" of "-ns:-s" must consist of lowercase alphanumeric characters or '-', and start and end with an alphanumeric character`),
      secretIssue(
        0,
        `secret name "-s" of "-ns:-s" must be a lowercase DNS-1123 subdomain: lowercase alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character`,
      ),
    ]);
  });
});

describe('metadata.name', () => {
  it('is a DNS-1123 subdomain, reported with its rule and value', () => {
    expect(issuesOf({}, 'web.example-1')).toEqual([]);
    expect(issuesOf({}, 'Web')).toEqual([
      {
        path: 'metadata.name',
        rule: 'dns1123Subdomain',
        message: `metadata.name: "Web" must be a lowercase DNS-1123 subdomain: lowercase alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character`,
      },
    ]);
    expect(issuesOf({}, '')).toEqual([{ path: 'metadata.name', rule: 'dns1123Subdomain', message: 'metadata.name: "" must not be empty' }]);
  });
});

describe('error classes', () => {
  it('ImageCacheValidationError counts the problems and prefixes the lines it knows', () => {
    const one = new ImageCacheValidationError([{ path: 'spec', rule: 'required', message: 'spec is required' }]);
    expect(one.name).toBe('ImageCacheValidationError');
    expect(one.message).toBe('invalid ImageCache (1 problem):\n  - spec is required');
    const two = new ImageCacheValidationError(
      [
        { path: 'kind', rule: 'constant', message: 'kind is wrong', line: 2, document: 0 },
        { path: 'spec', rule: 'required', message: 'spec is required' },
      ],
      'manifest',
    );
    expect(two.message).toBe('invalid manifest (2 problems):\n  - line 2: kind is wrong\n  - spec is required');
  });

  it('ImageReferenceError carries its name, the reference and the reason', () => {
    let thrown: unknown;
    try {
      parseImageReference('Nginx');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ImageReferenceError);
    expect(thrown).toMatchObject({
      name: 'ImageReferenceError',
      reference: 'Nginx',
      reason: 'invalid reference format: repository name (library/Nginx) must be lowercase',
    });
  });
});

describe('image references', () => {
  it('lowercases like Go: a dotted İ in a host makes the name uppercase, not malformed', () => {
    // Go's strings.ToLower maps U+0130 to "i"; JavaScript's toLowerCase to "i" and a combining dot.
    expect(imageReferenceProblem('İ.com/nginx')).toBe('repository name must be lowercase');
    expect(imageReferenceProblem('registry.İ/nginx')).toBe('repository name must be lowercase');
  });

  it('allows uppercase in a tag whatever the host', () => {
    for (const reference of ['localhost/a:V1', 'example.com/a:Latest', 'a:V1', 'localhost:5000/a:RC1']) {
      expect(imageReferenceProblem(reference)).toBeUndefined();
    }
  });
});

describe('suggestField', () => {
  it('prefers the first of equally close fields, and ignores case', () => {
    expect(suggestField('ab', ['aa', 'bb'])).toBe('aa');
    expect(suggestField('IMAGES', ['imagePullSecrets', 'images'])).toBe('images');
  });
});

describe('maxImages', () => {
  it('counts in the singular for a limit of one, and keeps each limit apart', () => {
    const images = ['nginx', 'busybox'];
    const spec = { images };
    const object = { metadata: { name: 'web' }, spec };
    expect(validateImageCache(object, { maxImages: 1 })).toEqual({
      success: false,
      issues: [{ path: 'spec.images', rule: 'maxItems', message: 'spec.images must have at most 1 entry, got 2' }],
    });
    expect(validateImageCache(object, { maxImages: 2 }).success).toBe(true);
    expect(validateImageCache(object, { maxImages: 1 }).success).toBe(false);
  });
});
