/**
 * Options of {@link planImageCaches}, with their defaults in one place, checked before planning.
 * @packageDocumentation
 */
import { resolveMatchOptions, type ImageSizes, type ResolvedMatchOptions } from '../matching/options.js';
import {
  MAX_IMAGE_CACHE_SIZE_GIB,
  MAX_IMAGES_PER_CACHE,
  MAX_RETENTION_DAYS,
  MAX_SECRET_NAME_LENGTH,
  MIN_IMAGE_CACHE_SIZE_GIB,
  MIN_RETENTION_DAYS,
} from '../types/constants.js';
import { dns1123LabelProblem, dns1123SubdomainProblem } from '../validation/names.js';
import { InvalidPlanOptionError } from './errors.js';

/** `consolidate`: the fewest image bytes (or slots) over shared caches; `per-workload`: one cache per workload's image set. */
export type PlanStrategy = 'per-workload' | 'consolidate';

/**
 * The `spec.imageCacheSize` of created caches: a fixed number of GiB, or `'derived'`: twice the
 * cache's images' total size (ECI's advice), rounded up to whole GiB, within 20..32768.
 */
export type ImageCacheSizePolicy = number | 'derived';

/** Options of {@link planImageCaches}. */
export interface PlanOptions {
  /** The most images one cache may hold, 1..20. Default 20, ECI's limit. */
  readonly maxImages?: number;
  /** Image sizes in bytes, keyed by image reference (normalized before lookup). Default: unknown, so the plan counts image slots. */
  readonly imageSizes?: ImageSizes;
  /** `spec.imageCacheSize` of created caches. Default `'derived'` when `imageSizes` is given, else left out (ECI's default applies). */
  readonly imageCacheSize?: ImageCacheSizePolicy;
  /** `spec.retentionDays` of created caches, 1..65536. Default: left out (never expires). */
  readonly retentionDays?: number;
  /** `spec.imagePullSecrets` of created caches, each `namespace:secretName`. Default: none. */
  readonly imagePullSecrets?: readonly string[];
  /** Default `consolidate`. */
  readonly strategy?: PlanStrategy;
  /** The time existing caches' expiry is judged at. Default: the current time, read once. */
  readonly now?: Date | number | string;
  /** Registry hosts to treat as one, as for matching. Default: none. */
  readonly registryAliases?: readonly (readonly string[])[];
  /** Created caches are named `<namePrefix>-<hash of the spec>`. Default `warm`. */
  readonly namePrefix?: string;
}

/** The defaults of {@link PlanOptions} that are plain values. */
export const DEFAULT_PLAN_OPTIONS = Object.freeze({
  /** Images per cache: ECI's limit, 20. */
  maxImages: MAX_IMAGES_PER_CACHE,
  /** The fewest image bytes (or slots) over caches the workloads share. */
  strategy: 'consolidate' as PlanStrategy,
  /** Created caches are named `warm-<hash>`. */
  namePrefix: 'warm',
});

/** The label every created cache carries. */
export const MANAGED_BY_LABEL = Object.freeze({
  /** The label's key, Kubernetes' recommended `app.kubernetes.io/managed-by`. */
  key: 'app.kubernetes.io/managed-by',
  /** The label's value. */
  value: 'eci-imagecache',
});

const GIB = 1024 ** 3;

/** Options with defaults applied, checked. */
export interface ResolvedPlanOptions {
  readonly maxImages: number;
  readonly strategy: PlanStrategy;
  readonly namePrefix: string;
  readonly sizePolicy: ImageCacheSizePolicy | undefined;
  readonly retentionDays: number | undefined;
  readonly imagePullSecrets: readonly string[];
  /** Now, the keyer and the size lookup, as matching resolves them. */
  readonly match: ResolvedMatchOptions;
  /** The most image bytes one cache may hold: what keeps its size within the bounds (Infinity without sizes). */
  readonly byteLimit: number;
}

