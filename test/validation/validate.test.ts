import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  assertValidImageCache,
  ImageCacheValidationError,
  isImageCacheValidationError,
  parseImageCacheManifest,
  safeParseImageCacheManifest,
  validateImageCache,
  validateImageCacheSpec,
  type ValidationIssue,
} from '../../src/validation/index.js';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/original', name), 'utf8');
const base = (spec: Record<string, unknown>, name = 'web-cache') => ({
  apiVersion: 'eci.alibabacloud.com/v1',
  kind: 'ImageCache',
  metadata: { name },
  spec: { images: ['nginx:1.7.9'], ...spec },
});
const issuesOf = (value: unknown): ValidationIssue[] => {
  const result = validateImageCache(value);
  return result.success ? [] : [...result.issues];
};

describe('every example of the original document', () => {
  it.each(['full-parameters.yaml', 'created.yaml', 'curl-create.yaml', 'get-output.yaml'])('%s parses and validates', async (file) => {
    const [cache, ...rest] = await parseImageCacheManifest(fixture(file));
    expect(rest).toEqual([]);
    expect(cache!.kind).toBe('ImageCache');
    expect(cache!.spec.images.length).toBeGreaterThan(0);
  });

  it('keeps the value on the line after the key (imageCacheSize:\\n 25)', async () => {
    const [cache] = await parseImageCacheManifest(fixture('full-parameters.yaml'));
    expect(cache!.spec).toEqual({
      images: ['centos:latest', 'busybox:latest'],
      imagePullSecrets: ['default:secret1', 'default:secret2', 'kube-system:secret3'],
      imageCacheSize: 25,
      retentionDays: 7,
    });
    expect(cache!.metadata.annotations).toEqual({ 'k8s.aliyun.com/auto-match-imagecache': 'true' });
  });

  it('keeps the status the controller wrote, events with null fields included', async () => {
    const [cache] = await parseImageCacheManifest(fixture('get-output.yaml'));
    expect(cache!.status?.phase).toBe('Ready');
    expect(cache!.status?.events?.[2]?.message).toBe('Success pull image registry-vpc.cn-beijing.aliyuncs.com/acs/pause-amd64:3.0');
    expect(cache!.status?.events?.[0]?.eventTime).toBeNull();
  });

  it('validates each item of the list response', () => {
    const list = JSON.parse(fixture('list-response.json')) as { items: unknown[] };
    for (const item of list.items) expect(issuesOf(item)).toEqual([]);
  });
});

describe('ranges', () => {
  it.each([
    ['imageCacheSize', 19, 'minimum', 'spec.imageCacheSize must be at least 20, got 19'],
    ['imageCacheSize', 32769, 'maximum', 'spec.imageCacheSize must be at most 32768, got 32769'],
    ['imageCacheSize', 25.5, 'integer', 'spec.imageCacheSize must be a whole number, got 25.5'],
    ['imageCacheSize', '25', 'type', 'spec.imageCacheSize must be a number, got the string "25"'],
    ['imageCacheSize', Number.NaN, 'type', 'spec.imageCacheSize must be a number, got NaN'],
    ['imageCacheSize', Infinity, 'type', 'spec.imageCacheSize must be a number, got Infinity'],
    ['retentionDays', 0, 'minimum', 'spec.retentionDays must be at least 1, got 0'],
    ['retentionDays', 65537, 'maximum', 'spec.retentionDays must be at most 65536, got 65537'],
    ['retentionDays', -Infinity, 'type', 'spec.retentionDays must be a number, got -Infinity'],
    ['retentionDays', '7', 'type', 'spec.retentionDays must be a number, got the string "7"'],
  ])('%s = %s breaks %s', (field, value, rule, message) => {
    expect(issuesOf(base({ [field]: value }))).toEqual([{ path: `spec.${field}`, rule, message }]);
  });

  it.each([
    ['imageCacheSize', 20],
    ['imageCacheSize', 32768],
    ['retentionDays', 1],
    ['retentionDays', 65536],
  ])('%s = %s is accepted', (field, value) => {
    expect(issuesOf(base({ [field]: value }))).toEqual([]);
  });

  it('needs 1 to 20 images, and lets a caller raise the limit', () => {
    expect(issuesOf(base({ images: [] }))).toMatchObject([{ path: 'spec.images', rule: 'minItems' }]);
    const twentyOne = Array.from({ length: 21 }, (_, i) => `app${i}:v1`);
    expect(issuesOf(base({ images: twentyOne }))).toEqual([
      { path: 'spec.images', rule: 'maxItems', message: 'spec.images must have at most 20 entries, got 21' },
    ]);
    expect(issuesOf(base({ images: twentyOne.slice(0, 20) }))).toEqual([]);
    expect(validateImageCache(base({ images: twentyOne }), { maxImages: 30 }).success).toBe(true);
  });

  it('requires spec.images and metadata.name', () => {
    expect(issuesOf({ metadata: {}, spec: {} })).toEqual([
      { path: 'metadata.name', rule: 'required', message: 'metadata.name is required' },
      { path: 'spec.images', rule: 'required', message: 'spec.images is required' },
    ]);
  });
});

