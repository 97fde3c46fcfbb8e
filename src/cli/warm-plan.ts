import type { ImageCachePlan, PlanOptions, PlanWorkload } from '../planning/index.js';
import { planImageCaches } from '../planning/index.js';
import type { ImageCache } from '../types/index.js';
import { parseInteger, UsageError } from './args.js';
import { formatTable } from './output.js';
import { readImageSizes } from './workload-inputs.js';

/** How `warm` and `plan` call the planner: the flags they share. */
export interface CliPlanFlags {
  readonly perWorkload?: boolean | undefined;
  readonly imageCacheSize?: number | undefined;
  readonly retentionDays?: number | undefined;
  readonly imagePullSecrets?: readonly string[] | undefined;
  readonly maxImages?: number | undefined;
  readonly imageSizes?: Readonly<Record<string, number>> | undefined;
}

/** Reads the planning flags `warm` and `plan` share; a bad number is a usage error. */
export async function planFlagsFrom(values: Record<string, unknown>, cwd: string): Promise<CliPlanFlags> {
  const sizesFile = values['image-sizes'] as string | undefined;
  return {
    perWorkload: values['per-workload'] === true,
    imageCacheSize: parseInteger(values['size'] as string | undefined, 'size'),
    retentionDays: parseInteger(values['retention-days'] as string | undefined, 'retention-days'),
    imagePullSecrets: values['pull-secret'] as string[] | undefined,
    maxImages: parseInteger(values['max-images'] as string | undefined, 'max-images'),
    imageSizes: sizesFile === undefined ? undefined : await readImageSizes(sizesFile, cwd),
  };
}

/**
 * Plans with the library (consolidating unless `perWorkload`); bad options become usage errors,
 * since they came from flags.
 */
export function planFromFlags(workloads: readonly PlanWorkload[], existing: readonly ImageCache[], flags: CliPlanFlags): ImageCachePlan {
  const options: PlanOptions = {
    strategy: flags.perWorkload ? 'per-workload' : 'consolidate',
    ...(flags.imageCacheSize !== undefined ? { imageCacheSize: flags.imageCacheSize } : {}),
    ...(flags.retentionDays !== undefined ? { retentionDays: flags.retentionDays } : {}),
    ...(flags.imagePullSecrets?.length ? { imagePullSecrets: flags.imagePullSecrets } : {}),
    ...(flags.maxImages !== undefined ? { maxImages: flags.maxImages } : {}),
    ...(flags.imageSizes !== undefined ? { imageSizes: flags.imageSizes } : {}),
  };
  try {
    return planImageCaches(workloads, existing, options);
  } catch (err) {
    if (err instanceof Error && /^Invalid(PlanOption|MatchOption)Error$/.test(err.name)) throw new UsageError(err.message);
    throw err;
  }
}

function shortList(items: readonly string[], limit = 3): string {
  return items.length <= limit ? items.join(', ') : `${items.slice(0, limit).join(', ')} +${items.length - limit} more`;
}

/** The plan as two tables (caches, then workloads) and a cost line, for people. */
export function formatPlan(plan: ImageCachePlan): string {
  const caches = formatTable(
    ['CACHE', 'ACTION', 'IMAGES', 'WORKLOADS'],
    [
      ...plan.create.map((c) => [c.name, 'create', String(c.images.length), shortList(c.workloads)]),
      ...plan.reuse.map((r) => [r.name, r.ready ? 'reuse' : 'reuse (building)', String(r.cache.spec.images.length), shortList(r.workloads)]),
    ],
  );
  const workloads = formatTable(
    ['WORKLOAD', 'CACHE', 'MATCH'],
    plan.workloads.map((w) => [
      w.name,
      w.cache ?? '<none>',
      w.images.length === 0 ? 'no images' : `${w.perfect ? 'perfect' : 'partial'} (${w.matchedImages}/${w.images.length})${w.note ? ' *' : ''}`,
    ]),
  );
  const unit = plan.cost.unit === 'bytes' ? 'bytes' : 'image slots';
  const { cost } = plan;
  const lines = [
    caches,
    '',
    workloads,
    '',
    `${plan.strategy}: ${cost.caches.plan} cache(s), ${cost.plan} ${unit}; one per workload: ${cost.caches.perWorkload} cache(s), ${cost.perWorkload} ${unit}; ` +
      `lower bound: ${cost.caches.lowerBound} cache(s), ${cost.lowerBound} ${unit}`,
  ];
  const notes = plan.workloads.filter((w) => w.note || !w.coverable);
  for (const w of notes) {
    if (!w.coverable && w.images.length > 0) lines.push(`${w.name}: more images than one cache holds; not pulled from a cache: ${shortList(w.missingImages)}`);
    if (w.note) lines.push(`* ${w.name}: ${w.note}`);
  }
  for (const c of plan.create) if (c.nameTakenBy) lines.push(`${c.name}: an ImageCache with this name exists but ${c.nameTakenBy.reason}; delete it first`);
  return lines.join('\n');
}
