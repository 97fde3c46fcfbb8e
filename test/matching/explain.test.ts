// The explanation, line by line, for every outcome: it is what a failing test or a log shows, so
// each fact in it (mode and why, images, requirement, outcome, ties, each candidate and why it
// lost, the count of those cut) is pinned here.
import { describe, expect, it } from 'vitest';
import { selectImageCache, type ImageCacheMatchOptions } from '../../src/matching/index.js';
import type { ImageCache } from '../../src/types/index.js';
import { A, NOW, cache, deployment, pod } from './helpers.js';

const at = { now: NOW };
const lines = (target: object, caches: readonly ImageCache[], options: ImageCacheMatchOptions = {}) =>
  selectImageCache(target, caches, { ...at, ...options }).explanation.split('\n');
const AUTO = 'Pod test-pod: auto mode, because k8s.aliyun.com/eci-auto-imc: "true"';
const NGINX = 'docker.io/library/nginx:1.7.9';
const REDIS = 'docker.io/library/redis:7';
const NO_MATCH =
  "  outcome no-match: no cache qualifies; ECI pulls the pod's images and, where automatic image cache creation is on, may create a cache from them for next time";

describe('the explanation of an auto-matched pod', () => {
  it('shows sizes, what is pulled normally, and each candidate with its reason', () => {
    const caches = [
      cache('big', ['nginx:1.7.9']),
      cache('small', ['busybox:1.36']),
      cache('none', ['alpine:3']),
      cache('gone', ['nginx:1.7.9'], { status: { phase: 'Failed' } }),
    ];
    const imageSizes = { 'nginx:1.7.9': 50, 'busybox:1.36': 5, 'redis:7': 1 };
    expect(lines(pod({ [A.auto]: 'true' }, ['nginx:1.7.9', 'busybox:1.36', 'redis:7']), caches, { imageSizes })).toEqual([
      AUTO,
      `  pod images (3): ${NGINX}, docker.io/library/busybox:1.36, ${REDIS}`,
      "  a candidate must hold at least 1 of the pod's 3 image(s)",
      `  outcome selected: selected big (imc-big): holds 1 of the pod's 3 image(s); pulled normally: docker.io/library/busybox:1.36, ${REDIS}`,
      '  candidates (4): 1 selected, 1 lost, 2 excluded',
      '  selected big (imc-big) 1/3 size 50',
      "  lost     small (imc-small) 1/3 size 5: the pod's images it holds total 5 in size; big's total 50 (larger wins)",
      '  excluded gone (imc-gone) 1/3: phase is Failed, not Ready',
      "  excluded none (imc-none) 0/3: holds none of the pod's images",
    ]);
  });

  it('says nothing is pulled normally when the cache holds every image', () => {
    expect(lines(pod({ [A.auto]: 'true' }, ['nginx:1.7.9']), [cache('web', ['nginx:1.7.9'])])).toEqual([
      AUTO,
      `  pod images (1): ${NGINX}`,
      "  a candidate must hold at least 1 of the pod's 1 image(s)",
      "  outcome selected: selected web (imc-web): holds 1 of the pod's 1 image(s)",
      '  candidates (1): 1 selected, 0 lost, 0 excluded',
      '  selected web (imc-web) 1/1',
    ]);
  });

  it('names every id tied with the guess', () => {
    const caches = ['a', 'b', 'c'].map((name) => cache(name, ['nginx:1.7.9']));
    const tieLine = (name: string) =>
      `  lost     ${name} (imc-${name}) 1/1: ties with a on every rule, and a comes first by name; ECI documents no order for this tie and may pick this one`;
    expect(lines(pod({ [A.auto]: 'true' }, ['nginx:1.7.9']), caches)).toEqual([
      AUTO,
      `  pod images (1): ${NGINX}`,
      "  a candidate must hold at least 1 of the pod's 1 image(s)",
      "  outcome selected: selected a (imc-a) (a guess: ECI may pick imc-b, imc-c instead): holds 1 of the pod's 1 image(s)",
      '  ambiguous: imc-b, imc-c tie with imc-a on match degree; pass imageSizes to settle it (or name the cache with k8s.aliyun.com/eci-imc-id)',
      '  candidates (3): 1 selected, 2 lost, 0 excluded',
      '  selected a (imc-a) 1/1',
      tieLine('b'),
      tieLine('c'),
    ]);
  });

  it('lists invalid images and the perfect-match requirement when nothing qualifies', () => {
    const target = deployment({ [A.auto]: 'true', [A.perfect]: 'true', [A.count]: '2' }, ['nginx:1.7.9', 'Bad:Image', 'redis:7']);
    expect(lines(target, [cache('half', ['nginx:1.7.9'])])).toEqual([
      'Deployment nginx-deployment: auto mode, because k8s.aliyun.com/eci-auto-imc: "true"',
      `  pod images (2): ${NGINX}, ${REDIS}`,
      '  invalid image "Bad:Image" at spec.template.spec.containers[1]: invalid reference format: repository name (library/Bad) must be lowercase',
      '  a candidate must hold every one of the pod\'s 2 image(s) (k8s.aliyun.com/imc-perfect-match: "true", which wins over k8s.aliyun.com/imc-match-count-request)',
      NO_MATCH,
      '  candidates (1): 0 selected, 0 lost, 1 excluded',
      "  excluded half (imc-half) 1/2: holds 1 of the pod's 2 images; imc-perfect-match asks for all",
    ]);
  });

  it('states a match-count requirement', () => {
    expect(lines(pod({ [A.auto]: 'true', [A.count]: '2' }, ['nginx:1.7.9', 'redis:7']), [cache('half', ['nginx:1.7.9'])])).toEqual([
      AUTO,
      `  pod images (2): ${NGINX}, ${REDIS}`,
      '  a candidate must hold at least 2 of the pod\'s 2 image(s) (k8s.aliyun.com/imc-match-count-request: "2")',
      NO_MATCH,
      '  candidates (1): 0 selected, 0 lost, 1 excluded',
      "  excluded half (imc-half) 1/2: holds 1 of the pod's images; imc-match-count-request asks for 2",
    ]);
  });

  it.each([
    [{ [A.perfect]: 'true' }, 'every one of the pod\'s 2 image(s) (k8s.aliyun.com/imc-perfect-match: "true")'],
    [{ [A.count]: '1' }, "at least 1 of the pod's 2 image(s)"],
    [{ [A.count]: '0' }, "at least 1 of the pod's 2 image(s)"],
  ])('states the requirement of %o', (annotations, requirement) => {
    const text = lines(pod({ [A.auto]: 'true', ...annotations }, ['nginx:1.7.9', 'redis:7']), [cache('web', ['nginx:1.7.9', 'redis:7'])]);
    expect(text[2]).toBe(`  a candidate must hold ${requirement}`);
  });

  it('labels a cache without a name or an id, and a target without a kind or a name', () => {
    const bare = { metadata: { annotations: { [A.auto]: 'true' } }, spec: { containers: [{ image: 'nginx:1.7.9' }] } };
    const unnamed = { ...cache('x', ['nginx:1.7.9']), metadata: {} } as ImageCache;
    expect(lines(bare, [unnamed, cache('noid', ['nginx:1.7.9'], { status: { imageCacheId: '' } })])).toEqual([
      'PodTemplateSpec: auto mode, because k8s.aliyun.com/eci-auto-imc: "true"',
      `  pod images (1): ${NGINX}`,
      "  a candidate must hold at least 1 of the pod's 1 image(s)",
      "  outcome selected: selected (unnamed) (imc-x): holds 1 of the pod's 1 image(s)",
      '  candidates (2): 1 selected, 0 lost, 1 excluded',
      '  selected (unnamed) (imc-x) 1/1',
      '  excluded noid (no id) 1/1: is Ready but has no status.imageCacheId',
    ]);
  });

  it('lists twelve candidates and counts the rest by reason', () => {
    const caches = [
      cache('win', ['nginx:1.7.9', 'redis:7']),
      cache('lose', ['nginx:1.7.9']),
      ...Array.from({ length: 12 }, (_, i) => cache(`c${String(i).padStart(2, '0')}`, [`img${i}:1`])),
      cache('x-building', ['alpine:3'], { status: { phase: 'Creating' } }),
      cache('x-old', ['alpine:3'], { status: { expireDateTime: '2024-01-01T00:00:00Z' } }),
    ];
    const text = lines(pod({ [A.auto]: 'true' }, ['nginx:1.7.9', 'redis:7']), caches);
    expect(text.slice(0, 7)).toEqual([
      AUTO,
      `  pod images (2): ${NGINX}, ${REDIS}`,
      "  a candidate must hold at least 1 of the pod's 2 image(s)",
      "  outcome selected: selected win (imc-win): holds 2 of the pod's 2 image(s)",
      '  candidates (16): 1 selected, 1 lost, 14 excluded',
      '  selected win (imc-win) 2/2',
      "  lost     lose (imc-lose) 1/2: holds 1 of the pod's images; win holds 2",
    ]);
    expect(text.slice(7, 17)).toEqual(Array.from({ length: 10 }, (_, i) => `  excluded c0${i} (imc-c0${i}) 0/2: holds none of the pod's images`));
    expect(text.slice(17)).toEqual(['  ... and 4 more (2 no-images-matched, 1 not-ready, 1 expired); see .candidates']);
  });
});

