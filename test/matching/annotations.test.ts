import { describe, expect, it } from 'vitest';
import { ANNOTATIONS, POD_CACHE_ANNOTATION_NAMES, readPodCacheAnnotations } from '../../src/matching/index.js';

describe('ANNOTATIONS', () => {
  it('names the annotations of the spec table', () => {
    expect(ANNOTATIONS).toEqual({
      explicitId: 'k8s.aliyun.com/eci-imc-id',
      legacyExplicitId: 'k8s.aliyun.com/eci-image-snapshot-id',
      autoMatch: 'k8s.aliyun.com/eci-auto-imc',
      legacyAutoMatch: 'k8s.aliyun.com/eci-image-cache',
      perfectMatch: 'k8s.aliyun.com/imc-perfect-match',
      matchCountRequest: 'k8s.aliyun.com/imc-match-count-request',
    });
    expect([...POD_CACHE_ANNOTATION_NAMES].sort()).toEqual(Object.values(ANNOTATIONS).sort());
  });
});

describe('readPodCacheAnnotations', () => {
  it.each([
    ['1', true],
    ['t', true],
    ['T', true],
    ['TRUE', true],
    ['true', true],
    ['True', true],
    ['0', false],
    ['f', false],
    ['F', false],
    ['FALSE', false],
    ['false', false],
    ['False', false],
  ] as const)('reads %s as %s, like strconv.ParseBool', (value, enabled) => {
    expect(readPodCacheAnnotations({ [ANNOTATIONS.autoMatch]: value }).autoMatch?.enabled).toBe(enabled);
  });

  it.each(['yes', 'on', ' true', 'tRUE', ''])('reports %j as malformed and ignores it', (value) => {
    const read = readPodCacheAnnotations({ [ANNOTATIONS.autoMatch]: value });
    expect(read.autoMatch).toBeUndefined();
    expect(read.problems).toEqual([{ annotation: ANNOTATIONS.autoMatch, value, expected: 'a boolean ("true" or "false")' }]);
  });

  it.each([
    ['3', 3, 0],
    ['0', 0, 0],
    ['007', 7, 0],
    ['-1', undefined, 1],
    ['1.5', undefined, 1],
    ['', undefined, 1],
    ['9999999999', undefined, 1],
  ] as const)('reads match count %j as %s', (value, count, problems) => {
    const read = readPodCacheAnnotations({ [ANNOTATIONS.matchCountRequest]: value });
    expect(read.matchCountRequest).toBe(count);
    expect(read.problems).toHaveLength(problems);
  });

  it('takes the current explicit id before the legacy one, and an empty one as absent', () => {
    expect(readPodCacheAnnotations({ [ANNOTATIONS.explicitId]: 'imc-new', [ANNOTATIONS.legacyExplicitId]: 'imc-old' }).explicit).toEqual({
      id: 'imc-new',
      annotation: ANNOTATIONS.explicitId,
    });
    expect(readPodCacheAnnotations({ [ANNOTATIONS.explicitId]: '', [ANNOTATIONS.legacyExplicitId]: 'imc-old' }).explicit?.id).toBe('imc-old');
    expect(readPodCacheAnnotations({ [ANNOTATIONS.explicitId]: '' }).explicit).toBeUndefined();
  });

  it('tolerates missing, null and non-string annotations', () => {
    expect(readPodCacheAnnotations(undefined).explicit).toBeUndefined();
    expect(readPodCacheAnnotations(null).autoMatch).toBeUndefined();
    expect(readPodCacheAnnotations({ [ANNOTATIONS.autoMatch]: 1 } as never).autoMatch).toBeUndefined();
  });

  it('does not read inherited properties as annotations', () => {
    const inherited = Object.create({ [ANNOTATIONS.autoMatch]: 'true' }) as Record<string, string>;
    expect(readPodCacheAnnotations(inherited).autoMatch).toBeUndefined();
  });
});
