import { describe, expect, it } from 'vitest';
import {
  InvalidMatchOptionError,
  UnsupportedTargetError,
  isInvalidMatchOptionError,
  isUnsupportedTargetError,
  createImageCacheMatcher,
  selectImageCache,
  type ImageCacheMatchOptions,
  type ImageCacheSelection,
} from '../../src/matching/index.js';
import { A, DIGEST, NOW, OTHER_DIGEST, cache, deployment, pod } from './helpers.js';

const at = { now: NOW };

function summary(s: ImageCacheSelection) {
  return { mode: s.mode, outcome: s.outcome, willFail: s.willFail, imageCacheId: s.imageCacheId };
}

describe('mode: which annotation decides', () => {
  const caches = [cache('one', ['nginx:1.7.9']), cache('two', ['nginx:1.7.9'], { created: '2023-01-01T00:00:00Z' })];
  it.each([
    ['current explicit name', { [A.explicitId]: 'imc-two' }, {}, { mode: 'explicit', outcome: 'selected', willFail: false, imageCacheId: 'imc-two' }],
    [
      'legacy explicit name (the original document)',
      { [A.legacyExplicitId]: 'imc-two' },
      {},
      { mode: 'explicit', outcome: 'selected', willFail: false, imageCacheId: 'imc-two' },
    ],
    [
      'both explicit names disagree: the current name wins',
      { [A.explicitId]: 'imc-two', [A.legacyExplicitId]: 'imc-one' },
      {},
      { mode: 'explicit', outcome: 'selected', willFail: false, imageCacheId: 'imc-two' },
    ],
    [
      'empty current id falls back to the legacy one',
      { [A.explicitId]: '', [A.legacyExplicitId]: 'imc-two' },
      {},
      { mode: 'explicit', outcome: 'selected', willFail: false, imageCacheId: 'imc-two' },
    ],
    [
      'explicit wins over auto-match, even over a better auto candidate',
      { [A.explicitId]: 'imc-two', [A.auto]: 'true' },
      {},
      { mode: 'explicit', outcome: 'selected', willFail: false, imageCacheId: 'imc-two' },
    ],
    ['current auto name', { [A.auto]: 'true' }, {}, { mode: 'auto', outcome: 'selected', willFail: false, imageCacheId: 'imc-one' }],
    [
      'legacy auto name (the original document)',
      { [A.legacyAuto]: 'true' },
      {},
      { mode: 'auto', outcome: 'selected', willFail: false, imageCacheId: 'imc-one' },
    ],
    [
      'booleans read as Go strconv.ParseBool: "True"',
      { [A.auto]: 'True' },
      {},
      { mode: 'auto', outcome: 'selected', willFail: false, imageCacheId: 'imc-one' },
    ],
    [
      'booleans read as Go strconv.ParseBool: "1"',
      { [A.legacyAuto]: '1' },
      {},
      { mode: 'auto', outcome: 'selected', willFail: false, imageCacheId: 'imc-one' },
    ],
    ['no annotation: auto by default (eci-auto-imc defaults to true)', {}, {}, { mode: 'auto', outcome: 'selected', willFail: false, imageCacheId: 'imc-one' }],
    [
      'no annotation on an old cluster (defaultAutoMatch: false): nothing requested',
      {},
      { defaultAutoMatch: false },
      { mode: 'none', outcome: 'not-requested', willFail: false, imageCacheId: undefined },
    ],
    [
      'perfect match alone is in effect by default',
      { [A.perfect]: 'true' },
      {},
      { mode: 'auto', outcome: 'selected', willFail: false, imageCacheId: 'imc-one' },
    ],
    [
      '"false" turns auto off even when the cluster defaults to on',
      { [A.auto]: 'false' },
      { defaultAutoMatch: true },
      { mode: 'none', outcome: 'disabled', willFail: false, imageCacheId: undefined },
    ],
    [
      'legacy "false" turns auto off by default too',
      { [A.legacyAuto]: 'false' },
      {},
      { mode: 'none', outcome: 'disabled', willFail: false, imageCacheId: undefined },
    ],
    [
      'current "false" wins over legacy "true"',
      { [A.auto]: 'false', [A.legacyAuto]: 'true' },
      {},
      { mode: 'none', outcome: 'disabled', willFail: false, imageCacheId: undefined },
    ],
    [
      'malformed auto value counts as absent',
      { [A.auto]: 'yes' },
      { defaultAutoMatch: false },
      { mode: 'none', outcome: 'not-requested', willFail: false, imageCacheId: undefined },
    ],
    [
      'malformed auto value counts as absent: auto by default',
      { [A.auto]: 'yes' },
      {},
      { mode: 'auto', outcome: 'selected', willFail: false, imageCacheId: 'imc-one' },
    ],
    [
      'malformed current value falls back to the legacy one',
      { [A.auto]: 'yes', [A.legacyAuto]: 'true' },
      {},
      { mode: 'auto', outcome: 'selected', willFail: false, imageCacheId: 'imc-one' },
    ],
  ] as const)('%s', (_name, annotations, options, expected) => {
    expect(summary(selectImageCache(pod(annotations, ['nginx:1.7.9']), caches, { ...at, ...options }))).toEqual(expected);
  });

  it('ignores annotations on the Deployment itself (the original document: they must be on the pod template)', () => {
    const result = selectImageCache(deployment({}, ['nginx:1.7.9'], { [A.legacyAuto]: 'false' }), caches, at);
    expect(summary(result)).toEqual({ mode: 'auto', outcome: 'selected', willFail: false, imageCacheId: 'imc-one' });
    const old = selectImageCache(deployment({}, ['nginx:1.7.9'], { [A.legacyAuto]: 'true' }), caches, { ...at, defaultAutoMatch: false });
    expect(summary(old)).toEqual({ mode: 'none', outcome: 'not-requested', willFail: false, imageCacheId: undefined });
    expect(old.unmatchedImages).toEqual(['docker.io/library/nginx:1.7.9']);
  });
});

