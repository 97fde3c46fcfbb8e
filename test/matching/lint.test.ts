import { describe, expect, it } from 'vitest';
import { lintWorkload, type LintCode, type LintFinding } from '../../src/matching/index.js';
import { A, DIGEST, NOW, cache, deployment, pod } from './helpers.js';

const at = { now: NOW };
const codes = (findings: LintFinding[]) => findings.map((f) => f.code);

describe('lint without caches', () => {
  it.each([
    [
      'annotation on the Deployment itself',
      deployment({}, ['nginx:1.7.9'], { [A.explicitId]: 'imc-1' }),
      'annotation-on-workload-metadata',
      'warning',
      'metadata.annotations["k8s.aliyun.com/eci-imc-id"]',
    ],
    [
      'imagePullPolicy Always',
      pod({}, [{ image: 'nginx:1.7.9', imagePullPolicy: 'Always' }]),
      'pull-policy-always',
      'warning',
      'spec.containers[0].imagePullPolicy',
    ],
    [':latest with no policy', pod({}, [{ image: 'nginx:latest' }]), 'implicit-pull-policy-always', 'warning', 'spec.containers[0].image'],
    ['untagged with no policy', pod({}, [{ image: 'nginx' }]), 'implicit-pull-policy-always', 'warning', 'spec.containers[0].image'],
    [
      ':latest plus a digest with no policy (Kubernetes still sees the latest tag)',
      pod({}, [{ image: `nginx:latest@${DIGEST}` }]),
      'implicit-pull-policy-always',
      'warning',
      'spec.containers[0].image',
    ],
    [
      'an untagged init container with no policy',
      pod({}, ['nginx:1.7.9'], [{ image: 'busybox' }]),
      'implicit-pull-policy-always',
      'warning',
      'spec.initContainers[0].image',
    ],
    ['an invalid image', pod({}, [{ image: 'Nginx', imagePullPolicy: 'IfNotPresent' }]), 'invalid-image', 'error', 'spec.containers[0].image'],
    [
      'explicit and auto together',
      pod({ [A.explicitId]: 'imc-1', [A.auto]: 'true' }, ['nginx:1.7.9']),
      'explicit-and-auto',
      'warning',
      'metadata.annotations["k8s.aliyun.com/eci-auto-imc"]',
    ],
    [
      'legacy and current explicit ids disagree',
      pod({ [A.explicitId]: 'imc-1', [A.legacyExplicitId]: 'imc-2' }, ['nginx:1.7.9']),
      'explicit-id-conflict',
      'error',
      'metadata.annotations["k8s.aliyun.com/eci-image-snapshot-id"]',
    ],
    ['an empty explicit id', pod({ [A.explicitId]: '' }, ['nginx:1.7.9']), 'empty-explicit-id', 'error', 'metadata.annotations["k8s.aliyun.com/eci-imc-id"]'],
    [
      'auto annotations that disagree',
      pod({ [A.auto]: 'true', [A.legacyAuto]: 'false' }, ['nginx:1.7.9']),
      'auto-match-conflict',
      'warning',
      'metadata.annotations["k8s.aliyun.com/eci-image-cache"]',
    ],
    [
      'a malformed boolean',
      pod({ [A.auto]: 'true', [A.perfect]: 'yes' }, ['nginx:1.7.9']),
      'malformed-boolean-annotation',
      'error',
      'metadata.annotations["k8s.aliyun.com/imc-perfect-match"]',
    ],
    [
      'a malformed match count',
      pod({ [A.auto]: 'true', [A.count]: '2.5' }, ['nginx:1.7.9']),
      'malformed-match-count',
      'error',
      'metadata.annotations["k8s.aliyun.com/imc-match-count-request"]',
    ],
    [
      'a negative match count',
      pod({ [A.auto]: 'true', [A.count]: '-1' }, ['nginx:1.7.9']),
      'malformed-match-count',
      'error',
      'metadata.annotations["k8s.aliyun.com/imc-match-count-request"]',
    ],
    [
      'a match count perfect match overrides',
      pod({ [A.auto]: 'true', [A.perfect]: 'true', [A.count]: '1' }, ['nginx:1.7.9']),
      'match-count-ignored',
      'info',
      'metadata.annotations["k8s.aliyun.com/imc-match-count-request"]',
    ],
    [
      'a match count above the image count',
      pod({ [A.auto]: 'true', [A.count]: '3' }, ['nginx:1.7.9', 'redis:7']),
      'match-count-exceeds-images',
      'warning',
      'metadata.annotations["k8s.aliyun.com/imc-match-count-request"]',
    ],
    [
      'match options with auto-match turned off',
      pod({ [A.auto]: 'false', [A.perfect]: 'true' }, ['nginx:1.7.9']),
      'match-options-without-auto',
      'warning',
      'metadata.annotations["k8s.aliyun.com/imc-perfect-match"]',
    ],
    [
      'match options under an explicit id',
      pod({ [A.explicitId]: 'imc-1', [A.count]: '1' }, ['nginx:1.7.9']),
      'match-options-without-auto',
      'warning',
      'metadata.annotations["k8s.aliyun.com/imc-match-count-request"]',
    ],
    [
      'a DaemonSet',
      {
        kind: 'DaemonSet',
        metadata: { name: 'agent' },
        spec: { template: { metadata: { annotations: { [A.auto]: 'true' } }, spec: { containers: [{ image: 'nginx', imagePullPolicy: 'Always' }] } } },
      },
      'daemonset-not-on-eci',
      'warning',
      'kind',
    ],
  ] as const)('flags %s', (_name, target, code, severity, path) => {
    const findings = lintWorkload(target);
    expect(codes(findings)).toEqual([code]);
    expect(findings[0]).toMatchObject({ severity, path });
    expect(findings[0]?.message.length).toBeGreaterThan(20);
  });

  it('points into the pod template of a Deployment and of a CronJob', () => {
    expect(lintWorkload(deployment({ [A.explicitId]: '' }, ['nginx:1.7.9']))[0]?.path).toBe('spec.template.metadata.annotations["k8s.aliyun.com/eci-imc-id"]');
    const cronJob = {
      kind: 'CronJob',
      spec: {
        jobTemplate: {
          metadata: { annotations: { [A.auto]: 'true' } },
          spec: { template: { spec: { containers: [{ image: 'nginx', imagePullPolicy: 'Always' }] } } },
        },
      },
    };
    expect(lintWorkload(cronJob).map((f) => [f.code, f.path])).toEqual([
      ['annotation-on-workload-metadata', 'spec.jobTemplate.metadata.annotations["k8s.aliyun.com/eci-auto-imc"]'],
      ['pull-policy-always', 'spec.jobTemplate.spec.template.spec.containers[0].imagePullPolicy'],
    ]);
  });

  it('accepts a tagged image with no policy, and a digest-only one (Kubernetes defaults both to IfNotPresent)', () => {
    expect(lintWorkload(pod({}, [{ image: 'nginx:1.7.9' }, { image: `nginx@${DIGEST}` }]))).toEqual([]);
  });

  it('takes match options without an auto-match annotation as in effect, unless defaultAutoMatch is false', () => {
    for (const annotations of [{ [A.count]: '1' }, { [A.perfect]: 'true' }] as Record<string, string>[]) {
      const target = pod(annotations, ['nginx:1.7.9']);
      expect(lintWorkload(target)).toEqual([]);
      expect(lintWorkload(target, undefined, { defaultAutoMatch: true })).toEqual([]);
      const [finding, ...rest] = lintWorkload(target, undefined, { defaultAutoMatch: false });
      expect(rest).toEqual([]);
      expect(finding).toMatchObject({ code: 'match-options-without-auto', severity: 'warning' });
      expect(finding?.message).toContain('off by default here (defaultAutoMatch: false)');
    }
    // Under the default they steer auto-match, so the rules about them apply.
    expect(codes(lintWorkload(pod({ [A.count]: '3' }, ['nginx:1.7.9'])))).toEqual(['match-count-exceeds-images']);
  });
});