describe('formats', () => {
  it('rejects names that are not DNS-1123 subdomains', () => {
    for (const name of ['Web', 'web_cache', '-web', 'web-', 'a'.repeat(254), '../../api/v1/secrets']) {
      expect(issuesOf(base({}, name))).toMatchObject([{ path: 'metadata.name', rule: 'dns1123Subdomain' }]);
    }
    expect(issuesOf(base({}, 'a'.repeat(253)))).toEqual([]);
    expect(issuesOf(base({}, 'web.cache-1'))).toEqual([]);
  });

  it('rejects invalid image references with the reason', () => {
    const issues = issuesOf(base({ images: ['nginx', 'Nginx:1', 'nginx:', `x@sha256:${'a'.repeat(10)}`] }));
    expect(issues.map((i) => [i.path, i.rule])).toEqual([
      ['spec.images.1', 'imageReference'],
      ['spec.images.2', 'imageReference'],
      ['spec.images.3', 'imageReference'],
    ]);
    expect(issues[0]!.message).toContain('must be lowercase');
  });

  it('checks imagePullSecrets as namespace:secretName', () => {
    const issues = issuesOf(base({ imagePullSecrets: ['default:ok', 'nocolon', 'Bad_NS:x', 'default:Bad_Name', `${'n'.repeat(64)}:x`] }));
    expect(issues.map((i) => i.path)).toEqual(['spec.imagePullSecrets.1', 'spec.imagePullSecrets.2', 'spec.imagePullSecrets.3', 'spec.imagePullSecrets.4']);
    expect(issues[0]!.message).toContain('must be namespace:secretName');
    expect(issues[1]!.message).toContain('namespace "Bad_NS"');
    expect(issues[2]!.message).toContain('secret name "Bad_Name"');
    expect(issues[3]!.message).toContain('no more than 63 characters');
  });

  it('rejects unknown spec fields with a did-you-mean hint', () => {
    expect(issuesOf(base({ imageCachesize: 25, retentionday: 3, colour: 'blue' }))).toEqual([
      { path: 'spec.imageCachesize', rule: 'unknownField', message: 'spec.imageCachesize is not a known field: did you mean spec.imageCacheSize?' },
      { path: 'spec.retentionday', rule: 'unknownField', message: 'spec.retentionday is not a known field: did you mean spec.retentionDays?' },
      {
        path: 'spec.colour',
        rule: 'unknownField',
        message: 'spec.colour is not a known field (known: images, imagePullSecrets, imageCacheSize, retentionDays)',
      },
    ]);
  });

  it('rejects annotations whose values are not strings (YAML true without quotes)', () => {
    const value = { ...base({}), metadata: { name: 'x', annotations: { 'k8s.aliyun.com/imc-enable-reuse': true } } };
    expect(issuesOf(value)).toMatchObject([{ path: 'metadata.annotations.k8s.aliyun.com/imc-enable-reuse', rule: 'type' }]);
  });

  it('reports every problem, not only the first', () => {
    expect(issuesOf({ metadata: { name: 'X' }, spec: { images: ['A'], imageCacheSize: 1, retentionDays: 0 } })).toHaveLength(4);
  });
});

describe('validateImageCacheSpec and assertValidImageCache', () => {
  it('prefixes spec paths', () => {
    const result = validateImageCacheSpec({ images: ['nginx'], imageCacheSize: 10 });
    expect(result).toEqual({
      success: false,
      issues: [{ path: 'spec.imageCacheSize', rule: 'minimum', message: 'spec.imageCacheSize must be at least 20, got 10' }],
    });
  });

  it('throws a typed error carrying the issues', () => {
    let caught: unknown;
    try {
      assertValidImageCache(base({ retentionDays: 0 }));
    } catch (err) {
      caught = err;
    }
    expect(isImageCacheValidationError(caught)).toBe(true);
    expect((caught as ImageCacheValidationError).issues).toHaveLength(1);
    expect((caught as Error).message).toContain('spec.retentionDays must be at least 1');
  });

  it('returns the object when it is valid, unknown top-level fields kept', () => {
    const value = { ...base({}), extra: { kept: true } };
    expect(assertValidImageCache(value)).toEqual(value);
  });
});

describe('parseImageCacheManifest', () => {
  it('returns several documents in order, JSON included', async () => {
    const text = `${fixture('curl-create.yaml')}---\n${fixture('full-parameters.yaml')}---\n${JSON.stringify(base({}))}\n`;
    const caches = await parseImageCacheManifest(text);
    expect(caches.map((c) => c.metadata.name)).toEqual(['imagecache-secrets-test', 'imagecache-sample', 'web-cache']);
  });

  it('reports the line of each problem and its document', async () => {
    const text = [
      'apiVersion: eci.alibabacloud.com/v1', // 1
      'kind: ImageCache',
      'metadata:',
      '  name: ok',
      'spec:', // 5
      '  images: [nginx]',
      '---',
      'apiVersion: eci.alibabacloud.com/v1',
      'kind: ImageCache',
      'metadata:', // 10
      '  name: bad',
      'spec:',
      '  images:',
      '  - Nginx',
      '  imageCacheSize:', // 15
      '   10',
    ].join('\n');
    const result = await safeParseImageCacheManifest(text);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues.map((i) => [i.path, i.line, i.document])).toEqual([
      ['spec.images.0', 14, 1],
      ['spec.imageCacheSize', 16, 1],
    ]);
  });

  it('reports YAML syntax errors with their line, and wrong kinds', async () => {
    const result = await safeParseImageCacheManifest('apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  images: [a\n');
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues[0]).toMatchObject({ rule: 'syntax' });
    const wrongKind = await safeParseImageCacheManifest('apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  images: [a]\n');
    expect(wrongKind.success ? [] : wrongKind.issues.map((i) => [i.path, i.line])).toEqual([
      ['apiVersion', 1],
      ['kind', 2],
    ]);
  });

  it('throws ImageCacheValidationError listing every problem', async () => {
    await expect(parseImageCacheManifest(fixture('curl-create.yaml').replace('default:acr-test', 'acr-test'))).rejects.toThrow(
      /line 9: spec\.imagePullSecrets\.0/,
    );
  });
});
