// Lint findings that depend on combinations: annotations that agree are no conflict, options
// that only matter in auto mode, pull policies, and the no-cache finding that only adds news
// when some image is covered. Messages are checked whole where they name what to change.
import { describe, expect, it } from 'vitest';
import { lintWorkload, type LintFinding } from '../../src/matching/index.js';
import { A, NOW, cache, pod } from './helpers.js';

const at = { now: NOW };
const codes = (findings: LintFinding[]) => findings.map((f) => f.code).sort();
const lint = (annotations: Record<string, string>, images: Parameters<typeof pod>[1], caches = [cache('web', ['nginx:1.7.9', 'redis:7'])]) =>
  lintWorkload(pod(annotations, images), caches, at);

describe('annotation combinations', () => {
  it('the current and legacy names agreeing is no conflict', () => {
    expect(codes(lint({ [A.explicitId]: 'imc-web', [A.legacyExplicitId]: 'imc-web' }, ['nginx:1.7.9']))).toEqual([]);
    expect(codes(lint({ [A.auto]: 'true', [A.legacyAuto]: 'true' }, ['nginx:1.7.9']))).toEqual([]);
  });

  it('a malformed match count says what is expected', () => {
    expect(lint({ [A.auto]: 'true', [A.count]: 'two' }, ['nginx:1.7.9']).map((f) => [f.code, f.message])).toEqual([
      ['malformed-match-count', 'k8s.aliyun.com/imc-match-count-request: "two" is not a non-negative whole number such as "2"; it is ignored'],
    ]);
  });

  it('match options under an explicit id or with auto-match off say what overrides them, and nothing about the count', () => {
    const explicit = lint({ [A.explicitId]: 'imc-web', [A.perfect]: 'true', [A.count]: '5' }, ['nginx:1.7.9']);
    expect(explicit.map((f) => [f.code, f.message])).toEqual([
      [
        'match-options-without-auto',
        'k8s.aliyun.com/imc-perfect-match and k8s.aliyun.com/imc-match-count-request only steer auto-match, which the explicit id overrides for this pod',
      ],
    ]);
    const off = lint({ [A.auto]: 'false', [A.count]: '5' }, ['nginx:1.7.9']);
    expect(off.map((f) => [f.code, f.message])).toEqual([
      [
        'match-options-without-auto',
        'k8s.aliyun.com/imc-match-count-request only steer auto-match, which k8s.aliyun.com/eci-auto-imc: "false" turns off for this pod',
      ],
    ]);
  });

  it('a count above the pod’s images is reported only when perfect match does not override it', () => {
    expect(codes(lint({ [A.auto]: 'true', [A.perfect]: 'true', [A.count]: '5' }, ['nginx:1.7.9']))).toEqual(['match-count-ignored']);
    expect(codes(lint({ [A.auto]: 'true', [A.count]: '5' }, ['nginx:1.7.9']))).toEqual(['match-count-exceeds-images', 'no-cache-selected']);
    expect(codes(lint({ [A.auto]: 'true', [A.count]: '1' }, ['nginx:1.7.9']))).toEqual([]);
  });
});

describe('containers', () => {
  it('names a container by its name, or by its path when it has none', () => {
    const findings = lint({ [A.auto]: 'true' }, [
      { image: 'nginx:1.7.9', imagePullPolicy: 'Always', name: 'web' },
      { image: 'redis:7', imagePullPolicy: 'Always', name: undefined as never },
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'container web has imagePullPolicy: Always, so nginx:1.7.9 is pulled even when a cache holds it; use IfNotPresent',
      'container spec.containers[1] has imagePullPolicy: Always, so redis:7 is pulled even when a cache holds it; use IfNotPresent',
    ]);
  });

  it('warns of a default Always pull only for a :latest or untagged image with no policy', () => {
    expect(
      codes(
        lint({ [A.auto]: 'true' }, [{ image: 'nginx:1.7.9' }, { image: 'redis', imagePullPolicy: 'IfNotPresent' }], [cache('web', ['nginx:1.7.9', 'redis'])]),
      ),
    ).toEqual([]);
  });
});

describe('images no cache holds', () => {
  it('are each reported, and no-cache-selected is not when none is covered', () => {
    const findings = lint({ [A.auto]: 'true' }, ['busybox:1.36', 'alpine:3']);
    expect(findings.map((f) => [f.code, f.message, f.path])).toEqual([
      ['image-not-cached', 'no Ready, unexpired ImageCache with an id holds docker.io/library/busybox:1.36', 'spec.containers[0].image'],
      ['image-not-cached', 'no Ready, unexpired ImageCache with an id holds docker.io/library/alpine:3', 'spec.containers[1].image'],
    ]);
  });

  it('no-cache-selected says what no cache holds when some image is covered', () => {
    const findings = lint({ [A.auto]: 'true', [A.perfect]: 'true' }, ['nginx:1.7.9', 'busybox:1.36']);
    expect(findings.map((f) => [f.code, f.message])).toEqual([
      ['image-not-cached', 'no Ready, unexpired ImageCache with an id holds docker.io/library/busybox:1.36'],
      ['no-cache-selected', 'auto-match would choose no cache: none holds every one of the pod\'s 2 image(s) (k8s.aliyun.com/imc-perfect-match: "true")'],
    ]);
  });
});

describe('caches with many images', () => {
  it('are reported past the most ECI accepts, not at it', () => {
    const images = (n: number, tag: string) => ['nginx:1.7.9', ...Array.from({ length: n - 1 }, (_, i) => `img${i}:${tag}`)];
    const findings = lintWorkload(pod({ [A.auto]: 'true' }, ['nginx:1.7.9']), [cache('full', images(20, 'a')), cache('over', images(21, 'b'))], at);
    expect(findings.map((f) => [f.code, f.message])).toEqual([['cache-too-many-images', 'ImageCache over holds 21 images; ECI accepts at most 20 per cache']]);
  });
});
