/**
 * Pure warm-up planning: the fewest image cache bytes that give every workload a perfect match.
 * No I/O, and nothing here loads HTTP code, zod or YAML, like `eci-imagecache/matching`.
 * @packageDocumentation
 */
export { planImageCaches } from './plan.js';
export { InvalidPlanOptionError, isInvalidPlanOptionError, InvalidPlanWorkloadError, isInvalidPlanWorkloadError } from './errors.js';
export { EciImageCacheError, isEciImageCacheError } from '../errors/index.js';
export { DEFAULT_PLAN_OPTIONS, MANAGED_BY_LABEL } from './options.js';
export type { ImageCacheSizePolicy, PlanOptions, PlanStrategy } from './options.js';
export type { ImageList, PlanWorkload } from './workloads.js';
export type { ImageCachePlan, PlanCost, PlannedImageCache, PlannedWorkload, ReusedImageCache } from './plan-types.js';
