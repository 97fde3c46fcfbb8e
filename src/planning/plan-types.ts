/**
 * What {@link planImageCaches} returns.
 * @packageDocumentation
 */
import type { ImageCache, ImageCacheInput } from '../types/index.js';
import type { PlanStrategy } from './options.js';

/** A cache the plan creates. */
export interface PlannedImageCache {
  /** `metadata.name`: derived from the spec, so the same spec always has the same name. */
  readonly name: string;
  /** The object to create (with `ensure`, or `kubectl apply`): name, `managed-by` label, spec. */
  readonly imageCache: ImageCacheInput;
  /** Normalized references of its images. */
  readonly images: readonly string[];
  /** Images of it that two or more of the workloads it is planned for use: why they share it. */
  readonly sharedImages: readonly string[];
  /** The workloads (labels) it holds every image of (for a workload too large for one cache: one part of it). */
  readonly workloads: readonly string[];
  /** Total size of its images, when sizes were given. */
  readonly bytes: number | undefined;
  /**
   * An existing cache that already has this name but cannot be reused (failed or expired): creating
   * with `ensure` finds that one, so it has to be deleted first.
   */
  readonly nameTakenBy:
    | {
        /** The existing cache's name (this cache's name). */
        readonly name: string;
        /** Why it cannot be reused, e.g. that it failed or expired. */
        readonly reason: string;
      }
    | undefined;
}

/** An existing cache the plan relies on. */
export interface ReusedImageCache {
  /** `metadata.name`. */
  readonly name: string;
  /** The cache as given. */
  readonly cache: ImageCache;
  /** Ready now; otherwise it is still being built, and the plan waits for it. */
  readonly ready: boolean;
  /** The workloads (labels) it serves. */
  readonly workloads: readonly string[];
}

/** What the plan gives one workload. */
export interface PlannedWorkload {
  /** Its position in the input. */
  readonly index: number;
  /** `Kind/name` (with the namespace when it has one), or an image list's name. */
  readonly name: string;
  /** Its distinct images, normalized. */
  readonly images: readonly string[];
  /** False when it has more distinct images than one planned cache may hold and no existing cache holds them all (or it has none). */
  readonly coverable: boolean;
  /**
   * The cache planned to serve it: one that holds all its images, preferring an existing Ready
   * one, then one being built, then a created one, then the fewest images, then the name. For a
   * workload too large for one cache, the one holding most of its images. Undefined without images.
   */
  readonly cache: string | undefined;
  /** Whether {@link cache} is existing or created by the plan. */
  readonly cacheSource: 'existing' | 'created' | undefined;
  /**
   * Other caches that also hold all its images. ECI ranks caches that hold equally many of a pod's
   * images by a size and time rule whose direction no source states, so it may pick any of these:
   * each is a perfect match too.
   */
  readonly alternatives: readonly string[];
  /** True when, once the plan is applied and every cache is Ready, every cache ECI could pick for it holds all its images. */
  readonly perfect: boolean;
  /** How many of its images {@link cache} holds. */
  readonly matchedImages: number;
  /** Its images {@link cache} does not hold (pulled when a pod starts). */
  readonly missingImages: readonly string[];
  /** Something about it that keeps ECI from auto-matching (an explicit cache id, auto-match off, a DaemonSet, which ECI does not run). */
  readonly note: string | undefined;
}

/** What the plan stores, next to the one-cache-per-workload plan and a lower bound. */
export interface PlanCost {
  /** `bytes` when image sizes were given, else `image-slots` (images stored, counted once per cache). */
  readonly unit: 'bytes' | 'image-slots';
  /** Stored by the caches this plan creates. */
  readonly plan: number;
  /** Stored by one cache per distinct image set still uncovered (the `per-workload` strategy). */
  readonly perWorkload: number;
  /** Every image still uncovered stored exactly once: no plan stores less. */
  readonly lowerBound: number;
  /** Numbers of caches: this plan's, the per-workload plan's, and the fewest that can hold every uncovered image. */
  readonly caches: {
    /** Caches this plan creates. */
    readonly plan: number;
    /** Caches the `per-workload` strategy would create. */
    readonly perWorkload: number;
    /** The fewest caches that can hold every uncovered image (at most `maxImages` each). */
    readonly lowerBound: number;
  };
}

/** The plan: what to create, what is reused, and what every workload gets. */
export interface ImageCachePlan {
  /** The strategy used. */
  readonly strategy: PlanStrategy;
  /** Caches to create, by name. */
  readonly create: readonly PlannedImageCache[];
  /** Existing caches that serve a workload, by name. */
  readonly reuse: readonly ReusedImageCache[];
  /** One entry per workload, in input order. */
  readonly workloads: readonly PlannedWorkload[];
  /** Existing caches with the `managed-by` label that serve no workload of this plan (the planner never deletes). */
  readonly unused: readonly string[];
  /** The plan's cost against the per-workload plan and the lower bound. */
  readonly cost: PlanCost;
  /** The whole plan in words: who shares which cache and why, what is reused, what cannot be covered. */
  readonly explanation: string;
}