describe('the explanation of an explicit id', () => {
  it('for an id no listed cache carries', () => {
    expect(lines(pod({ [A.explicitId]: 'imc-nope' }, ['nginx:1.7.9']), [cache('web', ['nginx:1.7.9'])])).toEqual([
      'Pod test-pod: explicit mode, because k8s.aliyun.com/eci-imc-id: imc-nope',
      `  pod images (1): ${NGINX}`,
      "  outcome explicit-unknown: no ImageCache in the list has status.imageCacheId imc-nope; the cache may exist outside the cluster's ImageCache objects (created in the console, by the OpenAPI or automatically): ECI uses it if it is Ready there, and fails to create the pod if not",
    ]);
  });

  it('for a cache that is not Ready, overriding auto-match', () => {
    const target = pod({ [A.explicitId]: 'imc-web', [A.auto]: 'true' }, ['nginx:1.7.9']);
    expect(lines(target, [cache('web', ['nginx:1.7.9'], { status: { phase: 'Creating' } })])).toEqual([
      'Pod test-pod: explicit mode, because k8s.aliyun.com/eci-imc-id: imc-web; it wins over k8s.aliyun.com/eci-auto-imc: "true"',
      `  pod images (1): ${NGINX}`,
      '  outcome explicit-not-ready: web (imc-web) phase is Creating, not Ready: ECI would fail to create the pod',
      '  candidates (1): 0 selected, 0 lost, 1 excluded',
      '  excluded web (imc-web) 1/1: phase is Creating, not Ready',
    ]);
  });

  it('for an expired cache named by the legacy annotation', () => {
    const expired = cache('web', ['nginx:1.7.9'], { status: { expireDateTime: '2024-05-01T00:00:00Z' } });
    expect(lines(pod({ [A.legacyExplicitId]: 'imc-web' }, ['nginx:1.7.9']), [expired])).toEqual([
      'Pod test-pod: explicit mode, because k8s.aliyun.com/eci-image-snapshot-id: imc-web',
      `  pod images (1): ${NGINX}`,
      '  outcome explicit-expired: web (imc-web) expired at 2024-05-01T00:00:00Z (now is 2024-06-01T00:00:00.000Z): ECI would fail to create the pod',
      '  candidates (1): 0 selected, 0 lost, 1 excluded',
      '  excluded web (imc-web) 1/1: expired at 2024-05-01T00:00:00Z (now is 2024-06-01T00:00:00.000Z)',
    ]);
  });

  it('for a usable cache holding some of the images', () => {
    const target = pod({ [A.explicitId]: 'imc-web', [A.auto]: 'true' }, ['nginx:1.7.9', 'redis:7']);
    expect(lines(target, [cache('web', ['nginx:1.7.9'])])).toEqual([
      'Pod test-pod: explicit mode, because k8s.aliyun.com/eci-imc-id: imc-web; it wins over k8s.aliyun.com/eci-auto-imc: "true"',
      `  pod images (2): ${NGINX}, ${REDIS}`,
      `  outcome selected: selected web (imc-web): holds 1 of the pod's 2 image(s); pulled normally: ${REDIS}`,
      '  candidates (1): 1 selected, 0 lost, 0 excluded',
      '  selected web (imc-web) 1/2',
    ]);
  });
});

