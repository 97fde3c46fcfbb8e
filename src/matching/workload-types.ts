/**
 * Minimal structural types for what the matcher reads from Kubernetes objects. They are shaped so
 * that `@kubernetes/client-node` objects, plain YAML-parsed objects and test literals all fit,
 * without this package depending on any Kubernetes client.
 * @packageDocumentation
 */

/** A container as the matcher reads it: only its image and pull policy matter. */
export interface ContainerLike {
  /** The container's name, used in lint messages. */
  readonly name?: string | undefined;
  /** The image reference, as written in the pod spec. */
  readonly image?: string | undefined;
  /** `Always`, `IfNotPresent` or `Never`; Kubernetes defaults it from the image's tag when absent. */
  readonly imagePullPolicy?: string | undefined;
}

/** The part of a pod spec the matcher reads. Init containers count like containers. */
export interface PodSpecLike {
  /** The pod's containers. */
  readonly containers?: readonly ContainerLike[] | null | undefined;
  /** The pod's init containers; their images are pulled too, so they count for matching. */
  readonly initContainers?: readonly ContainerLike[] | null | undefined;
}

/** Object metadata: a name for messages, and the annotations ECI reads. */
export interface ObjectMetaLike {
  /** The object's name. */
  readonly name?: string | undefined;
  /** The object's namespace. */
  readonly namespace?: string | undefined;
  /** The object's annotations. */
  readonly annotations?: Readonly<Record<string, string>> | null | undefined;
}

/** A pod template (`PodTemplateSpec`): the metadata and spec every pod of a workload gets. */
export interface PodTemplateSpecLike {
  /** The pod's metadata; its annotations are the ones ECI reads. */
  readonly metadata?: ObjectMetaLike | null | undefined;
  /** The pod's spec. */
  readonly spec?: PodSpecLike | null | undefined;
}

/** A Pod (`kind: Pod`), or any object shaped like a pod template. */
export interface PodLike extends PodTemplateSpecLike {
  /** `v1` for a Pod. */
  readonly apiVersion?: string | undefined;
  /** `Pod`, or absent for a bare pod template. */
  readonly kind?: string | undefined;
}

/** A core/v1 `PodTemplate` object, which holds its pod template under `template`. */
export interface PodTemplateLike {
  /** `v1`. */
  readonly apiVersion?: string | undefined;
  /** `PodTemplate`. */
  readonly kind?: string | undefined;
  /** The PodTemplate object's own metadata; ECI does not read annotations here. */
  readonly metadata?: ObjectMetaLike | null | undefined;
  /** The pod template. */
  readonly template?: PodTemplateSpecLike | null | undefined;
}

/** The spec of a workload: a pod template, or for a CronJob a job template holding one. */
export interface WorkloadSpecLike {
  /** Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job: the pod template. */
  readonly template?: PodTemplateSpecLike | null | undefined;
  /** CronJob: the job template, whose spec holds the pod template. */
  readonly jobTemplate?:
    | {
        /** The job template's metadata. */
        readonly metadata?: ObjectMetaLike | null | undefined;
        /** The Job spec. */
        readonly spec?:
          | {
              /** The Job's pod template. */
              readonly template?: PodTemplateSpecLike | null | undefined;
            }
          | null
          | undefined;
      }
    | null
    | undefined;
}

/** A workload: Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob. */
export interface WorkloadLike {
  /** e.g. `apps/v1`. */
  readonly apiVersion?: string | undefined;
  /** e.g. `Deployment`. */
  readonly kind?: string | undefined;
  /** The workload's own metadata; ECI ignores cache annotations here. */
  readonly metadata?: ObjectMetaLike | null | undefined;
  /** The workload's spec. */
  readonly spec?: WorkloadSpecLike | null | undefined;
}

/**
 * Whatever the matcher can read a pod template from. Functions take it as a type parameter
 * `T extends MatchTarget`, so that a literal Deployment with fields this type does not declare
 * (`replicas`, `resources`, ...) is accepted without excess-property errors.
 */
export type MatchTarget = PodLike | PodTemplateLike | WorkloadLike;