describe('explicit mode', () => {
  it.each([
    ['Creating', [cache('x', ['nginx:1.7.9'], { status: { phase: 'Creating', imageCacheId: 'imc-x' } })], 'explicit-not-ready'],
    ['Failed', [cache('x', ['nginx:1.7.9'], { status: { phase: 'Failed', imageCacheId: 'imc-x' } })], 'explicit-not-ready'],
    ['phase unknown to this SDK', [cache('x', ['nginx:1.7.9'], { status: { phase: 'Migrating', imageCacheId: 'imc-x' } })], 'explicit-not-ready'],
    ['expired', [cache('x', ['nginx:1.7.9'], { status: { expireDateTime: '2024-05-31T23:59:59Z' } })], 'explicit-expired'],
    ['expiring exactly now', [cache('x', ['nginx:1.7.9'], { status: { expireDateTime: NOW.toISOString() } })], 'explicit-expired'],
  ] as const)('a cache that is %s makes the pod fail', (_name, caches, outcome) => {
    const result = selectImageCache(pod({ [A.explicitId]: 'imc-x' }, ['nginx:1.7.9']), caches, at);
    expect(result).toMatchObject({ mode: 'explicit', outcome, willFail: true, cache: undefined, imageCacheId: undefined, requestedImageCacheId: 'imc-x' });
    expect(result.matchedImages).toEqual([]);
    expect(result.explanation).toContain('ECI would fail to create the pod');
    expect(result.explanation).toContain('imc-x');
  });

  it('an id no listed cache carries is unknown, not a failure: the cache may exist outside the ImageCache objects', () => {
    const others = [cache('y', ['nginx:1.7.9'])];
    for (const annotation of [A.explicitId, A.legacyExplicitId]) {
      const result = selectImageCache(pod({ [annotation]: 'imc-x' }, ['nginx:1.7.9']), others, at);
      expect(result).toMatchObject({
        mode: 'explicit',
        outcome: 'explicit-unknown',
        willFail: false,
        cache: undefined,
        imageCacheId: undefined,
        requestedImageCacheId: 'imc-x',
      });
      expect(result).toMatchObject({ ambiguous: false, alternatives: [] });
      expect(result.candidates).toEqual([]);
      expect(result.explanation).toContain("the cache may exist outside the cluster's ImageCache objects");
      expect(result.explanation).not.toContain('ECI would fail to create the pod');
      expect(createImageCacheMatcher(others, at).select(pod({ [annotation]: 'imc-x' }, ['nginx:1.7.9'])).outcome).toBe('explicit-unknown');
    }
  });

  it('selects the explicit cache even when it holds none of the pod images; they are pulled normally', () => {
    const x = cache('x', ['busybox:latest']);
    const result = selectImageCache(pod({ [A.explicitId]: 'imc-x' }, ['nginx:1.7.9']), [x, cache('better', ['nginx:1.7.9'])], at);
    expect(result).toMatchObject({
      outcome: 'selected',
      cache: x,
      imageCacheId: 'imc-x',
      matchedImages: [],
      unmatchedImages: ['docker.io/library/nginx:1.7.9'],
    });
    expect(result.candidates.map((c) => c.name)).toEqual(['x']);
  });

  it('prefers a usable cache when two carry the same id', () => {
    const broken = cache('a', ['nginx:1.7.9'], { status: { phase: 'Failed', imageCacheId: 'imc-dup' } });
    const good = cache('b', ['nginx:1.7.9'], { status: { imageCacheId: 'imc-dup' } });
    const result = selectImageCache(pod({ [A.explicitId]: 'imc-dup' }, ['nginx:1.7.9']), [broken, good], at);
    expect(result.cache).toBe(good);
    expect(result.candidates.map((c) => [c.name, c.status, c.reasonCode])).toEqual([
      ['b', 'selected', undefined],
      ['a', 'excluded', 'not-ready'],
    ]);
  });
});

