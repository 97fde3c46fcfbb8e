/**
 * Defect 8 of issue 12: the safe manifest parser never throws, and documented limits on bytes,
 * documents and aliases reject hostile input before it costs seconds and gigabytes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { DEFAULT_MANIFEST_LIMITS, ImageCacheValidationError, parseImageCacheManifest, safeParseImageCacheManifest } from '../../src/validation/index.js';

const CACHE = 'apiVersion: eci.alibabacloud.com/v1\nkind: ImageCache\nmetadata:\n  name: web\nspec:\n  images:\n  - nginx:1.25\n';

/** The classic exponential entity expansion: each level refers to the previous one nine times. */
function billionLaughs(levels = 9): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < levels; level++) {
    const previous = String.fromCharCode(96 + level);
    const name = String.fromCharCode(97 + level);
    lines.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

describe('manifest limits', () => {
  it('billion laughs: the safe variant returns issues, the throwing one an ImageCacheValidationError', async () => {
    const result = await safeParseImageCacheManifest(billionLaughs());
    expect(result.success).toBe(false);
    if (!result.success) expect(result.issues[0]).toMatchObject({ rule: 'maxItems', document: 0, message: expect.stringContaining('option maxAliases') });
    await expect(parseImageCacheManifest(billionLaughs())).rejects.toBeInstanceOf(ImageCacheValidationError);
  });

  it('an input over maxBytes is rejected before parsing, with the limit and the option in the message', async () => {
    const big = `${CACHE}# ${'x'.repeat(DEFAULT_MANIFEST_LIMITS.maxBytes)}\n`;
    const result = await safeParseImageCacheManifest(big);
    expect(result).toEqual({
      success: false,
      issues: [expect.objectContaining({ rule: 'maxLength', message: expect.stringMatching(/more than the limit of 4194304 \(option maxBytes\)/) })],
    });
    // Bytes, not characters: 3-byte characters count three times.
    const wide = await safeParseImageCacheManifest(`${CACHE}# ${'€'.repeat(400)}\n`, { maxBytes: 1000 });
    expect(wide.success).toBe(false);
    expect((await safeParseImageCacheManifest(big, { maxBytes: 8 * 1024 * 1024 })).success).toBe(true);
  });

  it('more documents than maxDocuments are rejected without parsing them all', async () => {
    const many = '---\n'.repeat(200_000);
    const result = await safeParseImageCacheManifest(many);
    expect(result).toEqual({
      success: false,
      issues: [
        expect.objectContaining({ rule: 'maxItems', document: 1000, message: expect.stringContaining('more than 1000 documents (option maxDocuments)') }),
      ],
    });
    const three = [CACHE, CACHE.replace('web', 'api'), CACHE.replace('web', 'db')].join('---\n');
    expect((await safeParseImageCacheManifest(three, { maxDocuments: 2 })).success).toBe(false);
    expect((await safeParseImageCacheManifest(three, { maxDocuments: 3 })).success).toBe(true);
    // The first document needs no marker: two markers can mean three documents.
    const unmarked = `${CACHE}---\n${CACHE.replace('web', 'api')}---\n${CACHE.replace('web', 'db')}`;
    expect((await safeParseImageCacheManifest(unmarked, { maxDocuments: 2 })).success).toBe(false);
  });

  it('a few aliases within the limit are fine', async () => {
    const text = `${CACHE.replace('  - nginx:1.25\n', '  - &img nginx:1.25\n')}  - *img\n`;
    const result = await safeParseImageCacheManifest(text);
    expect(result.success && result.data[0]?.spec.images).toEqual(['nginx:1.25', 'nginx:1.25']);
    expect((await safeParseImageCacheManifest(billionLaughs(3), { maxAliases: 5 })).success).toBe(false);
  });

  it('never throws, whatever the string', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: fc.constantFrom('a', ':', ' ', '\n', '-', '&x', '*x', '[', ']', '{', '}', '"', '!', '%', '#', '|', '>', '?', ',', '\t', '\u0000') }),
        async (text) => {
          const result = await safeParseImageCacheManifest(text);
          expect(typeof result.success).toBe('boolean');
        },
      ),
      { numRuns: 300 },
    );
    // Not even for a value that is not a string at all (a JavaScript caller).
    expect(await safeParseImageCacheManifest(undefined as unknown as string)).toMatchObject({ success: false });
  });

  it('the CLI: create -f refuses a file over the limit, and --max-manifest-bytes sets it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eci-manifest-limit-'));
    const path = join(dir, 'caches.yaml');
    writeFileSync(path, CACHE);
    const run = async (args: string[]) => {
      const stderr = new PassThrough();
      let err = '';
      stderr.on('data', (c) => (err += String(c)));
      const code = await runCli(args, { stdout: new PassThrough(), stderr, env: { HOME: dir }, cwd: dir, signal: new AbortController().signal });
      return { code, err };
    };
    const refused = await run(['create', '-f', path, '--max-manifest-bytes', '10', '--server', 'http://127.0.0.1:9']);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('more than the limit of 10 (option maxBytes)');
    expect((await run(['create', '-f', path, '--max-manifest-bytes', 'lots'])).err).toContain('--max-manifest-bytes must be a whole number');
  });
});
