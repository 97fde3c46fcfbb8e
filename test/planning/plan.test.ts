// planImageCaches on hand-made cases whose right answer is known.
import { describe, expect, it } from 'vitest';
import { isInvalidPlanOptionError, isInvalidPlanWorkloadError, planImageCaches, type PlanOptions, type PlanWorkload } from '../../src/planning/index.js';
import type { ImageCache } from '../../src/types/index.js';

const NOW = '2025-06-01T00:00:00Z';
const GIB = 1024 ** 3;
const SIDECARS = ['istio/proxyv2:1.20', 'fluent/fluent-bit:3', 'busybox:1.36'];

const service = (i: number, extra: string[] = []): PlanWorkload => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: `svc-${i}`, namespace: 'prod' },
  spec: {
    template: {
      spec: {
        containers: [{ name: 'app', image: `registry.example.com/acme/app${i}:1` }, ...[...SIDECARS, ...extra].map((image, c) => ({ name: `s${c}`, image }))],
      },
    },
  },
});

const cache = (name: string, images: string[], status?: ImageCache['status'], labels?: Record<string, string>): ImageCache => ({
  apiVersion: 'eci.alibabacloud.com/v1',
  kind: 'ImageCache',
  metadata: { name, ...(labels ? { labels } : {}) },
  spec: { images },
  ...(status ? { status } : {}),
});

describe('consolidation', () => {
  it('puts services that share sidecars into as few caches as the 20-image limit allows', () => {
    const workloads = Array.from({ length: 60 }, (_, i) => service(i));
    const plan = planImageCaches(workloads, [], { now: NOW });
    // 60 apps + 3 sidecars: each cache takes the 3 sidecars and 17 apps, so 4 caches; the bound is ceil(63/20) = 4.
    expect(plan.create).toHaveLength(4);
    expect(plan.cost).toEqual({ unit: 'image-slots', plan: 72, perWorkload: 240, lowerBound: 63, caches: { plan: 4, perWorkload: 60, lowerBound: 4 } });
    expect(plan.workloads.every((w) => w.perfect && w.cacheSource === 'created')).toBe(true);
    expect(plan.create[0]?.sharedImages).toEqual(['docker.io/fluent/fluent-bit:3', 'docker.io/istio/proxyv2:1.20', 'docker.io/library/busybox:1.36']);
    expect(plan.explanation).toContain('they share docker.io/fluent/fluent-bit:3');
    expect(plan.explanation).toMatch(/one cache per workload would store 240 image slot\(s\) in 60/);
  });

  it('puts workloads that share nothing into one cache where they fit: the same slots, fewer builds', () => {
    const plan = planImageCaches(
      [
        { name: 'a', images: ['acme/a:1', 'acme/b:1'] },
        { name: 'b', images: ['acme/c:1'] },
      ],
      [],
      { now: NOW },
    );
    expect(plan.create).toHaveLength(1);
    expect(plan.cost).toMatchObject({ plan: 3, perWorkload: 3, caches: { plan: 1, perWorkload: 2 } });
    expect(
      planImageCaches(
        [
          { name: 'a', images: ['acme/a:1', 'acme/b:1'] },
          { name: 'b', images: ['acme/c:1'] },
        ],
        [],
        { now: NOW, maxImages: 2 },
      ).create,
    ).toHaveLength(2);
  });

  it('makes one cache per image set with per-workload, as the CLI did before', () => {
    const plan = planImageCaches([service(1), service(2), service(2)], [], { now: NOW, strategy: 'per-workload' });
    expect(plan.create).toHaveLength(2);
    expect(plan.create.map((c) => c.imageCache.spec.images.length)).toEqual([4, 4]);
    expect(plan.workloads[1]?.cache).toBe(plan.workloads[2]?.cache);
  });

  it('stores a large shared image once when sizes are given, where counting slots sees a tie', () => {
    const workloads: PlanWorkload[] = [
      { name: 'a', images: ['acme/app1:1', 'acme/huge:1'] },
      { name: 'b', images: ['acme/app2:1', 'acme/huge:1'] },
      { name: 'c', images: ['acme/app1:1', 'acme/small:1'] },
    ];
    const imageSizes = { 'acme/app1:1': 1e8, 'acme/app2:1': 1e8, 'acme/huge:1': 9e9, 'acme/small:1': 1e7 };
    const plan = planImageCaches(workloads, [], { now: NOW, maxImages: 3, imageSizes });
    const huge = plan.create.filter((c) => c.images.includes('docker.io/acme/huge:1'));
    expect(huge).toHaveLength(1);
    expect(plan.cost.unit).toBe('bytes');
    expect(plan.cost.plan).toBe(plan.cost.lowerBound + 1e8);
    // imageCacheSize is derived: twice the images' bytes, in whole GiB, at least 20.
    expect(huge[0]?.imageCache.spec.imageCacheSize).toBe(Math.max(20, Math.ceil((2 * 9.2e9) / GIB)));
  });

  it('derives imageCacheSize above the minimum, and takes a fixed size as given', () => {
    const images = { name: 'big', images: ['acme/a:1', 'acme/b:1'] };
    const sizes = { 'acme/a:1': 10 * GIB, 'acme/b:1': 5.5 * GIB };
    expect(planImageCaches([images], [], { now: NOW, imageSizes: sizes }).create[0]?.imageCache.spec.imageCacheSize).toBe(31);
    expect(planImageCaches([images], [], { now: NOW, imageSizes: sizes, imageCacheSize: 100 }).create[0]?.imageCache.spec.imageCacheSize).toBe(100);
    expect(planImageCaches([images], [], { now: NOW, imageCacheSize: 40 }).create[0]?.imageCache.spec.imageCacheSize).toBe(40);
    expect(planImageCaches([images], [], { now: NOW }).create[0]?.imageCache.spec.imageCacheSize).toBeUndefined();
  });

  it('keeps merged caches within half of a fixed size when sizes are known', () => {
    const workloads = [1, 2, 3].map((i) => ({ name: `w${i}`, images: [`acme/app${i}:1`, 'acme/base:1'] }));
    const imageSizes = { 'acme/app1:1': 8 * GIB, 'acme/app2:1': 8 * GIB, 'acme/app3:1': 8 * GIB, 'acme/base:1': 1 * GIB };
    const plan = planImageCaches(workloads, [], { now: NOW, imageSizes, imageCacheSize: 40 });
    for (const c of plan.create) expect(c.bytes).toBeLessThanOrEqual(20 * GIB);
    expect(plan.create).toHaveLength(2);
  });
});