describe('auto mode: who may be a candidate', () => {
  const auto = pod({ [A.auto]: 'true' }, ['nginx:1.7.9']);
  it.each([
    ['not Ready', { status: { phase: 'Creating' } }, 'not-ready', 'phase is Creating, not Ready'],
    ['without status', { status: null }, 'not-ready', 'has no status.phase'],
    ['Ready without an id', { status: { imageCacheId: '' } }, 'no-id', 'no status.imageCacheId'],
    ['expired', { status: { expireDateTime: '2020-01-01T00:00:00Z' } }, 'expired', 'expired at 2020-01-01T00:00:00Z'],
    ['with an unreadable expiry', { status: { expireDateTime: 'next week' } }, 'expired', 'not a time'],
  ] as const)('a cache %s is excluded', (_name, overrides, reasonCode, reason) => {
    const result = selectImageCache(auto, [cache('c', ['nginx:1.7.9'], overrides)], at);
    expect(result.outcome).toBe('no-match');
    expect(result.candidates).toHaveLength(1);
    expect(result.candidates[0]).toMatchObject({ status: 'excluded', reasonCode, matchCount: 1 });
    expect(result.candidates[0]?.reason).toContain(reason);
  });

  it('accepts a cache expiring after now', () => {
    const result = selectImageCache(auto, [cache('c', ['nginx:1.7.9'], { status: { expireDateTime: '2024-06-01T00:00:01Z' } })], at);
    expect(result.imageCacheId).toBe('imc-c');
  });

  it('reads now as a Date, epoch milliseconds or an RFC 3339 string', () => {
    const caches = [cache('c', ['nginx:1.7.9'], { status: { expireDateTime: '2024-06-01T00:00:00Z' } })];
    for (const now of [new Date('2024-05-31T23:00:00Z'), Date.parse('2024-05-31T23:00:00Z'), '2024-05-31T23:00:00Z']) {
      expect(selectImageCache(auto, caches, { now }).outcome).toBe('selected');
    }
    expect(selectImageCache(auto, caches, { now: '2024-06-01T01:00:00Z' }).outcome).toBe('no-match');
  });

  it('defaults now to the current time', () => {
    const caches = [
      cache('past', ['nginx:1.7.9'], { status: { expireDateTime: '2000-01-01T00:00:00Z' } }),
      cache('future', ['nginx:1.7.9'], { status: { expireDateTime: '2999-01-01T00:00:00Z' } }),
    ];
    expect(selectImageCache(auto, caches).imageCacheId).toBe('imc-future');
  });
});