describe('the explanation when no cache applies', () => {
  const caches = [cache('web', ['nginx:1.7.9'])];

  it('auto-match turned off', () => {
    expect(lines(pod({ [A.auto]: 'false' }, ['nginx:1.7.9']), caches)).toEqual([
      'Pod test-pod: no image cache, because k8s.aliyun.com/eci-auto-imc: "false" turns auto-match off',
      `  pod images (1): ${NGINX}`,
      '  outcome disabled: auto-match is turned off; the pod pulls its images normally',
    ]);
  });

  it('no annotation on an old cluster, and no images', () => {
    expect(lines(pod({}, []), caches, { defaultAutoMatch: false })).toEqual([
      'Pod test-pod: no image cache, because no k8s.aliyun.com/eci-imc-id / k8s.aliyun.com/eci-image-snapshot-id and no k8s.aliyun.com/eci-auto-imc / k8s.aliyun.com/eci-image-cache on the pod template, and defaultAutoMatch: false (an old cluster where auto-match is off by default)',
      '  pod images (0): none',
      '  outcome not-requested: the pod asks for no image cache; it pulls its images normally',
    ]);
  });

  it('a DaemonSet', () => {
    const daemonSet = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: { template: { metadata: { annotations: { [A.auto]: 'true' } }, spec: { containers: [{ name: 'a', image: 'nginx:1.7.9' }] } } },
    };
    expect(lines(daemonSet, caches)).toEqual([
      "DaemonSet agent: no image cache, because ECI does not run DaemonSet pods (ECI limits page): they run on the cluster's other nodes, where no ImageCache applies",
      `  pod images (1): ${NGINX}`,
      '  outcome not-on-eci: ECI does not run DaemonSet pods, so no image cache applies',
    ]);
  });
});
