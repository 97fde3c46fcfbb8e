/**
 * Reads what is planned for: workloads (anything `lintWorkload` accepts) or named image lists,
 * as the distinct keys of their images.
 * @packageDocumentation
 */
import type { PodCacheAnnotations } from '../matching/annotations.js';
import { isUnsupportedTargetError } from '../matching/errors.js';
import type { ImageKeyer } from '../matching/image-keys.js';
import { decideMode, notOnEciDecision, readPod } from '../matching/pod-view.js';
import type { MatchTarget } from '../matching/workload-types.js';
import { InvalidPlanWorkloadError } from './errors.js';

/** A bare list of images with a name, e.g. what a release needs. */
export interface ImageList {
  /** Shown in the plan. */
  readonly name: string;
  /** Image references. */
  readonly images: readonly string[];
}

/** What the planner plans for: a Pod, pod template or workload (Deployment, Job, CronJob...), or an {@link ImageList}. */
export type PlanWorkload = MatchTarget | ImageList;

/** A workload as the planner sees it. */
export interface WorkloadView {
  /** Its position in the input. */
  readonly index: number;
  /** `Deployment/web`, `Deployment/web (namespace prod)`, or an image list's name. */
  readonly label: string;
  /** Distinct image keys, containers before init containers. */
  readonly keys: readonly string[];
  /** The image as written, for each key (the first spelling in the workload). */
  readonly spellings: readonly string[];
  /** Normalized references, for each key. */
  readonly normalized: readonly string[];
  /** Why ECI would not auto-match this workload, when it would not. */
  readonly note: string | undefined;
}

function isImageList(workload: PlanWorkload): workload is ImageList {
  const record = workload as { images?: unknown; name?: unknown };
  return typeof record === 'object' && record !== null && Array.isArray(record.images) && typeof record.name === 'string';
}

function labelOf(target: MatchTarget): string {
  const t = target as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } | null };
  const kind = typeof t.kind === 'string' && t.kind !== '' ? t.kind : 'Pod';
  const name = typeof t.metadata?.name === 'string' ? t.metadata.name : '<unnamed>';
  return typeof t.metadata?.namespace === 'string' && t.metadata.namespace !== '' ? `${kind}/${name} (namespace ${t.metadata.namespace})` : `${kind}/${name}`;
}

function view(index: number, label: string, images: ReadonlyArray<{ image: string; path: string }>, keyOf: ImageKeyer, note?: string): WorkloadView {
  const keys: string[] = [];
  const spellings: string[] = [];
  const normalized: string[] = [];
  const seen = new Set<string>();
  for (const { image, path } of images) {
    const keyed = typeof image === 'string' ? keyOf(image) : { ok: false as const, reason: 'is not a string' };
    if (!keyed.ok) throw new InvalidPlanWorkloadError(index, label, path, `${JSON.stringify(image)} is not an image reference: ${keyed.reason}`);
    if (seen.has(keyed.key)) continue;
    seen.add(keyed.key);
    keys.push(keyed.key);
    spellings.push(image);
    normalized.push(keyed.normalized);
  }
  return { index, label, keys, spellings, normalized, note };
}

function noteOf(annotations: PodCacheAnnotations): string | undefined {
  // ECI auto-matches a pod without annotations (the spec's "default true").
  const decision = decideMode(annotations, true);
  if (decision.mode === 'explicit') return `its pod template names a cache (${decision.reason}), so ECI uses that one, not an auto-matched one`;
  if (decision.mode === 'none') return `${decision.reason}: ECI will not auto-match a cache for it`;
  return undefined;
}

/**
 * Reads one workload.
 *
 * @example
 * ```ts
 * readWorkload({ name: 'release-42', images: ['nginx:1.25'] }, 0, keyOf).keys; // ['docker.io/library/nginx:1.25']
 * ```
 * @throws {@link InvalidPlanWorkloadError} for a target without a pod template or an image that is not a reference.
 */
export function readWorkload(workload: PlanWorkload, index: number, keyOf: ImageKeyer): WorkloadView {
  if (isImageList(workload)) {
    return view(
      index,
      workload.name,
      workload.images.map((image, i) => ({ image, path: `images[${i}]` })),
      keyOf,
    );
  }
  const label = labelOf(workload);
  let pod: ReturnType<typeof readPod>;
  try {
    pod = readPod(workload, keyOf);
  } catch (err) {
    if (isUnsupportedTargetError(err)) throw new InvalidPlanWorkloadError(index, label, '', err.message);
    throw err;
  }
  const images = pod.containers.filter((c) => c.image !== '').map((c) => ({ image: c.image, path: `${c.path}.image` }));
  return view(index, label, images, keyOf, notOnEciDecision(pod)?.reason ?? noteOf(pod.annotations));
}