describe('auto mode: which images match', () => {
  const select = (podImages: string[], cacheImages: string[], options: ImageCacheMatchOptions = {}, init: string[] = []) =>
    selectImageCache(pod({ [A.auto]: 'true' }, podImages, init), [cache('c', cacheImages)], { ...at, ...options });

  it.each([
    ['an untagged name is :latest', ['nginx'], ['docker.io/library/nginx:latest'], true],
    ['a one-part name is docker.io/library', ['docker.io/library/busybox:latest'], ['busybox:latest'], true],
    ['index.docker.io is docker.io', ['index.docker.io/library/nginx:1.7.9'], ['nginx:1.7.9'], true],
    ['tags must be equal (the original document caches nginx, i.e. :latest)', ['nginx:1.7.9'], ['nginx'], false],
    ['a digest matches the same digest', [`nginx@${DIGEST}`], [`docker.io/library/nginx@${DIGEST}`], true],
    ['a tag next to a digest is dropped', [`nginx:1.25@${DIGEST}`], [`nginx@${DIGEST}`], true],
    ['a digest does not match another digest', [`nginx@${DIGEST}`], [`nginx@${OTHER_DIGEST}`], false],
    ['a tag does not match a digest of the same repository', ['nginx:1.25'], [`nginx@${DIGEST}`], false],
    [
      'registry hosts differ unless aliased',
      ['registry-vpc.cn-beijing.aliyuncs.com/acs/pause-amd64:3.0'],
      ['registry.cn-beijing.aliyuncs.com/acs/pause-amd64:3.0'],
      false,
    ],
    ['namespaces matter', ['library/nginx:1.7.9'], ['foo/nginx:1.7.9'], false],
  ] as const)('%s', (_name, podImages, cacheImages, matches) => {
    expect(select([...podImages], [...cacheImages]).outcome).toBe(matches ? 'selected' : 'no-match');
  });

  it('treats aliased registry hosts as one, in either direction', () => {
    const aliases = { registryAliases: [['registry-vpc.cn-beijing.aliyuncs.com', 'registry.cn-beijing.aliyuncs.com']] };
    const vpc = 'registry-vpc.cn-beijing.aliyuncs.com/acs/pause-amd64:3.0';
    const pub = 'registry.cn-beijing.aliyuncs.com/acs/pause-amd64:3.0';
    expect(select([vpc], [pub], aliases).matchedImages).toEqual([vpc]);
    expect(select([pub], [vpc], aliases).matchedImages).toEqual([pub]);
    expect(select([pub], ['registry.cn-hangzhou.aliyuncs.com/acs/pause-amd64:3.0'], aliases).outcome).toBe('no-match');
  });

  it('makes aliasing transitive across groups that share a host', () => {
    const aliases = {
      registryAliases: [
        ['a.example.com', 'b.example.com'],
        ['c.example.com', 'b.example.com'],
      ],
    };
    expect(select(['a.example.com/x:1'], ['c.example.com/x:1'], aliases).outcome).toBe('selected');
  });

  it('counts init containers, and each distinct image once', () => {
    const result = select(['nginx:1.7.9', 'docker.io/library/nginx:1.7.9'], ['busybox:1.36', 'nginx:1.7.9'], {}, ['busybox:1.36']);
    expect(result.images).toEqual(['docker.io/library/nginx:1.7.9', 'docker.io/library/busybox:1.36']);
    expect(result.matchedImages).toEqual(result.images);
    expect(result.candidates[0]?.matchCount).toBe(2);
  });

  it('reports invalid pod images and does not count them', () => {
    const result = select(['Nginx:1.7.9', 'nginx:1.7.9'], ['nginx:1.7.9']);
    expect(result.invalidImages).toEqual([
      { image: 'Nginx:1.7.9', reason: 'invalid reference format: repository name (library/Nginx) must be lowercase', path: 'spec.containers[0]' },
    ]);
    expect(result.images).toEqual(['docker.io/library/nginx:1.7.9']);
    expect(result.explanation).toContain('invalid image "Nginx:1.7.9"');
  });

  it('skips invalid cache images without failing', () => {
    expect(select(['nginx:1.7.9'], ['not a reference', 'nginx:1.7.9']).outcome).toBe('selected');
  });
});