describe('lint with caches', () => {
  const ready = cache('ready', ['nginx:1.7.9']);
  it.each([
    [
      'an image no usable cache holds',
      pod({ [A.auto]: 'true' }, ['nginx:1.7.9', 'redis:7']),
      [ready, cache('building', ['redis:7'], { status: { phase: 'Creating' } })],
      ['image-not-cached'],
      'spec.containers[1].image',
    ],
    [
      'an explicit cache not in the list (a warning: it may exist outside the cluster)',
      pod({ [A.explicitId]: 'imc-nope' }, ['nginx:1.7.9']),
      [ready],
      ['explicit-cache-unknown'],
      'metadata.annotations["k8s.aliyun.com/eci-imc-id"]',
    ],
    [
      'an expired explicit cache',
      pod({ [A.explicitId]: 'imc-old' }, ['nginx:1.7.9']),
      [ready, cache('old', ['nginx:1.7.9'], { status: { expireDateTime: '2024-01-01T00:00:00Z' } })],
      ['explicit-cache-unusable'],
      'metadata.annotations["k8s.aliyun.com/eci-imc-id"]',
    ],
    [
      'an explicit cache not Ready',
      pod({ [A.legacyExplicitId]: 'imc-b' }, ['nginx:1.7.9']),
      [ready, cache('b', ['nginx:1.7.9'], { status: { phase: 'Failed' } })],
      ['explicit-cache-unusable'],
      'metadata.annotations["k8s.aliyun.com/eci-image-snapshot-id"]',
    ],
    [
      'auto-match choosing nothing although caches hold images',
      pod({ [A.auto]: 'true', [A.perfect]: 'true' }, ['nginx:1.7.9', 'redis:7']),
      [ready, cache('redis', ['redis:7'])],
      ['no-cache-selected'],
      undefined,
    ],
  ] as const)('flags %s', (_name, target, caches, expected, path) => {
    const findings = lintWorkload(target, caches, at);
    expect(codes(findings)).toEqual(expected);
    expect(findings[0]?.path).toBe(path);
  });

  it('reports an unknown explicit id as a warning, and a listed unusable one as an error', () => {
    const [unknown] = lintWorkload(pod({ [A.explicitId]: 'imc-nope' }, ['nginx:1.7.9']), [ready], at);
    expect(unknown).toMatchObject({ code: 'explicit-cache-unknown', severity: 'warning' });
    expect(unknown?.message).toContain("may exist outside the cluster's ImageCache objects");
    const [unusable] = lintWorkload(pod({ [A.explicitId]: 'imc-b' }, ['nginx:1.7.9']), [cache('b', ['nginx:1.7.9'], { status: { phase: 'Failed' } })], at);
    expect(unusable).toMatchObject({ code: 'explicit-cache-unusable', severity: 'error' });
  });

  it('gives a DaemonSet only daemonset-not-on-eci, with caches or without', () => {
    const daemonSet = {
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: { template: { metadata: { annotations: { [A.explicitId]: 'imc-nope' } }, spec: { containers: [{ image: 'redis:7' }] } } },
    };
    for (const findings of [lintWorkload(daemonSet), lintWorkload(daemonSet, [ready], at)]) {
      expect(codes(findings)).toEqual(['daemonset-not-on-eci']);
      expect(findings[0]?.message).toContain('ECI does not run DaemonSet pods');
    }
  });

  it('says why the explicit cache is unusable', () => {
    const [finding] = lintWorkload(pod({ [A.explicitId]: 'imc-b' }, ['nginx:1.7.9']), [cache('b', ['nginx:1.7.9'], { status: { phase: 'Creating' } })], at);
    expect(finding?.message).toBe('b (imc-b) phase is Creating, not Ready: ECI would fail to create the pod');
  });

  it('flags a relevant cache with more than 20 images, and not an unrelated one', () => {
    const big = (name: string, first: string) => cache(name, [first, ...Array.from({ length: 20 }, (_, i) => `filler${i}:1`)]);
    const findings = lintWorkload(pod({ [A.auto]: 'true' }, ['nginx:1.7.9']), [big('big', 'nginx:1.7.9'), big('unrelated', 'redis:7')], at);
    expect(findings).toEqual([
      { code: 'cache-too-many-images', severity: 'warning', message: 'ImageCache big holds 21 images; ECI accepts at most 20 per cache' },
    ]);
  });

  it('finds nothing for a well-formed workload its caches serve', () => {
    expect(lintWorkload(deployment({ [A.auto]: 'true' }, ['nginx:1.7.9']), [ready], at)).toEqual([]);
  });

  it('gives the same findings whatever the order of the caches', () => {
    const target = pod({ [A.auto]: 'true' }, ['nginx:1.7.9', 'redis:7']);
    const big = (name: string) => cache(name, ['redis:7', ...Array.from({ length: 20 }, (_, i) => `f${i}:1`)], { status: { phase: 'Failed' } });
    const caches = [big('z'), ready, big('a'), big('m')];
    const expected = lintWorkload(target, caches, at);
    expect(expected.filter((f) => f.code === ('cache-too-many-images' as LintCode)).map((f) => f.message.split(' ')[1])).toEqual(['a', 'm', 'z']);
    expect(lintWorkload(target, [...caches].reverse(), at)).toEqual(expected);
  });
});
