// Every example of the original product document (shared/spec/imagecache-crd.zh.md), as YAML,
// through selection and lint.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { lintWorkload, selectImageCache } from '../../src/matching/index.js';
import type { ImageCache } from '../../src/types/index.js';

// "ImageCache全参数YAML文件": just created, no status yet.
const fullParameterCache = parse(`
apiVersion: eci.alibabacloud.com/v1
kind: ImageCache
metadata:
  name: imagecache-sample
  annotations:
    k8s.aliyun.com/auto-match-imagecache: "true"
spec:
  images:
  - centos:latest
  - busybox:latest
  imagePullSecrets:
  - default:secret1
  - default:secret2
  - kube-system:secret3
  imageCacheSize: 25
  retentionDays: 7
`) as ImageCache;

// "查询ImageCache": the detailed status, with its expiry.
const sampleLiu = parse(`
apiVersion: eci.alibabacloud.com/v1
kind: ImageCache
metadata:
  creationTimestamp: "2019-10-24T13:40:56Z"
  generation: 1
  name: imagecache-sample-liu
  resourceVersion: "212484735"
  selfLink: /apis/eci.alibabacloud.com/v1/imagecaches/imagecache-sample-liu
  uid: e83a1c53-f663-11e9-a0d4-fa13fc175b32
spec:
  imageCacheSize: 25
  images:
  - busybox:latest
  - nginx
status:
  imageCacheId: imc-2zeditzeoemfhqor4rf8
  expireDateTime: "2019-10-25T13:40:54Z"
  lastUpdatedTime: "2019-10-24T13:44:17Z"
  phase: Ready
  progress: 100%
  startTime: "2019-10-24T13:40:58Z"
`) as ImageCache;

// "ListImageCache": a private-registry cache that never expires.
const secretsTest = parse(`
apiVersion: eci.alibabacloud.com/v1
kind: ImageCache
metadata:
  creationTimestamp: "2019-10-10T01:43:48Z"
  name: imagecache-secrets-test
spec:
  imagePullSecrets:
  - default:acr-test
  images:
  - registry.cn-shanghai.aliyuncs.com/baz/nginx:1.0
status:
  imageCacheId: imc-2ze5xnx4yiply807zo0o
  lastUpdatedTime: "2019-10-10T01:47:14Z"
  phase: Ready
  progress: 100%
  startTime: "2019-10-10T01:43:49Z"
`) as ImageCache;

const documentCaches = [fullParameterCache, sampleLiu, secretsTest];

const explicitDeployment = parse(`
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
      annotations:
        k8s.aliyun.com/eci-image-snapshot-id: imc-2ze5tm5gehgtiigaz5jh
    spec:
      nodeName: virtual-kubelet
      containers:
      - name: nginx
        image: nginx:1.7.9
        imagePullPolicy: IfNotPresent
`);

const explicitPod = parse(`
apiVersion: v1
kind: Pod
metadata:
  annotations:
    k8s.aliyun.com/eci-image-snapshot-id: imc-2ze5tm5gehgtiigaz5jh
  name: nginx-imagecache-id
spec:
  containers:
  - image: nginx:1.7.9
    imagePullPolicy: IfNotPresent
    name: nginx
    resources:
      limits:
        cpu: 300m
        memory: 200Mi
      requests:
        cpu: 200m
        memory: 100Mi
  nodeName: virtual-kubelet
`);

const autoDeployment = parse(
  JSON.stringify(explicitDeployment).replace('"k8s.aliyun.com/eci-image-snapshot-id":"imc-2ze5tm5gehgtiigaz5jh"', '"k8s.aliyun.com/eci-image-cache":"true"'),
);
const autoPod = parse(`
apiVersion: v1
kind: Pod
metadata:
  annotations:
    k8s.aliyun.com/eci-image-cache: "true"
  name: nginx-auto-match
spec:
  containers:
  - image: nginx:1.7.9
    imagePullPolicy: IfNotPresent
    name: nginx
  nodeName: virtual-kubelet
`);

const beforeExpiry = { now: '2019-10-24T20:00:00Z' };
const afterExpiry = { now: '2019-10-26T00:00:00Z' };

function withImage<T>(target: T, image: string): T {
  return JSON.parse(JSON.stringify(target).replace('"nginx:1.7.9"', JSON.stringify(image))) as T;
}