describe('auto mode: ranking', () => {
  const podOf = (images: string[], annotations: Record<string, string> = {}) => pod({ [A.auto]: 'true', ...annotations }, images);

  it('ranks by match degree first', () => {
    const result = selectImageCache(
      podOf(['nginx:1.7.9', 'busybox:1.36', 'redis:7']),
      [cache('one', ['nginx:1.7.9'], { created: '2024-05-01T00:00:00Z' }), cache('two', ['nginx:1.7.9', 'busybox:1.36'])],
      at,
    );
    expect(result.imageCacheId).toBe('imc-two');
    expect(result.candidates[1]).toMatchObject({ name: 'one', status: 'lost', reasonCode: 'lower-match', rank: 2 });
    expect(result.candidates[1]?.reason).toBe("holds 1 of the pod's images; two holds 2");
  });

  it('ranks by creation time (newest first) when no sizes are given, whatever the sizes', () => {
    const caches = [
      cache('old', ['nginx:1.7.9', 'huge:1'], { created: '2023-01-01T00:00:00Z' }),
      cache('new', ['nginx:1.7.9'], { created: '2024-02-01T00:00:00Z' }),
    ];
    const result = selectImageCache(podOf(['nginx:1.7.9']), caches, at);
    expect(result.imageCacheId).toBe('imc-new');
    expect(result.candidates[1]).toMatchObject({ name: 'old', reasonCode: 'older', size: undefined });
  });

  it('ranks a cache without creationTimestamp as the oldest', () => {
    const noTime = cache('a-no-time', ['nginx:1.7.9']);
    delete (noTime.metadata as { creationTimestamp?: string }).creationTimestamp;
    const result = selectImageCache(podOf(['nginx:1.7.9']), [noTime, cache('b', ['nginx:1.7.9'], { created: '2000-01-01T00:00:00Z' })], at);
    expect(result.imageCacheId).toBe('imc-b');
  });

  it('breaks full ties by name', () => {
    const result = selectImageCache(podOf(['nginx:1.7.9']), [cache('b', ['nginx:1.7.9']), cache('a', ['nginx:1.7.9'])], at);
    expect(result.imageCacheId).toBe('imc-a');
    expect(result.candidates[1]).toMatchObject({ name: 'b', reasonCode: 'name' });
  });

  const sizes = { 'nginx:1.7.9': 100, 'busybox:1.36': 5, 'redis:7': 50, 'extra:1': 400 };
  const sized = [
    cache('nginx-extra', ['nginx:1.7.9', 'extra:1'], { created: '2024-01-01T00:00:00Z' }),
    cache('nginx-only', ['nginx:1.7.9'], { created: '2024-01-02T00:00:00Z' }),
    cache('busybox', ['busybox:1.36'], { created: '2024-01-03T00:00:00Z' }),
  ];

  it("largest-matched (the original document): the larger total of the pod's matched images wins", () => {
    const result = selectImageCache(podOf(['nginx:1.7.9', 'busybox:1.36']), sized, { ...at, imageSizes: sizes });
    // nginx-extra and nginx-only both match 100; busybox matches 5; the newer of the two 100s wins.
    expect(result.candidates.map((c) => [c.name, c.size, c.reasonCode])).toEqual([
      ['nginx-only', 100, undefined],
      ['nginx-extra', 100, 'older'],
      ['busybox', 5, 'size'],
    ]);
  });

  it("closest-total (newer documents): the cache whose images' total is closest to the pod's wins", () => {
    const result = selectImageCache(podOf(['nginx:1.7.9', 'extra:1']), [...sized, cache('nginx-redis', ['nginx:1.7.9', 'redis:7'])], {
      ...at,
      imageSizes: new Map(Object.entries(sizes)),
      sizeRank: 'closest-total',
    });
    expect(result.imageCacheId).toBe('imc-nginx-extra');
    const byName = Object.fromEntries(result.candidates.map((c) => [c.name, c]));
    expect(byName['nginx-redis']).toMatchObject({ status: 'lost', reasonCode: 'lower-match' });
    const sameDegree = selectImageCache(podOf(['nginx:1.7.9']), sized, { ...at, imageSizes: sizes, sizeRank: 'closest-total' });
    expect(sameDegree.imageCacheId).toBe('imc-nginx-only');
    expect(sameDegree.candidates[1]).toMatchObject({ name: 'nginx-extra', reasonCode: 'size', size: 500 });
    expect(sameDegree.candidates[1]?.reason).toContain('400 away');
  });

  it('takes sizes from a function called with normalized references, unknown ones as 0', () => {
    const asked: string[] = [];
    const result = selectImageCache(podOf(['nginx:1.7.9']), sized, {
      ...at,
      imageSizes: (image) => {
        asked.push(image);
        return image === 'docker.io/library/nginx:1.7.9' ? 10 : undefined;
      },
    });
    expect(asked).toContain('docker.io/library/nginx:1.7.9');
    expect(result.candidates[0]?.size).toBe(10);
  });

  it.each([
    ['a now that is not a time', { now: 'soon' }, 'now'],
    ['a negative size', { imageSizes: { nginx: -1 } }, 'imageSizes'],
    ['a size key that is not a reference', { imageSizes: { 'Not Valid': 1 } }, 'imageSizes'],
    ['an unknown size rank', { imageSizes: {}, sizeRank: 'biggest' as never }, 'sizeRank'],
  ] as const)('rejects %s', (_name, options, option) => {
    let thrown: unknown;
    try {
      selectImageCache(podOf(['nginx:1.7.9']), sized, options as ImageCacheMatchOptions);
    } catch (err) {
      thrown = err;
    }
    expect(isInvalidMatchOptionError(thrown)).toBe(true);
    expect((thrown as InvalidMatchOptionError).option).toBe(option);
  });
});

