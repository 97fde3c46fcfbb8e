import type { ImageCache, ImageCacheSpec, ObjectMeta } from '../types/index.js';

/**
 * A JSON merge patch (RFC 7386) of a `T`: every field optional, `null` to remove one, objects
 * patched field by field, arrays replaced whole.
 */
export type MergePatchOf<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: MergePatchOf<T[K]> | null } : T;

/**
 * A JSON merge patch (RFC 7386) of an ImageCache: fields to set, `null` to remove one. Arrays are
 * replaced whole. Status belongs to the controller and cannot be patched here.
 */
export type ImageCacheMergePatch = MergePatchOf<Omit<ImageCache, 'apiVersion' | 'kind' | 'status'>>;

/** One JSON Patch (RFC 6902) operation. */
export type JsonPatchOperation =
  | {
      /** Set (`add`, `replace`) or compare (`test`) the value at `path`. */
      readonly op: 'add' | 'replace' | 'test';
      /** A JSON Pointer (RFC 6901), e.g. `/spec/retentionDays` or `/spec/images/-` (append). */
      readonly path: string;
      /** The value to set, or to compare with. */
      readonly value: unknown;
    }
  | {
      /** Remove the value at `path`. */
      readonly op: 'remove';
      /** A JSON Pointer (RFC 6901) to the value removed. */
      readonly path: string;
    }
  | {
      /** Move or copy the value at `from` to `path`. */
      readonly op: 'move' | 'copy';
      /** A JSON Pointer (RFC 6901) to the source value. */
      readonly from: string;
      /** A JSON Pointer (RFC 6901) to the destination. */
      readonly path: string;
    };

/**
 * What server-side apply sends: the fields this manager owns, nothing else. `apiVersion` and
 * `kind` are filled in when left out; `metadata.name` must be the patched name.
 */
export interface ImageCacheApplyConfiguration {
  /** `eci.alibabacloud.com/v1`; filled in when left out. */
  readonly apiVersion?: ImageCache['apiVersion'] | undefined;
  /** `ImageCache`; filled in when left out. */
  readonly kind?: ImageCache['kind'] | undefined;
  /** The name (required, the patched name) and the labels and annotations this manager owns. */
  readonly metadata: Pick<ObjectMeta, 'name' | 'labels' | 'annotations'> & {
    /** The cache's name: the name patched. */
    readonly name: string;
  };
  /** The spec fields this manager owns; a field it owned before and now leaves out is removed, unless another manager owns it too. */
  readonly spec?: Partial<ImageCacheSpec> | undefined;
}

/** Options shared by every patch type. */
interface PatchOptionsBase {
  /** Name recorded in managedFields. Required by the server for `apply`; the client's `fieldManager` by default. */
  readonly fieldManager?: string | undefined;
  /** Validate and answer without persisting. */
  readonly dryRun?: boolean | undefined;
  /** Cancels the call: it rejects with a `RequestAbortedError`. */
  readonly signal?: AbortSignal | undefined;
}

/** Options of a JSON merge patch (the default type). */
export interface MergePatchOptions extends PatchOptionsBase {
  /** `'merge'` (or left out): a JSON merge patch, `application/merge-patch+json`. */
  readonly type?: 'merge' | undefined;
}

/** Options of a JSON Patch. */
export interface JsonPatchOptions extends PatchOptionsBase {
  /** `'json'`: a JSON Patch, `application/json-patch+json`. */
  readonly type: 'json';
}

/** Options of a server-side apply. */
export interface ApplyPatchOptions extends PatchOptionsBase {
  /** `'apply'`: server-side apply, `application/apply-patch+yaml`. */
  readonly type: 'apply';
  /** Take ownership of fields another manager owns instead of failing with a Conflict. */
  readonly force?: boolean | undefined;
}

/** Options of {@link ImageCacheClient.patch}. */
export type PatchOptions = MergePatchOptions | JsonPatchOptions | ApplyPatchOptions;

/** The Content-Type of each patch type. */
export const PATCH_CONTENT_TYPES: Readonly<Record<NonNullable<PatchOptions['type']>, string>> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  // JSON is YAML, so the apply body is sent as JSON under the YAML type the server expects.
  apply: 'application/apply-patch+yaml',
};