function wholeIn(option: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidPlanOptionError(option, `must be a whole number from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

function pullSecretProblem(value: string): string | undefined {
  const colon = value.indexOf(':');
  if (colon < 0) return 'must be namespace:secretName';
  const secret = value.slice(colon + 1);
  const ns = dns1123LabelProblem(value.slice(0, colon));
  if (ns) return `its namespace ${ns}`;
  if (secret.length > MAX_SECRET_NAME_LENGTH) return `its secret name must be no more than ${MAX_SECRET_NAME_LENGTH} characters`;
  const name = dns1123SubdomainProblem(secret);
  return name ? `its secret name ${name}` : undefined;
}

function sizePolicyOf(options: PlanOptions): ImageCacheSizePolicy | undefined {
  const policy = options.imageCacheSize ?? (options.imageSizes !== undefined ? 'derived' : undefined);
  if (policy === undefined || policy === 'derived') {
    if (policy === 'derived' && options.imageSizes === undefined) {
      throw new InvalidPlanOptionError('imageCacheSize', "'derived' needs imageSizes: without them the images' size cannot be known");
    }
    return policy;
  }
  return wholeIn('imageCacheSize', policy, MIN_IMAGE_CACHE_SIZE_GIB, MAX_IMAGE_CACHE_SIZE_GIB);
}

/**
 * Applies the defaults and checks every option.
 *
 * @example
 * ```ts
 * resolvePlanOptions({ imageSizes: { nginx: 2e8 } }).sizePolicy; // 'derived'
 * ```
 * @throws {@link InvalidPlanOptionError} naming the option and the rule;
 *   `InvalidMatchOptionError` for a `now` that is not a time or a size that is not a number >= 0.
 */
export function resolvePlanOptions(options: PlanOptions = {}): ResolvedPlanOptions {
  const maxImages = wholeIn('maxImages', options.maxImages ?? DEFAULT_PLAN_OPTIONS.maxImages, 1, MAX_IMAGES_PER_CACHE);
  const strategy = options.strategy ?? DEFAULT_PLAN_OPTIONS.strategy;
  if (strategy !== 'consolidate' && strategy !== 'per-workload') {
    throw new InvalidPlanOptionError('strategy', `must be 'consolidate' or 'per-workload', got ${String(strategy)}`);
  }
  const namePrefix = options.namePrefix ?? DEFAULT_PLAN_OPTIONS.namePrefix;
  const prefixProblem = typeof namePrefix === 'string' ? dns1123LabelProblem(namePrefix) : 'must be a string';
  if (prefixProblem || namePrefix.length > 48) {
    throw new InvalidPlanOptionError('namePrefix', prefixProblem ?? `must be no more than 48 characters (got ${namePrefix.length})`);
  }
  const retentionDays =
    options.retentionDays === undefined ? undefined : wholeIn('retentionDays', options.retentionDays, MIN_RETENTION_DAYS, MAX_RETENTION_DAYS);
  const imagePullSecrets = [...(options.imagePullSecrets ?? [])];
  for (const secret of imagePullSecrets) {
    const problem = typeof secret === 'string' ? pullSecretProblem(secret) : 'must be a string';
    if (problem) throw new InvalidPlanOptionError('imagePullSecrets', `${JSON.stringify(secret)} ${problem}`);
  }
  const sizePolicy = sizePolicyOf(options);
  const match = resolveMatchOptions({
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.imageSizes !== undefined ? { imageSizes: options.imageSizes } : {}),
    ...(options.registryAliases !== undefined ? { registryAliases: options.registryAliases } : {}),
  });
  // ECI advises a cache at least twice its images' size: the images may fill half of it.
  const byteLimit =
    match.sizeOf === undefined ? Number.POSITIVE_INFINITY : ((typeof sizePolicy === 'number' ? sizePolicy : MAX_IMAGE_CACHE_SIZE_GIB) * GIB) / 2;
  return { maxImages, strategy, namePrefix, sizePolicy, retentionDays, imagePullSecrets: [...new Set(imagePullSecrets)].sort(), match, byteLimit };
}

/**
 * The `spec.imageCacheSize` for a cache holding `bytes` of images under `policy`.
 *
 * @example
 * ```ts
 * imageCacheSizeFor('derived', 15 * 1024 ** 3); // 30
 * ```
 */
export function imageCacheSizeFor(policy: ImageCacheSizePolicy | undefined, bytes: number): number | undefined {
  if (policy === undefined || typeof policy === 'number') return policy;
  return Math.min(MAX_IMAGE_CACHE_SIZE_GIB, Math.max(MIN_IMAGE_CACHE_SIZE_GIB, Math.ceil((2 * bytes) / GIB)));
}
