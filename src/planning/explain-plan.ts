/**
 * The plan in words: what is created for whom and why, what is reused, what cannot be covered.
 * @packageDocumentation
 */
import type { ImageCachePlan } from './plan-types.js';

const LIST_LIMIT = 6;

function list(items: readonly string[]): string {
  if (items.length <= LIST_LIMIT) return items.join(', ');
  return `${items.slice(0, LIST_LIMIT).join(', ')} and ${items.length - LIST_LIMIT} more`;
}

function amount(value: number, unit: ImageCachePlan['cost']['unit']): string {
  if (unit === 'image-slots') return `${value} image slot(s)`;
  const gib = value / 1024 ** 3;
  return gib >= 1 ? `${gib.toFixed(2)} GiB` : `${(value / 1024 ** 2).toFixed(1)} MiB`;
}

function ratio(a: number, b: number): string {
  return b === 0 ? (a === 0 ? '1.00' : 'n/a') : (a / b).toFixed(2);
}

/**
 * Explains a plan.
 *
 * @example
 * ```ts
 * explainPlan(plan, 20).split('\n')[0]; // 'Plan (consolidate, at most 20 images per cache): ...'
 * ```
 */
export function explainPlan(plan: Omit<ImageCachePlan, 'explanation'>, maxImages: number): string {
  const { cost } = plan;
  const lines = [
    `Plan (${plan.strategy}, at most ${maxImages} images per cache): ${plan.workloads.length} workload(s); ` +
      `${plan.create.length} cache(s) to create, ${plan.reuse.length} existing reused.`,
    `Cost: ${amount(cost.plan, cost.unit)} stored in ${cost.caches.plan} new cache(s); one cache per workload would store ` +
      `${amount(cost.perWorkload, cost.unit)} in ${cost.caches.perWorkload}; no plan stores less than ${amount(cost.lowerBound, cost.unit)} ` +
      `in ${cost.caches.lowerBound} (this plan: ${ratio(cost.plan, cost.lowerBound)}x the bound, ${ratio(cost.plan, cost.perWorkload)}x per-workload).`,
  ];
  if (cost.unit === 'image-slots') lines.push('Image sizes were not given, so the plan counts images, not bytes.');
  for (const c of plan.create) {
    const why = c.workloads.length > 1 && c.sharedImages.length > 0 ? `; they share ${list(c.sharedImages)}` : '';
    lines.push(`create ${c.name} (${c.images.length} image(s)) for ${list(c.workloads)}${why}`);
    if (c.nameTakenBy) lines.push(`  an ImageCache named ${c.name} exists but cannot be reused (${c.nameTakenBy.reason}): delete it before applying`);
  }
  for (const r of plan.reuse) lines.push(`reuse ${r.name} (${r.ready ? 'Ready' : 'still being built'}) for ${list(r.workloads)}`);
  for (const w of plan.workloads) {
    if (w.images.length === 0) lines.push(`${w.name}: has no images; nothing to cache`);
    else if (!w.coverable) {
      lines.push(
        `${w.name}: ${w.images.length} distinct images, more than ${maxImages}: no single cache can hold them all, so it cannot get a perfect match ` +
          `(with imc-perfect-match it gets no cache). ${w.cache ?? 'no cache'} holds ${w.matchedImages} of them; ${list(w.missingImages)} are pulled when a pod starts.`,
      );
    }
    if (w.note) lines.push(`${w.name}: ${w.note}`);
  }
  if (plan.unused.length > 0) lines.push(`managed caches no workload here uses (never deleted by the planner): ${list(plan.unused)}`);
  return lines.join('\n');
}
