/**
 * `planImageCaches`: the caches to create so that every workload gets a perfect match.
 * @packageDocumentation
 */
import type { ImageCache, ImageCacheInput } from '../types/index.js';
import { CoverIndex, readExisting, type ExistingCache } from './existing.js';
import { explainPlan } from './explain-plan.js';
import { cacheNameForSpec } from './names.js';
import { imageCacheSizeFor, MANAGED_BY_LABEL, resolvePlanOptions, type PlanOptions, type ResolvedPlanOptions } from './options.js';
import { packSets } from './pack.js';
import type { ImageCachePlan, PlanCost, PlannedImageCache, PlannedWorkload, ReusedImageCache } from './plan-types.js';
import { readWorkload, type PlanWorkload, type WorkloadView } from './workloads.js';

/** A cache the plan can count on once applied: a usable existing one or a created one. */
interface Holder {
  readonly name: string;
  readonly keys: ReadonlySet<string>;
  /** 0 existing Ready, 1 existing being built, 2 created: the order the planner prefers them in. */
  readonly preference: number;
  readonly existing: ExistingCache | undefined;
}

function compareHolders(a: Holder, b: Holder): number {
  return a.preference - b.preference || a.keys.size - b.keys.size || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** The parts of a workload's key list, each at most `max` keys: one part unless it is too large. */
function partsOf(keys: readonly string[], max: number): string[][] {
  const parts: string[][] = [];
  for (let i = 0; i < keys.length; i += max) parts.push(keys.slice(i, i + max));
  return parts;
}

/** For each key, the spelling most workloads use (then the shortest, then the first in sort order). */
function spellingChoice(views: readonly WorkloadView[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const v of views) {
    v.keys.forEach((key, i) => {
      const byKey = counts.get(key) ?? new Map<string, number>();
      const spelling = v.spellings[i] as string;
      byKey.set(spelling, (byKey.get(spelling) ?? 0) + 1);
      counts.set(key, byKey);
    });
  }
  const choice = new Map<string, string>();
  for (const [key, byKey] of counts) {
    let best = '';
    let bestCount = 0;
    for (const [spelling, count] of byKey) {
      if (count > bestCount || (count === bestCount && (spelling.length < best.length || (spelling.length === best.length && spelling < best)))) {
        best = spelling;
        bestCount = count;
      }
    }
    choice.set(key, best);
  }
  return choice;
}

/** Drops sets another set holds entirely: the cache of the larger one serves them. */
function maximalSets(sets: readonly (readonly string[])[]): string[][] {
  const index = new CoverIndex(sets.map((keys, i) => ({ keys: new Set(keys), i })));
  return sets.filter((keys) => !index.covering(keys).some((other) => other.keys.size > keys.length)).map((keys) => [...keys]);
}

function consolidate(sets: readonly (readonly string[])[], weightOf: (key: string) => number, options: ResolvedPlanOptions): string[][] {
  const maximal = maximalSets(sets);
  const ids = new Map<string, number>();
  const weight: number[] = [];
  const numbered = maximal.map((keys) =>
    keys.map((key) => {
      let id = ids.get(key);
      if (id === undefined) {
        id = weight.length;
        ids.set(key, id);
        weight.push(weightOf(key));
      }
      return id;
    }),
  );
  const bins = packSets({ sets: numbered, weight, maxImages: options.maxImages, weightLimit: options.byteLimit });
  return bins.map((members) => [...new Set(members.flatMap((s) => maximal[s] as string[]))].sort());
}

function createdCache(keys: readonly string[], spelled: ReadonlyMap<string, string>, bytes: number | undefined, options: ResolvedPlanOptions): ImageCacheInput {
  const size = bytes === undefined ? (typeof options.sizePolicy === 'number' ? options.sizePolicy : undefined) : imageCacheSizeFor(options.sizePolicy, bytes);
  const spec: ImageCacheInput['spec'] = {
    images: keys.map((key) => spelled.get(key) ?? key),
    ...(options.imagePullSecrets.length > 0 ? { imagePullSecrets: [...options.imagePullSecrets] } : {}),
    ...(size !== undefined ? { imageCacheSize: size } : {}),
    ...(options.retentionDays !== undefined ? { retentionDays: options.retentionDays } : {}),
  };
  return { metadata: { name: cacheNameForSpec(options.namePrefix, spec), labels: { [MANAGED_BY_LABEL.key]: MANAGED_BY_LABEL.value } }, spec };
}

/**
 * Plans the ImageCaches that give every workload a perfect match, reusing the usable existing
 * ones (not Failed, not expired; Ready or still being built) first. With `strategy: 'consolidate'`
 * (the default) workloads share caches of at most `maxImages` images so that the total image
 * bytes stored (or image slots, without `imageSizes`) is small; with `'per-workload'` every
 * uncovered workload gets a cache of exactly its images. A workload with more distinct images than
 * `maxImages` cannot get a perfect match: its images are split into parts, and the plan states how
 * many of them the best cache holds. Pure: no I/O, and the clock is read only when `now` is not given.
 *
 * @param workloads Pods, pod templates, workloads (Deployment, StatefulSet, Job, CronJob...) or named image lists.
 * @param existingCaches The cluster's ImageCaches, in any order.
 * @param options See {@link PlanOptions}.
 * @example
 * ```ts
 * const plan = planImageCaches(deployments, (await client.list()).items, { retentionDays: 30 });
 * for (const { imageCache } of plan.create) await client.ensure(imageCache);
 * console.log(plan.explanation);
 * ```
 * @throws {@link InvalidPlanOptionError} for an unusable option; {@link InvalidPlanWorkloadError}
 *   for a workload without a pod template or with an image that is not a reference.
 */
export function planImageCaches(workloads: readonly PlanWorkload[], existingCaches: readonly ImageCache[] = [], options: PlanOptions = {}): ImageCachePlan {
  const resolved = resolvePlanOptions(options);
  const { keyOf, sizeOf, nowMs } = resolved.match;
  const weightOf = sizeOf ?? (() => 1);
  const views = workloads.map((w, i) => readWorkload(w, i, keyOf));
  const existing = readExisting(existingCaches, nowMs, keyOf);
  const usable: Holder[] = existing
    .filter((e) => e.unusable === undefined)
    .map((e) => ({ name: e.name, keys: e.keys, preference: e.ready ? 0 : 1, existing: e }));
  const existingIndex = new CoverIndex(usable);

  // Every part no usable existing cache holds, once.
  const uncovered = new Map<string, string[]>();
  for (const v of views) {
    for (const part of partsOf(v.keys, resolved.maxImages)) {
      if (existingIndex.covering(part).length > 0) continue;
      const sorted = [...part].sort();
      uncovered.set(sorted.join('\n'), sorted);
    }
  }
  const sets = [...uncovered.keys()].sort().map((k) => uncovered.get(k) as string[]);
  const cacheKeys = resolved.strategy === 'consolidate' ? consolidate(sets, weightOf, resolved) : sets;

  const spelled = spellingChoice(views);
  const normalizedOf = new Map<string, string>();
  for (const v of views) v.keys.forEach((key, i) => normalizedOf.set(key, v.normalized[i] as string));
  const byName = new Map(existing.map((e) => [e.name, e]));
  const created = cacheKeys.map((keys) => {
    const bytes = sizeOf ? keys.reduce((sum, key) => sum + sizeOf(key), 0) : undefined;
    return { keys: new Set(keys), sorted: keys, bytes, imageCache: createdCache(keys, spelled, bytes, resolved) };
  });
  const holders: Holder[] = [
    ...usable,
    ...created.map((c) => ({ name: c.imageCache.metadata.name as string, keys: c.keys, preference: 2, existing: undefined })),
  ];
  const index = new CoverIndex(holders);

  const planned: PlannedWorkload[] = views.map((v) => plannedWorkload(v, index, resolved.maxImages, normalizedOf));
  const servedBy = new Map<string, string[]>();
  for (const w of planned) {
    if (w.cache === undefined) continue;
    const list = servedBy.get(w.cache);
    if (list) list.push(w.name);
    else servedBy.set(w.cache, [w.name]);
  }

  const holdsWhole = new Map<string, WorkloadView[]>();
  const createdIndex = new CoverIndex(holders.filter((h) => h.existing === undefined));
  for (const v of views) {
    const names = new Set(partsOf(v.keys, resolved.maxImages).flatMap((part) => createdIndex.covering(part).map((h) => h.name)));
    for (const name of names) {
      const list = holdsWhole.get(name);
      if (list) list.push(v);
      else holdsWhole.set(name, [v]);
    }
  }
  const create: PlannedImageCache[] = created
    .map((c) => {
      const name = c.imageCache.metadata.name as string;
      const holds = holdsWhole.get(name) ?? [];
      const uses = new Map<string, number>();
      for (const v of holds) for (const key of v.keys) if (c.keys.has(key)) uses.set(key, (uses.get(key) ?? 0) + 1);
      const taken = byName.get(name);
      return {
        name,
        imageCache: c.imageCache,
        images: c.sorted.map((key) => normalizedOf.get(key) ?? key),
        sharedImages: c.sorted.filter((key) => (uses.get(key) ?? 0) > 1).map((key) => normalizedOf.get(key) ?? key),
        workloads: holds.map((v) => v.label),
        bytes: c.bytes,
        nameTakenBy: taken && taken.unusable !== undefined ? { name, reason: taken.unusable } : undefined,
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const reuse: ReusedImageCache[] = usable
    .filter((h) => servedBy.has(h.name))
    .map((h) => ({ name: h.name, cache: (h.existing as ExistingCache).cache, ready: h.preference === 0, workloads: servedBy.get(h.name) as string[] }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const unused = existing
    .filter((e) => e.managed && !servedBy.has(e.name))
    .map((e) => e.name)
    .sort();
  const cost = costOf(
    sets,
    created.map((c) => c.sorted),
    weightOf,
    sizeOf !== undefined,
    resolved,
  );
  const plan = { strategy: resolved.strategy, create, reuse, workloads: planned, unused, cost };
  return { ...plan, explanation: explainPlan(plan, resolved.maxImages) };
}

function plannedWorkload(v: WorkloadView, index: CoverIndex<Holder>, max: number, normalizedOf: ReadonlyMap<string, string>): PlannedWorkload {
  // An existing cache may hold more images than this plan's maxImages (ECI allows 20): one that
  // holds them all serves the workload perfectly, however many it has.
  const whole = v.keys.length > 0 ? index.covering(v.keys) : [];
  const coverable = whole.length > 0 || (v.keys.length > 0 && v.keys.length <= max);
  const covers = coverable ? whole : index.mostOf(v.keys).caches;
  const [chosen, ...others] = [...covers].sort(compareHolders);
  const missing = chosen ? v.keys.filter((key) => !chosen.keys.has(key)) : [...v.keys];
  return {
    index: v.index,
    name: v.label,
    images: v.normalized,
    coverable,
    cache: chosen?.name,
    cacheSource: chosen === undefined ? undefined : chosen.existing ? 'existing' : 'created',
    alternatives: coverable ? others.map((h) => h.name) : [],
    perfect: coverable && chosen !== undefined,
    matchedImages: v.keys.length - missing.length,
    missingImages: missing.map((key) => normalizedOf.get(key) ?? key),
    note: v.note,
  };
}

function costOf(
  sets: readonly (readonly string[])[],
  created: readonly (readonly string[])[],
  weightOf: (key: string) => number,
  bytes: boolean,
  options: ResolvedPlanOptions,
): PlanCost {
  const weigh = (keys: Iterable<string>) => {
    let sum = 0;
    for (const key of keys) sum += weightOf(key);
    return sum;
  };
  const distinct = new Set(sets.flat());
  const lowerBound = weigh(distinct);
  const cachesBound = Math.max(
    Math.ceil(distinct.size / options.maxImages),
    Number.isFinite(options.byteLimit) ? Math.ceil(lowerBound / options.byteLimit) : 0,
  );
  return {
    unit: bytes ? 'bytes' : 'image-slots',
    plan: created.reduce((sum, keys) => sum + weigh(keys), 0),
    perWorkload: sets.reduce((sum, keys) => sum + weigh(keys), 0),
    lowerBound,
    caches: { plan: created.length, perWorkload: sets.length, lowerBound: cachesBound },
  };
}