describe('auto mode: requirements', () => {
  const images = ['nginx:1.7.9', 'busybox:1.36', 'redis:7'];
  const caches = [cache('one', ['nginx:1.7.9']), cache('two', ['nginx:1.7.9', 'busybox:1.36']), cache('all', images, { created: '2020-01-01T00:00:00Z' })];
  it.each([
    ['no requirement: the most images wins', {}, 'imc-all', 1],
    ['match count 2', { [A.count]: '2' }, 'imc-all', 2],
    ['match count 0 still needs one image', { [A.count]: '0' }, 'imc-all', 1],
    ['malformed match count is ignored', { [A.count]: 'two' }, 'imc-all', 1],
    ['perfect match', { [A.perfect]: 'true' }, 'imc-all', 3],
    ['perfect match wins over match count', { [A.perfect]: 'true', [A.count]: '1' }, 'imc-all', 3],
  ] as const)('%s', (_name, annotations, id, minMatchCount) => {
    const result = selectImageCache(pod({ [A.auto]: 'true', ...annotations }, images), caches, at);
    expect(result.imageCacheId).toBe(id);
    expect(result.requirement?.minMatchCount).toBe(minMatchCount);
  });

  it.each([
    ['perfect match', { [A.perfect]: 'true' }, 'not-perfect-match'],
    ['match count', { [A.count]: '3' }, 'below-match-count'],
  ] as const)('excludes partial caches under %s, and explains it', (_name, annotations, reasonCode) => {
    const result = selectImageCache(pod({ [A.auto]: 'true', ...annotations }, images), caches.slice(0, 2), at);
    expect(result.outcome).toBe('no-match');
    expect(result.unmatchedImages).toHaveLength(3);
    expect(result.candidates.map((c) => c.reasonCode)).toEqual([reasonCode, reasonCode]);
    expect(result.explanation).toContain(reasonCode === 'not-perfect-match' ? 'imc-perfect-match asks for all' : 'asks for 3');
  });

  it('never selects a cache that holds none of the pod images', () => {
    const result = selectImageCache(pod({ [A.auto]: 'true' }, ['redis:7']), [cache('other', ['nginx'])], at);
    expect(result.outcome).toBe('no-match');
    expect(result.candidates[0]).toMatchObject({ status: 'excluded', reasonCode: 'no-images-matched' });
  });

  it('selects nothing for a pod with no images', () => {
    expect(selectImageCache({ kind: 'Pod', metadata: { annotations: { [A.auto]: 'true' } }, spec: {} }, caches, at).outcome).toBe('no-match');
  });
});