describe('existing caches', () => {
  it('reuses a usable cache that holds every image before creating anything, Ready or still building', () => {
    const ready = cache('team-cache', ['registry.example.com/acme/app1:1', ...SIDECARS, 'redis:7'], { phase: 'Ready', imageCacheId: 'imc-1' });
    const building = cache('building', ['registry.example.com/acme/app2:1', ...SIDECARS], { phase: 'Creating' });
    const plan = planImageCaches([service(1), service(2), service(3)], [ready, building], { now: NOW });
    expect(plan.reuse.map((r) => [r.name, r.ready, r.workloads])).toEqual([
      ['building', false, ['Deployment/svc-2 (namespace prod)']],
      ['team-cache', true, ['Deployment/svc-1 (namespace prod)']],
    ]);
    expect(plan.create).toHaveLength(1);
    expect(plan.create[0]?.workloads).toEqual(['Deployment/svc-3 (namespace prod)']);
    expect(plan.workloads[0]).toMatchObject({ cache: 'team-cache', cacheSource: 'existing', perfect: true });
  });

  it('does not reuse a failed or expired cache, and says when its name is the planned one', () => {
    const first = planImageCaches([service(1)], [], { now: NOW });
    const name = first.create[0]?.name as string;
    const failed = cache(name, first.create[0]?.imageCache.spec.images as string[], { phase: 'Failed' });
    const expired = cache('old', first.create[0]?.imageCache.spec.images as string[], {
      phase: 'Ready',
      imageCacheId: 'imc-o',
      expireDateTime: '2025-05-01T00:00:00Z',
    });
    const plan = planImageCaches([service(1)], [failed, expired], { now: NOW });
    expect(plan.reuse).toEqual([]);
    expect(plan.create[0]?.nameTakenBy).toEqual({ name, reason: 'its phase is Failed' });
    expect(plan.explanation).toContain('delete it before applying');
  });

  it('lists managed caches that no workload uses any more, and never plans to delete them', () => {
    const stale = cache('warm-000000000000', ['acme/gone:1'], { phase: 'Ready', imageCacheId: 'imc-s' }, { 'app.kubernetes.io/managed-by': 'eci-imagecache' });
    const foreign = cache('hand-made', ['acme/gone:1'], { phase: 'Ready', imageCacheId: 'imc-h' });
    const plan = planImageCaches([service(1)], [stale, foreign], { now: NOW });
    expect(plan.unused).toEqual(['warm-000000000000']);
  });
});

