/**
 * The structural schema of `crds/imagecache.v1.yaml` (descriptions left out), which the emulator
 * prunes and validates by as the API server does. test/emulator/crd-schema.test.ts checks it
 * equals the CRD manifest, so the two cannot drift apart.
 * @packageDocumentation
 */

/** The subset of a CRD's OpenAPI v3 structural schema that this resource uses. */
export interface StructuralSchema {
  readonly type: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly properties?: Readonly<Record<string, StructuralSchema>> | undefined;
  readonly items?: StructuralSchema | undefined;
  readonly required?: readonly string[] | undefined;
  readonly minItems?: number | undefined;
  readonly maxItems?: number | undefined;
  readonly minimum?: number | undefined;
  readonly maximum?: number | undefined;
  readonly minLength?: number | undefined;
  readonly maxLength?: number | undefined;
  readonly pattern?: string | undefined;
  readonly not?: { readonly pattern: string } | undefined;
  readonly format?: 'date-time' | undefined;
  readonly nullable?: boolean | undefined;
}

const str: StructuralSchema = { type: 'string' };
const nullableStr: StructuralSchema = { type: 'string', nullable: true };

const IMAGE_REFERENCE_PATTERN =
  '^((?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*(?::[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,127})?(?:@(?:sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128}))?$';
const PULL_SECRET_PATTERN = '^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$';

/** The `openAPIV3Schema` of the served version `v1`. */
export const IMAGE_CACHE_CRD_SCHEMA: StructuralSchema = {
  type: 'object',
  required: ['spec'],
  properties: {
    apiVersion: str,
    kind: str,
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      required: ['images'],
      properties: {
        images: {
          type: 'array',
          minItems: 1,
          maxItems: 20,
          items: { type: 'string', minLength: 1, pattern: IMAGE_REFERENCE_PATTERN, not: { pattern: '^[a-f0-9]{64}$' } },
        },
        imagePullSecrets: { type: 'array', items: { type: 'string', pattern: PULL_SECRET_PATTERN, maxLength: 317 } },
        imageCacheSize: { type: 'integer', minimum: 20, maximum: 32768 },
        retentionDays: { type: 'integer', minimum: 1, maximum: 65536 },
      },
    },
    status: {
      type: 'object',
      properties: {
        phase: str,
        // Types only under status: the server never rejects what the controller writes.
        progress: str,
        imageCacheId: str,
        reason: str,
        startTime: str,
        lastUpdatedTime: str,
        expireDateTime: str,
        events: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              metadata: { type: 'object', properties: { name: str, namespace: str, creationTimestamp: nullableStr } },
              involvedObject: {
                type: 'object',
                properties: { kind: str, name: str, namespace: str, uid: str, apiVersion: str, resourceVersion: str, fieldPath: str },
              },
              reason: str,
              message: str,
              source: { type: 'object', properties: { component: str, host: str } },
              firstTimestamp: nullableStr,
              lastTimestamp: nullableStr,
              eventTime: nullableStr,
              count: { type: 'integer' },
              type: str,
              action: str,
              reportingComponent: str,
              reportingInstance: str,
            },
          },
        },
      },
    },
  },
};

/** Printer columns of the CRD, in order, as `kubectl get` shows them after NAME. */
export const IMAGE_CACHE_PRINTER_COLUMNS = [
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  { name: 'CacheId', type: 'string', jsonPath: '.status.imageCacheId' },
  { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
  { name: 'Progress', type: 'string', jsonPath: '.status.progress' },
] as const;

/** The CRD's names, as discovery reports them. */
export const IMAGE_CACHE_NAMES = {
  singular: 'imagecache',
  shortNames: ['ic', 'imc'],
  categories: ['all'],
} as const;
