// fast-check properties of parseImageReference / normalizeImageReference.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImageReferenceError, isImageReferenceError, normalizeImageReference, parseImageReference } from '../../src/matching/index.js';

// Strings built from the grammar's own pieces reach far more valid and nearly-valid references
// than uniformly random text does.
const piece = fc.constantFrom(
  'a',
  'nginx',
  'library',
  'Foo',
  'x-y',
  'a__b',
  'a.b',
  'docker.io',
  'index.docker.io',
  'localhost',
  'example.com',
  'Example.COM',
  '[::1]',
  '[fe80::1%eth0]',
  ':5000',
  ':tag',
  ':1.7.9',
  ':latest',
  '/',
  '@',
  '-',
  '_',
  '.',
  '..',
  `sha256:${'a'.repeat(64)}`,
  `sha512:${'b'.repeat(128)}`,
  `SHA256:${'c'.repeat(64)}`,
  `md5:${'d'.repeat(32)}`,
  'a'.repeat(64),
  'z'.repeat(200),
  'ü',
  ' ',
);
const grammarish = fc.array(piece, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));
const anything = fc.oneof(grammarish, fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }));

const runs = { numRuns: 2000, seed: 424242 };

function tryParse(ref: string) {
  try {
    return parseImageReference(ref);
  } catch (err) {
    if (isImageReferenceError(err)) return err;
    throw err;
  }
}

describe('image reference properties', () => {
  it('parsing never throws anything but ImageReferenceError, whose reason is in its message', () => {
    fc.assert(
      fc.property(anything, (ref) => {
        const result = tryParse(ref);
        if (result instanceof ImageReferenceError) {
          expect(result.reference).toBe(ref);
          expect(result.message).toContain(result.reason);
          expect(result.reason.length).toBeGreaterThan(0);
        }
      }),
      runs,
    );
  });

  it('normalizing is idempotent, and a normalized reference names the same image', () => {
    fc.assert(
      fc.property(anything, (ref) => {
        const parsed = tryParse(ref);
        if (parsed instanceof ImageReferenceError) return;
        const once = normalizeImageReference(ref);
        expect(normalizeImageReference(once)).toBe(once);
        const again = parseImageReference(once);
        expect([again.domain, again.path, again.name, again.digest]).toEqual([parsed.domain, parsed.path, parsed.name, parsed.digest]);
        expect(again.tag).toBe(parsed.digest ? undefined : (parsed.tag ?? 'latest'));
      }),
      runs,
    );
  });

  it('the familiar form parses back to the same reference', () => {
    fc.assert(
      fc.property(anything, (ref) => {
        const parsed = tryParse(ref);
        if (parsed instanceof ImageReferenceError) return;
        expect(parseImageReference(parsed.familiar)).toEqual(parsed);
      }),
      runs,
    );
  });

  it('stays fast on long adversarial input (no catastrophic backtracking)', () => {
    // A failure here shows up as the test timing out, not as a timing assertion.
    for (const ref of ['a'.repeat(5000) + '!', 'a.'.repeat(3000) + '!', 'a-'.repeat(3000) + '/', `${'a/'.repeat(2000)}A`, `[${':'.repeat(5000)}`]) {
      expect(tryParse(ref)).toBeInstanceOf(ImageReferenceError);
    }
  });
});
