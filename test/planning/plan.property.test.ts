// fast-check properties of planImageCaches: correct (every coverable workload gets a perfect
// match once the plan is applied, whichever tied cache ECI picks), economical (never worse than
// one cache per workload, never better than the bound), stable (re-planning creates nothing; input
// order changes nothing).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeImageReference, selectImageCache } from '../../src/matching/index.js';
import { planImageCaches, type ImageCachePlan, type PlanOptions, type PlanWorkload } from '../../src/planning/index.js';
import type { ImageCache } from '../../src/types/index.js';

const NOW = '2025-06-01T00:00:00Z';
// Some images in two spellings, so that planning must compare normalized references.
const POOL = [
  'nginx:1.25',
  'docker.io/library/nginx:1.25',
  'redis:7',
  'istio/proxyv2:1.20',
  'docker.io/istio/proxyv2:1.20',
  'fluent/fluent-bit:3',
  ...Array.from({ length: 24 }, (_, i) => `registry.example.com/team${i % 4}/app${i}:v1`),
];
const TIMES = ['2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z', '2025-03-01T00:00:00Z'];

const imagesArb = fc.array(fc.constantFrom(...POOL), { minLength: 1, maxLength: 24 });

const workloadsArb = fc
  .array(fc.record({ images: imagesArb, shape: fc.constantFrom('list', 'deployment', 'cronjob') }), { minLength: 1, maxLength: 14 })
  .map((specs) =>
    specs.map(({ images, shape }, i): PlanWorkload => {
      const containers = images.map((image, c) => ({ name: `c${c}`, image }));
      if (shape === 'list') return { name: `list-${i}`, images };
      if (shape === 'deployment')
        return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `dep-${i}` }, spec: { template: { spec: { containers } } } };
      return {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: `cron-${i}` },
        spec: { jobTemplate: { spec: { template: { spec: { initContainers: containers } } } } },
      };
    }),
  );

const existingArb = fc
  .array(
    fc.record({
      images: fc.array(fc.constantFrom(...POOL), { minLength: 1, maxLength: 12 }),
      phase: fc.constantFrom('Ready', 'Ready', 'Creating', 'Failed', undefined),
      expired: fc.boolean(),
      created: fc.constantFrom(...TIMES),
    }),
    { maxLength: 5 },
  )
  .map((specs) =>
    specs.map(
      (s, i): ImageCache => ({
        apiVersion: 'eci.alibabacloud.com/v1',
        kind: 'ImageCache',
        metadata: { name: `existing-${i}`, creationTimestamp: s.created },
        spec: { images: s.images },
        ...(s.phase ? { status: { phase: s.phase, imageCacheId: `imc-existing-${i}`, ...(s.expired ? { expireDateTime: '2025-05-01T00:00:00Z' } : {}) } } : {}),
      }),
    ),
  );

const optionsArb = fc.record({
  maxImages: fc.constantFrom(3, 5, 8, 20),
  strategy: fc.constantFrom('consolidate' as const, 'per-workload' as const),
  sized: fc.boolean(),
  seed: fc.integer({ min: 1, max: 1000 }),
});

function planOptions(o: { maxImages: number; strategy: 'consolidate' | 'per-workload'; sized: boolean; seed: number }): PlanOptions {
  const sizes = Object.fromEntries(POOL.map((image, i) => [image, ((i * 7919 + o.seed * 104729) % 997) * 1_000_000 + 1]));
  return { maxImages: o.maxImages, strategy: o.strategy, now: NOW, ...(o.sized ? { imageSizes: sizes } : {}) };
}

/** The cluster once the plan is applied: every usable cache and every created cache Ready. */
function applied(plan: ImageCachePlan, existing: readonly ImageCache[], createdAt: (i: number) => string): ImageCache[] {
  const readied = existing.map((c) =>
    c.status?.phase === 'Failed' || c.status?.expireDateTime ? c : { ...c, status: { ...c.status, phase: 'Ready', imageCacheId: `imc-${c.metadata.name}` } },
  );
  const created = plan.create.map(
    (c, i): ImageCache => ({
      ...c.imageCache,
      apiVersion: 'eci.alibabacloud.com/v1',
      kind: 'ImageCache',
      metadata: { ...c.imageCache.metadata, creationTimestamp: createdAt(i) },
      status: { phase: 'Ready', imageCacheId: `imc-${c.name}` },
    }),
  );
  return [...readied, ...created];
}

function podOf(images: readonly string[], annotations: Record<string, string>) {
  return { kind: 'Pod', metadata: { annotations }, spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) } };
}