describe('workloads', () => {
  it('reports a workload with more images than one cache holds as not coverable, split, with the partial coverage', () => {
    const images = Array.from({ length: 25 }, (_, i) => `acme/part${i}:1`);
    const plan = planImageCaches([{ name: 'monolith', images }], [], { now: NOW });
    expect(plan.create.map((c) => c.images.length).sort()).toEqual([20, 5]);
    expect(plan.workloads[0]).toMatchObject({ coverable: false, perfect: false, matchedImages: 20 });
    expect(plan.workloads[0]?.missingImages).toHaveLength(5);
    expect(plan.explanation).toContain('monolith: 25 distinct images, more than 20: no single cache can hold them all');
  });

  it('reads Pods, CronJobs (init containers too) and notes pod templates that will not auto-match', () => {
    const cron = {
      kind: 'CronJob',
      metadata: { name: 'nightly' },
      spec: {
        jobTemplate: {
          spec: {
            template: {
              metadata: { annotations: { 'k8s.aliyun.com/eci-imc-id': 'imc-pinned' } },
              spec: { initContainers: [{ image: 'busybox:1.36' }], containers: [{ image: 'acme/job:2' }] },
            },
          },
        },
      },
    };
    const pod = { kind: 'Pod', metadata: { name: 'p', annotations: { 'k8s.aliyun.com/eci-auto-imc': 'false' } }, spec: { containers: [{ image: 'nginx' }] } };
    const plan = planImageCaches([cron, pod], [], { now: NOW });
    expect(plan.workloads[0]?.images).toEqual(['docker.io/acme/job:2', 'docker.io/library/busybox:1.36']);
    expect(plan.workloads[0]?.note).toContain('k8s.aliyun.com/eci-imc-id: imc-pinned');
    expect(plan.workloads[1]?.note).toContain('will not auto-match');
    expect(plan.explanation).toContain('CronJob/nightly: its pod template names a cache');
  });

  it('notes a DaemonSet, whose pods ECI does not run', () => {
    const agent = { kind: 'DaemonSet', metadata: { name: 'agent' }, spec: { template: { spec: { containers: [{ image: 'fluent/fluent-bit:3' }] } } } };
    const deployment = { kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { spec: { containers: [{ image: 'nginx' }] } } } };
    const plan = planImageCaches([agent, deployment], [], { now: NOW });
    expect(plan.workloads[0]?.note).toContain('ECI does not run DaemonSet pods');
    expect(plan.workloads[1]?.note).toBeUndefined();
  });

  it('spells images in created caches as most workloads do, so the same input in any order gives the same spec', () => {
    const plan = planImageCaches(
      [
        { name: 'a', images: ['nginx:1.25'] },
        { name: 'b', images: ['docker.io/library/nginx:1.25', 'redis:7'] },
        { name: 'c', images: ['nginx:1.25', 'redis:7'] },
      ],
      [],
      { now: NOW },
    );
    expect(plan.create.map((c) => c.imageCache.spec.images)).toEqual([['nginx:1.25', 'redis:7']]);
  });

  it('throws a typed error naming the workload and the container for an image that is not a reference', () => {
    const bad = { kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { spec: { containers: [{ image: 'nginx' }, { image: 'Not Valid' }] } } } };
    let caught: unknown;
    try {
      planImageCaches([service(1), bad], []);
    } catch (err) {
      caught = err;
    }
    expect(isInvalidPlanWorkloadError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(
      /^workloads\[1\] \(Deployment\/web\) spec\.template\.spec\.containers\[1\]\.image: "Not Valid" is not an image reference/,
    );
    expect(() => planImageCaches([{ kind: 'Service', metadata: { name: 's' } }], [])).toThrow(/workloads\[0\] \(Service\/s\): cannot read a pod template/);
  });
});