describe('targets', () => {
  const annotations = { [A.auto]: 'true' };
  const template = { metadata: { annotations }, spec: { containers: [{ name: 'n', image: 'nginx:1.7.9' }] } };
  const caches = [cache('c', ['nginx:1.7.9'])];
  it.each([
    ['Pod', { kind: 'Pod', metadata: { name: 'p', annotations }, spec: template.spec }],
    ['bare pod template', template],
    ['PodTemplate', { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 't' }, template }],
    ...['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'Job'].map(
      (kind) => [kind, { kind, metadata: { name: 'w' }, spec: { template } }] as const,
    ),
    ['CronJob', { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cj' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template } } } }],
    ['an unknown kind with spec.template (e.g. an OpenKruise CloneSet)', { kind: 'CloneSet', spec: { template } }],
  ] as const)('reads the pod template of a %s', (_name, target) => {
    expect(selectImageCache(target, caches, at).imageCacheId).toBe('imc-c');
  });

  it('ignores annotations on a CronJob and on its job template', () => {
    const cronJob = (value: string) => ({
      kind: 'CronJob',
      metadata: { annotations: { [A.auto]: value } },
      spec: { jobTemplate: { metadata: { annotations: { [A.auto]: value } }, spec: { template: { spec: template.spec } } } },
    });
    expect(selectImageCache(cronJob('false'), caches, at).outcome).toBe('selected');
    expect(selectImageCache(cronJob('true'), caches, { ...at, defaultAutoMatch: false }).outcome).toBe('not-requested');
  });

  it('gives a DaemonSet not-on-eci whatever its annotations: ECI does not run DaemonSet pods', () => {
    for (const annotations of [{}, { [A.auto]: 'true' }, { [A.explicitId]: 'imc-c' }]) {
      const daemonSet = {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'agent' },
        spec: { template: { ...template, metadata: { annotations } } },
      };
      const result = selectImageCache(daemonSet, caches, at);
      expect(result).toMatchObject({ mode: 'none', outcome: 'not-on-eci', willFail: false, imageCacheId: undefined, ambiguous: false, alternatives: [] });
      expect(result.unmatchedImages).toEqual(['docker.io/library/nginx:1.7.9']);
      expect(result.explanation).toContain('ECI does not run DaemonSet pods');
      expect(createImageCacheMatcher(caches, at).select(daemonSet).outcome).toBe('not-on-eci');
    }
  });

  it('rejects objects that hold no pod template', () => {
    let thrown: unknown;
    try {
      selectImageCache({ kind: 'Service', spec: {} } as never, caches, at);
    } catch (err) {
      thrown = err;
    }
    expect(isUnsupportedTargetError(thrown)).toBe(true);
    expect((thrown as UnsupportedTargetError).kind).toBe('Service');
    expect(() => selectImageCache(null as never, caches, at)).toThrow(UnsupportedTargetError);
  });
});

describe('the explanation', () => {
  it('names the mode, the requirement, the outcome and every candidate with its reason', () => {
    const caches = [
      cache('winner', ['nginx:1.7.9', 'busybox:1.36']),
      cache('runner-up', ['nginx:1.7.9']),
      cache('building', ['nginx:1.7.9', 'busybox:1.36'], { status: { phase: 'Creating' } }),
    ];
    const result = selectImageCache(deployment({ [A.legacyAuto]: 'true', [A.count]: '1' }, ['nginx:1.7.9', 'busybox:1.36', 'redis:7']), caches, at);
    const text = result.explanation;
    expect(text.split('\n')[0]).toBe('Deployment nginx-deployment: auto mode, because k8s.aliyun.com/eci-image-cache: "true"');
    expect(text).toContain('pod images (3): docker.io/library/nginx:1.7.9, docker.io/library/busybox:1.36, docker.io/library/redis:7');
    expect(text).toContain("outcome selected: selected winner (imc-winner): holds 2 of the pod's 3 image(s); pulled normally: docker.io/library/redis:7");
    expect(text).toContain("lost     runner-up (imc-runner-up) 1/3: holds 1 of the pod's images; winner holds 2");
    expect(text).toContain('excluded building (imc-building) 2/3: phase is Creating, not Ready');
  });

  it('summarizes long candidate lists by reason instead of listing them all', () => {
    const many = Array.from({ length: 40 }, (_, i) => cache(`c${String(i).padStart(2, '0')}`, [`img${i}:1`]));
    const result = selectImageCache(pod({ [A.auto]: 'true' }, ['nginx:1.7.9']), many, at);
    expect(result.candidates).toHaveLength(40);
    expect(result.explanation.split('\n').length).toBeLessThan(20);
    expect(result.explanation).toContain('... and 28 more (28 no-images-matched); see .candidates');
  });

  it('says why nothing was asked for', () => {
    expect(selectImageCache(pod({}, ['nginx']), [], at).explanation).toContain('defaultAutoMatch: true');
    expect(selectImageCache(pod({ [A.auto]: 'false' }, ['nginx']), [], at).explanation).toContain('"false" turns auto-match off');
  });
});