describe('explicit examples', () => {
  it.each([
    ['Deployment', explicitDeployment],
    ['Pod', explicitPod],
  ])('the %s example names an id none of the document caches has: unknown, since it may exist outside the cluster', (_kind, target) => {
    const result = selectImageCache(target, documentCaches, beforeExpiry);
    expect(result).toMatchObject({ mode: 'explicit', outcome: 'explicit-unknown', willFail: false, requestedImageCacheId: 'imc-2ze5tm5gehgtiigaz5jh' });
  });

  it.each([
    ['Ready', 'Ready', 'selected', false],
    ['Creating', 'Creating', 'explicit-not-ready', true],
  ] as const)('with a %s cache of that id, the outcome is %s', (_name, phase, outcome, willFail) => {
    const own = { ...secretsTest, metadata: { name: 'own' }, status: { phase, imageCacheId: 'imc-2ze5tm5gehgtiigaz5jh' } } as ImageCache;
    const result = selectImageCache(explicitDeployment, [...documentCaches, own], beforeExpiry);
    expect([result.outcome, result.willFail]).toEqual([outcome, willFail]);
  });

  it('explicit beats auto-match when both are set (说明 1)', () => {
    const both = parse(JSON.stringify(explicitPod));
    both.metadata.annotations['k8s.aliyun.com/eci-image-cache'] = 'true';
    const own = { ...sampleLiu, metadata: { name: 'own' }, status: { phase: 'Ready', imageCacheId: 'imc-2ze5tm5gehgtiigaz5jh' } } as ImageCache;
    const result = selectImageCache(withImage(both, 'nginx'), [sampleLiu, own], beforeExpiry);
    expect(result.mode).toBe('explicit');
    expect(result.cache).toBe(own);
  });
});

describe('auto-match examples', () => {
  it.each([
    ['Deployment', autoDeployment],
    ['Pod', autoPod],
  ])('the %s example (nginx:1.7.9) matches no document cache: imagecache-sample-liu holds nginx, i.e. nginx:latest', (_kind, target) => {
    const result = selectImageCache(target, documentCaches, beforeExpiry);
    expect(result).toMatchObject({ mode: 'auto', outcome: 'no-match', unmatchedImages: ['docker.io/library/nginx:1.7.9'] });
    expect(result.candidates.map((c) => [c.name, c.reasonCode])).toEqual([
      ['imagecache-sample', 'not-ready'],
      ['imagecache-sample-liu', 'no-images-matched'],
      ['imagecache-secrets-test', 'no-images-matched'],
    ]);
  });

  it('the same pod with nginx (latest) gets imagecache-sample-liu until it expires', () => {
    const pod = withImage(autoPod, 'nginx');
    expect(selectImageCache(pod, documentCaches, beforeExpiry).imageCacheId).toBe('imc-2zeditzeoemfhqor4rf8');
    const expired = selectImageCache(pod, documentCaches, afterExpiry);
    expect(expired.outcome).toBe('no-match');
    expect(expired.candidates.find((c) => c.name === 'imagecache-sample-liu')).toMatchObject({ reasonCode: 'expired', matchCount: 1 });
  });

  it('the private-registry cache serves its exact image', () => {
    const pod = withImage(autoPod, 'registry.cn-shanghai.aliyuncs.com/baz/nginx:1.0');
    expect(selectImageCache(pod, documentCaches, afterExpiry).imageCacheId).toBe('imc-2ze5xnx4yiply807zo0o');
  });

  it('an annotation on the Deployment instead of its template is ignored (说明 2)', () => {
    const misplaced = parse(JSON.stringify(autoDeployment));
    misplaced.metadata.annotations = misplaced.spec.template.metadata.annotations;
    delete misplaced.spec.template.metadata.annotations;
    // The document predates auto-match by default: on its clusters the pod asks for nothing.
    expect(selectImageCache(misplaced, documentCaches, { ...beforeExpiry, defaultAutoMatch: false }).outcome).toBe('not-requested');
    // Today the misplaced annotation changes nothing either: the pod is auto-matched by default.
    expect(selectImageCache(misplaced, documentCaches, beforeExpiry).modeReason).toContain('defaults to true');
    expect(lintWorkload(misplaced).map((f) => [f.code, f.path])).toEqual([
      ['annotation-on-workload-metadata', 'metadata.annotations["k8s.aliyun.com/eci-image-cache"]'],
    ]);
  });
});

describe('使用建议 (recommendations)', () => {
  it('the document examples follow them: IfNotPresent, no findings without caches', () => {
    for (const target of [explicitDeployment, explicitPod, autoDeployment, autoPod]) expect(lintWorkload(target)).toEqual([]);
  });

  it('flags leaving them: imagePullPolicy Always', () => {
    const always = JSON.parse(JSON.stringify(autoPod).replace('IfNotPresent', 'Always'));
    expect(lintWorkload(always).map((f) => f.code)).toEqual(['pull-policy-always']);
  });
});