describe('options', () => {
  it.each<[PlanOptions, string, RegExp]>([
    [{ maxImages: 21 }, 'maxImages', /from 1 to 20, got 21/],
    [{ maxImages: 0 }, 'maxImages', /from 1 to 20/],
    [{ imageCacheSize: 10 }, 'imageCacheSize', /from 20 to 32768, got 10/],
    [{ imageCacheSize: 'derived' }, 'imageCacheSize', /'derived' needs imageSizes/],
    [{ retentionDays: 0 }, 'retentionDays', /from 1 to 65536/],
    [{ imagePullSecrets: ['no-colon'] }, 'imagePullSecrets', /"no-colon" must be namespace:secretName/],
    [{ imagePullSecrets: ['Bad_NS:x'] }, 'imagePullSecrets', /its namespace/],
    [{ strategy: 'greedy' as never }, 'strategy', /'consolidate' or 'per-workload'/],
    [{ namePrefix: 'Warm' }, 'namePrefix', /lowercase/],
  ])('rejects %o, naming %s', (options, option, message) => {
    let caught: unknown;
    try {
      planImageCaches([service(1)], [], options);
    } catch (err) {
      caught = err;
    }
    expect(isInvalidPlanOptionError(caught)).toBe(true);
    expect(caught).toMatchObject({ option });
    expect((caught as Error).message).toMatch(message);
  });

  it('puts retention, pull secrets and the prefix into created caches, and the spec into the name', () => {
    const options: PlanOptions = { now: NOW, retentionDays: 7, imagePullSecrets: ['prod:regcred', 'default:a'], namePrefix: 'release' };
    const [created] = planImageCaches([service(1)], [], options).create;
    expect(created?.imageCache.spec).toMatchObject({ retentionDays: 7, imagePullSecrets: ['default:a', 'prod:regcred'] });
    expect(created?.name).toMatch(/^release-[0-9a-f]{12}$/);
    expect(planImageCaches([service(1)], [], { ...options, retentionDays: 8 }).create[0]?.name).not.toBe(created?.name);
  });
});

describe('stability', () => {
  const many = Array.from({ length: 300 }, (_, i) => service(i, i % 3 === 0 ? ['redis:7'] : i % 3 === 1 ? ['memcached:1.6'] : []));
  const applied = (plan: ReturnType<typeof planImageCaches>): ImageCache[] =>
    plan.create.map((c) => ({
      ...c.imageCache,
      apiVersion: 'eci.alibabacloud.com/v1',
      kind: 'ImageCache',
      status: { phase: 'Ready', imageCacheId: `imc-${c.name}` },
    }));

  it('creates one cache for a workload added after the plan was applied, and none for one removed', () => {
    const first = planImageCaches(many, [], { now: NOW });
    const cluster = applied(first);
    const added = planImageCaches([...many, service(1000)], cluster, { now: NOW });
    expect(added.create).toHaveLength(1);
    expect(added.create[0]?.workloads).toEqual(['Deployment/svc-1000 (namespace prod)']);
    expect(added.reuse).toHaveLength(first.create.length);
    const removed = planImageCaches(many.slice(1), cluster, { now: NOW });
    expect(removed.create).toEqual([]);
  });

  it('says which managed caches a changed workload no longer needs', () => {
    const cluster = applied(
      planImageCaches(
        [
          service(1),
          service(2, [
            'a/b:1',
            'c/d:1',
            'e/f:1',
            'g/h:1',
            'i/j:1',
            'k/l:1',
            'm/n:1',
            'o/p:1',
            'q/r:1',
            's/t:1',
            'u/v:1',
            'w/x:1',
            'y/z:1',
            'aa/bb:1',
            'cc/dd:1',
            'ee/ff:1',
          ]),
        ],
        [],
        { now: NOW },
      ),
    );
    expect(cluster).toHaveLength(2);
    const plan = planImageCaches([service(1)], cluster, { now: NOW });
    expect(plan.create).toEqual([]);
    expect(plan.unused).toHaveLength(1);
  });
});
