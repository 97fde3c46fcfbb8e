/**
 * Finds the pod template in a Pod, PodTemplate or workload, and the places where cache
 * annotations would be ignored.
 * @packageDocumentation
 */
import { UnsupportedTargetError } from './errors.js';
import type { MatchTarget, ObjectMetaLike, PodTemplateSpecLike } from './workload-types.js';

/** Workload kinds whose pod template is `spec.template`. */
const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job']);

/** Metadata that ECI does not read cache annotations from, e.g. a Deployment's own. */
export interface IgnoredAnnotationSite {
  /** Where it is, e.g. `metadata.annotations` or `spec.jobTemplate.metadata.annotations`. */
  readonly path: string;
  /** The annotations found there. */
  readonly annotations: Readonly<Record<string, string>>;
}

/** The pod template of a target, and how to name things in it. */
export interface ResolvedTarget {
  /** The target's kind; `PodTemplateSpec` for a bare template. */
  readonly kind: string;
  /** The target's name, when it has one. */
  readonly name: string | undefined;
  /** The pod (template) whose annotations and containers ECI uses. */
  readonly template: PodTemplateSpecLike;
  /** Path of the template in the target: `''` for a Pod, `spec.template`, `spec.jobTemplate.spec.template`, `template`. */
  readonly templatePath: string;
  /** Metadata above the pod template, whose cache annotations ECI ignores. */
  readonly ignoredAnnotationSites: readonly IgnoredAnnotationSite[];
}

/** One container's image in a pod template. */
export interface ContainerImage {
  /** The image as written. */
  readonly image: string;
  /** The container's name, when it has one. */
  readonly containerName: string | undefined;
  /** The container's path in the target, e.g. `spec.template.spec.containers[0]`. */
  readonly path: string;
  /** The container's `imagePullPolicy`, when set. */
  readonly pullPolicy: string | undefined;
  /** Whether it is an init container. */
  readonly init: boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function annotationsOf(meta: ObjectMetaLike | null | undefined): Readonly<Record<string, string>> | undefined {
  // Values are checked where they are read; only string values are ever used.
  return isObject(meta) && isObject(meta.annotations) ? (meta.annotations as Readonly<Record<string, string>>) : undefined;
}

function sites(...candidates: Array<[string, ObjectMetaLike | null | undefined]>): IgnoredAnnotationSite[] {
  const found: IgnoredAnnotationSite[] = [];
  for (const [path, meta] of candidates) {
    const annotations = annotationsOf(meta);
    if (annotations) found.push({ path, annotations });
  }
  return found;
}

function templateOrEmpty(value: unknown): PodTemplateSpecLike {
  return isObject(value) ? (value as PodTemplateSpecLike) : {};
}

/**
 * Finds the pod template ECI reads in `target`: a Pod itself, a bare pod template, a
 * PodTemplate's `template`, a workload's `spec.template`, or a CronJob's
 * `spec.jobTemplate.spec.template`. Unknown kinds with a `spec.template` or `spec.jobTemplate` are
 * accepted too; a top-level `template` is read only from a PodTemplate or an object without a kind.
 *
 * @example
 * ```ts
 * resolveTarget(deployment).templatePath; // 'spec.template'
 * ```
 * @throws {@link UnsupportedTargetError} when no pod template can be found.
 */
export function resolveTarget(target: MatchTarget): ResolvedTarget {
  if (!isObject(target)) throw new UnsupportedTargetError(undefined, 'expected an object');
  const record = target as Record<string, unknown>;
  const kind = typeof record.kind === 'string' && record.kind !== '' ? record.kind : undefined;
  const metadata = isObject(record.metadata) ? (record.metadata as ObjectMetaLike) : undefined;
  const name = typeof metadata?.name === 'string' ? metadata.name : undefined;
  const spec = isObject(record.spec) ? record.spec : undefined;

  if (kind === 'Pod') {
    return { kind, name, template: record as PodTemplateSpecLike, templatePath: '', ignoredAnnotationSites: [] };
  }
  if (kind === 'PodTemplate' || (kind === undefined && isObject(record.template))) {
    return {
      kind: kind ?? 'PodTemplate',
      name,
      template: templateOrEmpty(record.template),
      templatePath: 'template',
      ignoredAnnotationSites: sites(['metadata.annotations', metadata]),
    };
  }
  if (kind === 'CronJob' || (spec !== undefined && isObject(spec.jobTemplate))) {
    const jobTemplate = spec && isObject(spec.jobTemplate) ? spec.jobTemplate : undefined;
    const jobSpec = jobTemplate && isObject(jobTemplate.spec) ? jobTemplate.spec : undefined;
    return {
      kind: kind ?? 'CronJob',
      name,
      template: templateOrEmpty(jobSpec?.template),
      templatePath: 'spec.jobTemplate.spec.template',
      ignoredAnnotationSites: sites(
        ['metadata.annotations', metadata],
        ['spec.jobTemplate.metadata.annotations', jobTemplate?.metadata as ObjectMetaLike | undefined],
      ),
    };
  }
  if ((kind !== undefined && TEMPLATE_KINDS.has(kind)) || (spec !== undefined && isObject(spec.template))) {
    return {
      kind: kind ?? 'Workload',
      name,
      template: templateOrEmpty(spec?.template),
      templatePath: 'spec.template',
      ignoredAnnotationSites: sites(['metadata.annotations', metadata]),
    };
  }
  if (kind === undefined) {
    // A bare PodTemplateSpec, or a Pod without its kind: metadata and spec at the top.
    return { kind: 'PodTemplateSpec', name, template: record as PodTemplateSpecLike, templatePath: '', ignoredAnnotationSites: [] };
  }
  throw new UnsupportedTargetError(kind, 'it is not a Pod, a PodTemplate, nor has spec.template or spec.jobTemplate');
}

/**
 * The images of a pod template's containers, then of its init containers, with their paths.
 *
 * @example
 * ```ts
 * containerImages(resolveTarget(pod)).map((c) => c.image); // ['nginx:1.7.9']
 * ```
 */
export function containerImages(resolved: ResolvedTarget): ContainerImage[] {
  const spec = isObject(resolved.template.spec) ? resolved.template.spec : undefined;
  const prefix = resolved.templatePath === '' ? 'spec' : `${resolved.templatePath}.spec`;
  const found: ContainerImage[] = [];
  const collect = (list: unknown, field: string, init: boolean) => {
    if (!Array.isArray(list)) return;
    list.forEach((container: unknown, i) => {
      if (!isObject(container) || typeof container.image !== 'string') return;
      found.push({
        image: container.image,
        containerName: typeof container.name === 'string' ? container.name : undefined,
        path: `${prefix}.${field}[${i}]`,
        pullPolicy: typeof container.imagePullPolicy === 'string' && container.imagePullPolicy !== '' ? container.imagePullPolicy : undefined,
        init,
      });
    });
  };
  collect(spec?.containers, 'containers', false);
  collect(spec?.initContainers, 'initContainers', true);
  return found;
}

/**
 * The annotations of the pod template ECI reads.
 *
 * @example
 * ```ts
 * templateAnnotations(resolveTarget(deployment))['k8s.aliyun.com/eci-image-cache']; // 'true'
 * ```
 */
export function templateAnnotations(resolved: ResolvedTarget): Readonly<Record<string, string>> | undefined {
  return annotationsOf(resolved.template.metadata);
}