function imagesOf(w: PlanWorkload): string[] {
  if ('images' in w) return [...w.images];
  const spec = (
    w as {
      spec: {
        template?: { spec: { containers: { image: string }[] } };
        jobTemplate?: { spec: { template: { spec: { initContainers: { image: string }[] } } } };
      };
    }
  ).spec;
  return (spec.template?.spec.containers ?? spec.jobTemplate?.spec.template.spec.initContainers ?? []).map((c) => c.image);
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

// Generous: fast-check runs many plans, and the machine is shared.
describe('planImageCaches properties', { timeout: 90_000 }, () => {
  it('gives every coverable workload a perfect match once applied, whichever tied cache ECI picks', () => {
    fc.assert(
      fc.property(workloadsArb, existingArb, optionsArb, fc.integer({ min: 0, max: 2 }), (workloads, existing, o, timeShift) => {
        const options = planOptions(o);
        const plan = planImageCaches(workloads, existing, options);
        const cluster = applied(plan, existing, (i) => TIMES[(i + timeShift) % TIMES.length] as string);
        plan.workloads.forEach((w, i) => {
          const images = imagesOf(workloads[i] as PlanWorkload);
          const distinct = new Set(images.map(normalizeImageReference)).size;
          // An existing usable cache (not Failed, unexpired) may hold more than maxImages: holding them all covers the workload.
          const wanted = new Set(images.map(normalizeImageReference));
          const heldWhole = existing.some(
            (c) =>
              c.status?.phase !== 'Failed' &&
              !c.status?.expireDateTime &&
              [...wanted].every((image) => c.spec.images.map(normalizeImageReference).includes(image)),
          );
          expect(w.coverable).toBe(distinct <= o.maxImages || heldWhole);
          const modes: Record<string, string>[] = [
            { 'k8s.aliyun.com/eci-auto-imc': 'true', 'k8s.aliyun.com/imc-perfect-match': 'true' },
            { 'k8s.aliyun.com/eci-auto-imc': 'true' },
          ];
          for (const annotations of modes) {
            const selection = selectImageCache(
              podOf(images, annotations),
              cluster,
              options.imageSizes ? { now: NOW, imageSizes: options.imageSizes } : { now: NOW },
            );
            const ranked = selection.candidates.filter((c) => c.status !== 'excluded');
            const best = Math.max(0, ...ranked.map((c) => c.matchCount));
            if (w.coverable) {
              expect(w.perfect).toBe(true);
              expect(selection.outcome, selection.explanation).toBe('selected');
              // Robust to which tied candidate wins: every cache ranked on the top match count holds everything.
              for (const tied of ranked.filter((c) => c.matchCount === best)) expect(tied.matchCount).toBe(distinct);
              expect([w.cache, ...w.alternatives].sort()).toEqual(
                ranked
                  .filter((c) => c.matchCount === distinct)
                  .map((c) => c.name)
                  .sort(),
              );
            } else if (!('k8s.aliyun.com/imc-perfect-match' in annotations)) {
              expect(w.perfect).toBe(false);
              expect(best).toBe(w.matchedImages);
              expect(w.matchedImages).toBeGreaterThanOrEqual(o.maxImages);
              expect(w.missingImages).toHaveLength(distinct - w.matchedImages);
            } else {
              expect(selection.outcome).toBe('no-match');
            }
          }
        });
      }),
      { numRuns: 150 },
    );
  });

  it('keeps every created cache within the limits, named and labelled', () => {
    fc.assert(
      fc.property(workloadsArb, existingArb, optionsArb, (workloads, existing, o) => {
        const plan = planImageCaches(workloads, existing, planOptions(o));
        const names = plan.create.map((c) => c.name);
        expect(new Set(names).size).toBe(names.length);
        for (const c of plan.create) {
          expect(c.imageCache.spec.images.length).toBeGreaterThan(0);
          expect(new Set(c.imageCache.spec.images.map(normalizeImageReference)).size).toBe(c.imageCache.spec.images.length);
          expect(c.imageCache.spec.images.length).toBeLessThanOrEqual(o.maxImages);
          expect(c.name).toMatch(/^warm-[0-9a-f]{12}$/);
          expect(c.imageCache.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'eci-imagecache' });
          const size = c.imageCache.spec.imageCacheSize;
          if (o.sized) expect(size).toBeGreaterThanOrEqual(20);
          if (size !== undefined) expect(size).toBeLessThanOrEqual(32768);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never stores more than one cache per workload, nor less than the bound', () => {
    fc.assert(
      fc.property(workloadsArb, existingArb, optionsArb, (workloads, existing, o) => {
        const { cost } = planImageCaches(workloads, existing, { ...planOptions(o), strategy: 'consolidate' });
        expect(cost.plan).toBeLessThanOrEqual(cost.perWorkload);
        expect(cost.plan).toBeGreaterThanOrEqual(cost.lowerBound);
        expect(cost.caches.plan).toBeLessThanOrEqual(cost.caches.perWorkload);
        expect(cost.caches.plan).toBeGreaterThanOrEqual(cost.caches.lowerBound);
        const perWorkload = planImageCaches(workloads, existing, { ...planOptions(o), strategy: 'per-workload' }).cost;
        expect(perWorkload.plan).toBe(cost.perWorkload);
      }),
      { numRuns: 150 },
    );
  });

  it('creates nothing when planned again with its own caches, building or Ready', () => {
    fc.assert(
      fc.property(workloadsArb, existingArb, optionsArb, (workloads, existing, o) => {
        const options = planOptions(o);
        const plan = planImageCaches(workloads, existing, options);
        const asGiven = plan.create.map((c) => ({ ...c.imageCache, apiVersion: 'eci.alibabacloud.com/v1' as const, kind: 'ImageCache' as const }));
        const again = planImageCaches(workloads, [...existing, ...asGiven], options);
        expect(again.create).toEqual([]);
        expect(again.workloads.map((w) => w.perfect)).toEqual(plan.workloads.map((w) => w.perfect));
        expect(
          planImageCaches(
            workloads,
            applied(plan, existing, () => NOW),
            options,
          ).create,
        ).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same caches and assignments for the same input in any order', () => {
    fc.assert(
      fc.property(workloadsArb, existingArb, optionsArb, fc.integer({ min: 1, max: 1e6 }), (workloads, existing, o, seed) => {
        const options = planOptions(o);
        const plan = planImageCaches(workloads, existing, options);
        const order = shuffled(
          workloads.map((_, i) => i),
          seed,
        );
        const other = planImageCaches(
          order.map((i) => workloads[i] as PlanWorkload),
          shuffled(existing, seed + 1),
          options,
        );
        expect(other.create.map((c) => c.imageCache)).toEqual(plan.create.map((c) => c.imageCache));
        order.forEach((original, position) => {
          expect(other.workloads[position]?.cache).toBe(plan.workloads[original]?.cache);
        });
      }),
      { numRuns: 150 },
    );
  });
});
