// zod and the OpenAPI document must give the same verdict: the document is the contract, zod the
// implementation with readable messages. Values are generated around every boundary.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateImageCache } from '../../src/validation/index.js';
import { compileSchemaValidator } from '../support/schema-validator.js';

const ajvValidate = compileSchemaValidator();

const validImages = [
  'nginx',
  'nginx:1.7.9',
  'busybox:latest',
  'registry-vpc.cn-beijing.aliyuncs.com/acs/pause-amd64:3.0',
  'localhost:5000/a/b',
  `foo@sha256:${'a'.repeat(64)}`,
  '[::1]:5000/x:y',
  'Foo/bar',
];
const invalidImages = [
  '',
  'UPPER',
  'nginx:',
  ':tag',
  'a'.repeat(64),
  `foo@sha256:${'a'.repeat(63)}`,
  `foo@md5:${'a'.repeat(32)}`,
  'foo//bar',
  'foo:-tag',
  `x@sha256:${'A'.repeat(64)}`,
  'foo bar',
  `${'a'.repeat(254)}`,
  `${'a'.repeat(200)}/${'b'.repeat(60)}`,
  `r.io/${'b'.repeat(256)}`,
];
const longNames = [246, 247, 248, 249].map((n) => 'a'.repeat(n)); // around 255 once library/ is added
// Each field is valid most of the time, so that an object breaks few rules at once and a rule
// whose boundary moved by one would change the verdict of many runs.
const weighted = <T>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: other as fc.Arbitrary<unknown>, weight: 1 });
const imageArb = weighted(fc.constantFrom(...validImages), fc.oneof(fc.constantFrom(...invalidImages, ...longNames), fc.string({ maxLength: 12 })));
const intAround = (lo: number, hi: number) =>
  weighted(
    fc.constantFrom(lo, lo + 1, hi - 1, hi),
    fc.oneof(
      fc.constantFrom(lo - 1, hi + 1, 0, -1, lo + 0.5, Number.NaN, Infinity, -Infinity, 1e21, String(lo), null, true, [lo]),
      fc.integer({ min: lo - 5, max: hi + 5 }),
    ),
  );
const secretArb = weighted(
  fc.constantFrom('default:secret1', 'kube-system:secret3', 'a:b.c', `${'n'.repeat(63)}:s`, `ns:${'s'.repeat(253)}`),
  fc.oneof(
    fc.constantFrom('default', ':x', 'x:', 'Default:s', `${'n'.repeat(64)}:s`, `ns:${'s'.repeat(254)}`, 'ns:a..b', 'ns:a:b'),
    fc.string({ maxLength: 8 }),
  ),
);
const nameArb = weighted(
  fc.constantFrom('imagecache-sample', 'a', 'a.b', `${'a'.repeat(253)}`),
  fc.oneof(fc.constantFrom('A', '-a', 'a-', `${'a'.repeat(254)}`, 'a_b', ''), fc.string({ maxLength: 6 })),
);

const objectArb = fc.record(
  {
    apiVersion: fc.constantFrom('eci.alibabacloud.com/v1'),
    kind: fc.constantFrom('ImageCache'),
    metadata: fc.record({ name: nameArb }),
    spec: fc.record(
      {
        images: weighted(
          fc.oneof(fc.array(imageArb, { minLength: 1, maxLength: 3 }), fc.array(fc.constantFrom(...validImages), { minLength: 19, maxLength: 21 })),
          fc.constantFrom([], 'nginx', null),
        ),
        imagePullSecrets: fc.array(secretArb, { maxLength: 2 }),
        imageCacheSize: intAround(20, 32768),
        retentionDays: intAround(1, 65536),
        imageCachesize: fc.constant(25),
      },
      { requiredKeys: ['images'] },
    ),
  },
  { requiredKeys: ['apiVersion', 'kind', 'metadata', 'spec'] },
);

describe('zod validators and schema/imagecache.openapi.yaml agree', () => {
  it('gives the same verdict for objects around every boundary', () => {
    fc.assert(
      fc.property(objectArb, (value) => {
        // JSON cannot carry NaN or Infinity; both sides must reject them as they arrive from code.
        const zodOk = validateImageCache(value).success;
        const ajvOk = ajvValidate(value) as boolean;
        expect({ zodOk, value }).toEqual({ zodOk: ajvOk, value });
      }),
      { numRuns: 3000, seed: 20261127 },
    );
  });

  it('agrees on each hand-picked image reference', () => {
    for (const image of [...validImages, ...invalidImages, ...longNames]) {
      const value = { apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCache', metadata: { name: 'x' }, spec: { images: [image] } };
      expect({ image, ok: validateImageCache(value).success }).toEqual({ image, ok: ajvValidate(value) });
    }
  });
});

describe('the generated values', () => {
  it('exercise both verdicts often', () => {
    const sample = fc.sample(objectArb, { numRuns: 2000, seed: 7 });
    const valid = sample.filter((v) => validateImageCache(v).success).length;
    // A generator that only ever produced invalid objects would make the agreement test vacuous.
    expect(valid).toBeGreaterThan(100);
    expect(sample.length - valid).toBeGreaterThan(100);
  });
});
