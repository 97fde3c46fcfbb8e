// The errors the matching functions throw name the option or the target and the rule broken;
// sizes given as a function are asked once per image, and an image they do not know sizes 0.
import { describe, expect, it } from 'vitest';
import {
  InvalidMatchOptionError,
  UnsupportedTargetError,
  isInvalidMatchOptionError,
  isUnsupportedTargetError,
  selectImageCache,
  type ImageCacheMatchOptions,
} from '../../src/matching/index.js';
import { A, NOW, cache, pod } from './helpers.js';

const target = pod({ [A.auto]: 'true' }, ['nginx:1.7.9', 'redis:7']);
const caches = [cache('a', ['nginx:1.7.9'], { created: '2024-02-01T00:00:00Z' }), cache('b', ['redis:7'])];

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('InvalidMatchOptionError', () => {
  it.each([
    [{ now: 'soon' }, 'now', 'invalid matching option now: soon is not a time'],
    [{ now: Number.NaN }, 'now', 'invalid matching option now: NaN is not a time'],
    [{ imageSizes: { nginx: -1 } }, 'imageSizes', 'invalid matching option imageSizes: the size of nginx is -1, not a finite number >= 0'],
    [
      { imageSizes: { 'Not Valid': 1 } },
      'imageSizes',
      'invalid matching option imageSizes: "Not Valid" is not an image reference: invalid reference format: repository name (library/Not Valid) must be lowercase',
    ],
    [
      { imageSizes: {}, sizeRank: 'biggest' as never },
      'sizeRank',
      "invalid matching option sizeRank: biggest is neither 'largest-matched' nor 'closest-total'",
    ],
  ] as const)('%o: names %s and the rule', (options, option, message) => {
    const thrown = thrownBy(() => selectImageCache(target, caches, { now: NOW, ...(options as ImageCacheMatchOptions) }));
    expect(isInvalidMatchOptionError(thrown)).toBe(true);
    expect(thrown).toBeInstanceOf(InvalidMatchOptionError);
    expect(thrown).toMatchObject({ name: 'InvalidMatchOptionError', option, message });
  });

  it('names a bad size a sizes function gives, when it is asked for', () => {
    const thrown = thrownBy(() => selectImageCache(target, caches, { now: NOW, imageSizes: () => -5 }));
    expect(thrown).toMatchObject({
      name: 'InvalidMatchOptionError',
      option: 'imageSizes',
      message: expect.stringContaining('is -5, not a finite number >= 0'),
    });
  });
});

describe('UnsupportedTargetError', () => {
  it('names the kind, or says there is none', () => {
    const service = thrownBy(() => selectImageCache({ kind: 'Service', spec: {} } as never, caches, { now: NOW }));
    expect(isUnsupportedTargetError(service)).toBe(true);
    expect(service).toBeInstanceOf(UnsupportedTargetError);
    expect(service).toMatchObject({
      name: 'UnsupportedTargetError',
      kind: 'Service',
      message: 'cannot read a pod template from kind Service: it is not a Pod, a PodTemplate, nor has spec.template or spec.jobTemplate',
    });
    const nothing = thrownBy(() => selectImageCache(null as never, caches, { now: NOW }));
    expect(nothing).toMatchObject({
      name: 'UnsupportedTargetError',
      kind: undefined,
      message: 'cannot read a pod template from this object: expected an object',
    });
  });
});

describe('sizes given as a function', () => {
  it('asks once per image, and an image it does not know sizes 0', () => {
    const asked: string[] = [];
    const imageSizes = (image: string) => {
      asked.push(image);
      return image === 'docker.io/library/redis:7' ? 10 : undefined;
    };
    const result = selectImageCache(target, caches, { now: NOW, imageSizes });
    // b holds the larger image, so it beats the newer a.
    expect(result.imageCacheId).toBe('imc-b');
    expect(result.candidates.map((c) => [c.name, c.size])).toEqual([
      ['b', 10],
      ['a', 0],
    ]);
    expect(asked.sort()).toEqual(['docker.io/library/nginx:1.7.9', 'docker.io/library/redis:7']);
  });
});
