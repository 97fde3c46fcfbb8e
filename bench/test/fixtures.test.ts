import { describe, expect, it } from 'vitest';
import { normalizeImageReference, validateImageCache } from '../../src/index.js';
import { compileAjvValidator } from '../fixtures/ajv-validator.js';
import { imagePool } from '../fixtures/images.js';
import { serverObject, validationCorpus } from '../fixtures/imagecaches.js';
import { seededRandom } from '../fixtures/random.js';

describe('seededRandom', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const draw = (r: ReturnType<typeof seededRandom>) => Array.from({ length: 5 }, () => r.next());
    const first = draw(a);
    expect(draw(b)).toEqual(first);
    expect(draw(c)).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('samples distinct elements, at most as many as there are', () => {
    const random = seededRandom(1);
    const picked = random.sample([1, 2, 3, 4, 5, 6], 4);
    expect(new Set(picked).size).toBe(4);
    expect(random.sample([1, 2], 5).sort()).toEqual([1, 2]);
    expect(() => random.pick([])).toThrow(RangeError);
  });
});

describe('imagePool', () => {
  it('gives distinct images whose spellings all normalize to the canonical form', () => {
    const pool = imagePool(seededRandom(3), 300);
    expect(new Set(pool.map((i) => i.canonical)).size).toBe(300);
    for (const image of pool) {
      for (const spelling of image.spellings) expect(normalizeImageReference(spelling)).toBe(image.canonical);
    }
  });
});

describe('validationCorpus', () => {
  it('is valid and invalid as labelled, for zod and ajv alike', () => {
    const { valid, invalid } = validationCorpus(6, 120);
    const ajv = compileAjvValidator();
    for (const object of valid) expect({ zod: validateImageCache(object).success, ajv: ajv(object), object }).toMatchObject({ zod: true, ajv: true });
    for (const object of invalid) expect({ zod: validateImageCache(object).success, ajv: ajv(object), object }).toMatchObject({ zod: false, ajv: false });
  });
});

describe('serverObject', () => {
  it('is a valid ImageCache with a status like the controller writes', () => {
    const random = seededRandom(2);
    const pool = imagePool(random, 50);
    const object = serverObject(random, pool, 3, 4);
    expect(validateImageCache(object).success).toBe(true);
    expect(object.spec.images).toHaveLength(4);
    expect((object.status?.['events'] as unknown[]).length).toBe(4);
  });
});
