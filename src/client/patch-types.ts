import type { ImageCache, ImageCacheSpec, ObjectMeta } from '../types/index.js';

type MergePatchOf<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: MergePatchOf<T[K]> | null } : T;

/**
 * A JSON merge patch (RFC 7386) of an ImageCache: fields to set, `null` to remove one. Arrays are
 * replaced whole. Status belongs to the controller and cannot be patched here.
 */
export type ImageCacheMergePatch = MergePatchOf<Omit<ImageCache, 'apiVersion' | 'kind' | 'status'>>;

/** One JSON Patch (RFC 6902) operation. */
export type JsonPatchOperation =
  | { readonly op: 'add' | 'replace' | 'test'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string }
  | { readonly op: 'move' | 'copy'; readonly from: string; readonly path: string };

/**
 * What server-side apply sends: the fields this manager owns, nothing else. `apiVersion` and
 * `kind` are filled in when left out; `metadata.name` must be the patched name.
 */
export interface ImageCacheApplyConfiguration {
  readonly apiVersion?: ImageCache['apiVersion'] | undefined;
  readonly kind?: ImageCache['kind'] | undefined;
  readonly metadata: Pick<ObjectMeta, 'name' | 'labels' | 'annotations'> & { readonly name: string };
  readonly spec?: Partial<ImageCacheSpec> | undefined;
}

/** Options shared by every patch type. */
interface PatchOptionsBase {
  /** Name recorded in managedFields. Required by the server for `apply`; the client's `fieldManager` by default. */
  readonly fieldManager?: string | undefined;
  /** Validate and answer without persisting. */
  readonly dryRun?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** Options of a JSON merge patch (the default type). */
export interface MergePatchOptions extends PatchOptionsBase {
  readonly type?: 'merge' | undefined;
}

/** Options of a JSON Patch. */
export interface JsonPatchOptions extends PatchOptionsBase {
  readonly type: 'json';
}

/** Options of a server-side apply. */
export interface ApplyPatchOptions extends PatchOptionsBase {
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
