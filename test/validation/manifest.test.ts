// safeParseImageCacheManifest / parseImageCacheManifest: which input is accepted, which issue
// (rule, path, line, document) a refused one gets, and where each input limit starts to bite.
import { describe, expect, it } from 'vitest';
import {
  ImageCacheValidationError,
  isImageCacheValidationError,
  parseImageCacheManifest,
  safeParseImageCacheManifest,
  type ValidationIssue,
} from '../../src/validation/index.js';

/** Seven lines: a valid ImageCache named `name`. */
const cache = (name = 'web') => `apiVersion: eci.alibabacloud.com/v1\nkind: ImageCache\nmetadata:\n  name: ${name}\nspec:\n  images:\n  - nginx:1.25\n`;
const parsed = (name = 'web') => ({ apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCache', metadata: { name }, spec: { images: ['nginx:1.25'] } });

async function issuesOf(text: string, options?: Parameters<typeof safeParseImageCacheManifest>[1]): Promise<ValidationIssue[]> {
  const result = await safeParseImageCacheManifest(text, options);
  if (result.success) throw new Error(`expected issues, got ${JSON.stringify(result.data)}`);
  return [...result.issues];
}

describe('documents', () => {
  it('returns every cache in order, skipping empty, comment-only and null documents', async () => {
    const text = `# caches\n---\n${cache('a')}---\n---\n~\n---\n${cache('b')}`;
    expect(await safeParseImageCacheManifest(text)).toEqual({ success: true, data: [parsed('a'), parsed('b')] });
    expect(await safeParseImageCacheManifest('')).toEqual({ success: true, data: [] });
  });

  it('refuses a document that is not an object, at its line', async () => {
    expect(await issuesOf(`${cache()}---\n\nhello\n`)).toEqual([
      { path: '', rule: 'type', message: 'a manifest document must be an object', line: 10, document: 1 },
    ]);
    expect(await issuesOf('- nginx\n- busybox\n')).toEqual([
      { path: '', rule: 'type', message: 'a manifest document must be an object', line: 1, document: 0 },
    ]);
  });

  it('reports YAML syntax errors with the parser’s first line and the error’s line', async () => {
    expect(await issuesOf(`${cache()}---\nmetadata: name: web\n`)).toEqual([
      { path: '', rule: 'syntax', message: 'not valid YAML: Nested mappings are not allowed in compact mappings', line: 9, document: 1 },
    ]);
  });

  it('refuses a string that is not text', async () => {
    expect(await issuesOf(42 as never)).toEqual([{ path: '', rule: 'type', message: 'a manifest must be a string, got number' }]);
    expect(await issuesOf(null as never)).toEqual([{ path: '', rule: 'type', message: 'a manifest must be a string, got null' }]);
  });

  it('never throws, even when reading an option throws: the error’s first line becomes a syntax issue', async () => {
    const hostile = {
      get maxBytes(): number {
        throw new Error('no limits today\nsecond line');
      },
    };
    expect(await issuesOf(cache(), hostile)).toEqual([{ path: '', rule: 'syntax', message: 'not a readable manifest: no limits today' }]);
    const thrower = {
      get maxDocuments(): number {
        throw 'a bare string';
      },
    };
    expect(await issuesOf(cache(), thrower)).toEqual([{ path: '', rule: 'syntax', message: 'not a readable manifest: a bare string' }]);
  });
});

describe('apiVersion and kind, which kubectl needs', () => {
  it('names a missing apiVersion or kind, at the document’s first line', async () => {
    expect(await issuesOf(cache().replace('apiVersion: eci.alibabacloud.com/v1\n', ''))).toEqual([
      { path: 'apiVersion', rule: 'constant', message: 'apiVersion must be "eci.alibabacloud.com/v1", got null', line: 1, document: 0 },
    ]);
    expect(await issuesOf(cache().replace('kind: ImageCache\n', ''))).toEqual([
      { path: 'kind', rule: 'constant', message: 'kind must be "ImageCache", got null', line: 1, document: 0 },
    ]);
  });

  it('reports a wrong value once, in the manifest’s words, at its line', async () => {
    expect(await issuesOf(cache().replace('kind: ImageCache', 'kind: Pod'))).toEqual([
      { path: 'kind', rule: 'constant', message: 'kind must be "ImageCache", got "Pod"', line: 2, document: 0 },
    ]);
    expect(await issuesOf(cache().replace('eci.alibabacloud.com/v1', 'v1'))).toEqual([
      { path: 'apiVersion', rule: 'constant', message: 'apiVersion must be "eci.alibabacloud.com/v1", got "v1"', line: 1, document: 0 },
    ]);
  });
});

describe('lines of validation issues', () => {
  it('points at the field, or at the deepest parent that exists for a missing one', async () => {
    expect(await issuesOf('apiVersion: eci.alibabacloud.com/v1\nkind: ImageCache\nmetadata:\n  name: web\n')).toEqual([
      { path: 'spec', rule: 'required', message: 'spec is required', line: 1, document: 0 },
    ]);
    expect(await issuesOf(cache().replace('  name: web\n', '  labels: {}\n'))).toEqual([
      { path: 'metadata.name', rule: 'required', message: 'metadata.name is required', line: 4, document: 0 },
    ]);
    expect(await issuesOf(`${cache()}  - Nginx\n`)).toEqual([
      {
        path: 'spec.images.1',
        rule: 'imageReference',
        message: 'spec.images.1: "Nginx" is not a valid image reference: invalid reference format: repository name (library/Nginx) must be lowercase',
        line: 8,
        document: 0,
      },
    ]);
  });

  it('finds map keys that are numbers, and keys that only contain digits', async () => {
    // A valid label first, so a key that is not found falls back to a line of its own.
    const labels = '  labels:\n    ok: "x"\n    a1: 2\n    1a: 3\n    12: 4\n';
    const issues = await issuesOf(cache().replace('  name: web\n', `  name: web\n${labels}`));
    expect(issues.map(({ path, line }) => [path, line])).toEqual([
      ['metadata.labels.12', 9],
      ['metadata.labels.a1', 7],
      ['metadata.labels.1a', 8],
    ]);
  });

  it('finds list entries past the ninth', async () => {
    const images = Array.from({ length: 11 }, (_, i) => `  - nginx:1.${i}\n`).join('');
    const text = cache().replace('  - nginx:1.25\n', `${images}  - Nginx\n`);
    expect((await issuesOf(text)).map(({ path, line }) => [path, line])).toEqual([['spec.images.11', 18]]);
  });
});

describe('several problems', () => {
  it('keeps two problems of one pull secret, each at its line', async () => {
    const text = `${cache()}  imagePullSecrets:\n  - "-ns:-s"\n`;
    expect(await issuesOf(text)).toEqual([
      {
        path: 'spec.imagePullSecrets.0',
        rule: 'imagePullSecret',
        message: `spec.imagePullSecrets.0: namespace "-ns" of "-ns:-s" must consist of lowercase alphanumeric characters or '-', and start and end with an alphanumeric character`,
        line: 9,
        document: 0,
      },
      {
        path: 'spec.imagePullSecrets.0',
        rule: 'imagePullSecret',
        message: `spec.imagePullSecrets.0: secret name "-s" of "-ns:-s" must be a lowercase DNS-1123 subdomain: lowercase alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character`,
        line: 9,
        document: 0,
      },
    ]);
  });
});

describe('maxBytes', () => {
  it('counts UTF-8 bytes and lets a manifest of exactly the limit through', async () => {
    const bytes = Buffer.byteLength(cache(), 'utf8');
    expect((await safeParseImageCacheManifest(cache(), { maxBytes: bytes })).success).toBe(true);
    expect(await issuesOf(cache(), { maxBytes: bytes - 1 })).toEqual([
      { path: '', rule: 'maxLength', message: `the manifest is at least ${bytes} bytes, more than the limit of ${bytes - 1} (option maxBytes)` },
    ]);
    // Four characters of three bytes each: twelve bytes, over a limit of four.
    expect(await issuesOf('€€€€', { maxBytes: 4 })).toEqual([
      { path: '', rule: 'maxLength', message: 'the manifest is 12 bytes, more than the limit of 4 (option maxBytes)' },
    ]);
  });

  it('says "at least" when the character count alone is over the limit, without counting bytes', async () => {
    expect(await issuesOf('€'.repeat(10), { maxBytes: 5 })).toEqual([
      { path: '', rule: 'maxLength', message: 'the manifest is at least 10 bytes, more than the limit of 5 (option maxBytes)' },
    ]);
  });
});

describe('maxDocuments', () => {
  const tooMany = (limit: number, line?: number) => ({
    path: '',
    rule: 'maxItems',
    message: `the manifest has more than ${limit} documents (option maxDocuments)`,
    document: limit,
    ...(line === undefined ? {} : { line }),
  });

  it('allows exactly the limit, markers or not', async () => {
    const marked = `---\n${cache('a')}---\n${cache('b')}---\n${cache('c')}`;
    expect((await safeParseImageCacheManifest(marked, { maxDocuments: 3 })).success).toBe(true);
    const unmarked = `${cache('a')}---\n${cache('b')}`;
    expect((await safeParseImageCacheManifest(unmarked, { maxDocuments: 2 })).success).toBe(true);
  });

  it('counts `---` markers before parsing: one too many is refused without a line', async () => {
    expect(await issuesOf(`---\n${cache('a')}---\n${cache('b')}`, { maxDocuments: 1 })).toStrictEqual([tooMany(1)]);
    expect(await issuesOf(`---\n${cache('a')}--- \n${cache('b')}`, { maxDocuments: 1 })).toStrictEqual([tooMany(1)]);
    // A marker on the last line, with no newline after it.
    expect(await issuesOf(`---\n${cache('a')}---`, { maxDocuments: 1 })).toStrictEqual([tooMany(1)]);
  });

  it('stops the parse at the first document over the limit, naming the line of its marker', async () => {
    // The first document needs no marker: two markers, three documents.
    const three = `${cache('a')}---\n${cache('b')}---\n${cache('c')}`;
    expect(await issuesOf(three, { maxDocuments: 2 })).toEqual([tooMany(2, 16)]);
  });

  it('counts only `---` at the start of a line and followed by a space, a line end or the end', async () => {
    const annotated = cache().replace('  name: web\n', '  name: web\n  annotations:\n    note: before --- after\n    rule: ---x\n');
    expect((await safeParseImageCacheManifest(`---\n${annotated}`, { maxDocuments: 1 })).success).toBe(true);
    // `---x` at the start of a line is a plain key of the same document, not a marker.
    expect(await safeParseImageCacheManifest(`---\n${cache()}---x: 1\n`, { maxDocuments: 1 })).toEqual({ success: true, data: [{ ...parsed(), '---x': 1 }] });
  });
});

describe('maxAliases', () => {
  const aliased = `${cache()}  imageCacheSize: &size 20\n  retentionDays: *size\n`;
  const expansions = (count: number) => `${cache()}metadataExtra:\n  base: &b [1, 2]\n  uses: [${Array.from({ length: count }, () => '*b').join(', ')}]\n`;

  it('refuses a document over the option’s limit, at the line of its marker', async () => {
    expect((await safeParseImageCacheManifest(aliased)).success).toBe(true);
    expect(await issuesOf(`${cache('a')}---\n${expansions(3)}`, { maxAliases: 1 })).toEqual([
      {
        path: '',
        rule: 'maxItems',
        message: 'the document expands aliases more than 1 times (option maxAliases): Excessive alias count indicates a resource exhaustion attack',
        line: 8,
        document: 1,
      },
    ]);
  });

  it('takes a limit above the default of 100', async () => {
    expect((await safeParseImageCacheManifest(expansions(150))).success).toBe(false);
    expect((await safeParseImageCacheManifest(expansions(150), { maxAliases: 1000 })).success).toBe(true);
  });
});

describe('parseImageCacheManifest', () => {
  it('returns the caches, or throws an ImageCacheValidationError that lists every issue with its line', async () => {
    expect(await parseImageCacheManifest(cache())).toEqual([parsed()]);
    const text = `${cache().replace('kind: ImageCache', 'kind: Pod')}  imageCacheSize: 1\n`;
    const error = await parseImageCacheManifest(text).catch((e: unknown) => e);
    expect(isImageCacheValidationError(error)).toBe(true);
    expect(error).toBeInstanceOf(ImageCacheValidationError);
    expect((error as ImageCacheValidationError).message).toBe(
      'invalid manifest (2 problems):\n  - line 2: kind must be "ImageCache", got "Pod"\n  - line 8: spec.imageCacheSize must be at least 20, got 1',
    );
    expect((error as ImageCacheValidationError).issues).toHaveLength(2);
  });
});
