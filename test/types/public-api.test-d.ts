/**
 * Type-level tests of the public API, checked by `tsc` in `npm run typecheck` under the project's
 * strict settings (exactOptionalPropertyTypes included). Nothing here runs: a regression is a
 * compile error, either from `expectTypeOf` or from a `@ts-expect-error` that no longer errors.
 */
import { expectTypeOf } from 'vitest';
import {
  ImageCacheClient,
  isConflict,
  isImageCacheValidationError,
  isImageCacheWaitError,
  isKnownPhase,
  isKubernetesApiError,
  isNotFound,
  isRequestTimeout,
  type KubernetesApiError,
  type KubernetesNetworkError,
  validateImageCache,
  type ClusterConnection,
  type DeleteOptions,
  type ImageCache,
  type ImageCacheClientOptions,
  type ImageCacheList,
  type ImageCacheMergePatch,
  type ImageCachePhase,
  type ImageCacheSchemas,
  type ImageCacheSpec,
  type ImageCacheValidationError,
  type ImageCacheWaitError,
  type KnownImageCachePhase,
  type KubernetesApiErrorInit,
  type KubernetesNetworkErrorInit,
  type CredentialOrigin,
  type ExecCredentialProviderOptions,
  type TokenFileCredentialProviderOptions,
  type ListOptions,
  type MergePatchOf,
  type RequestTimeoutError,
  type Status,
  type ValidationIssue,
  type WaitForReadyOptions,
} from 'eci-imagecache';
import { selectImageCache, type ImageCacheMatchOptions, type PodLike } from 'eci-imagecache/matching';
import type { EmulatorStatusError, FailureStatus, ImageCacheStore, JsonObject, JsonValue } from 'eci-imagecache/testing';

declare const client: ImageCacheClient;
declare const cache: ImageCache;
declare const page: ImageCacheList;
declare const env: Record<string, string | undefined>;
declare const err: unknown;

// --- Option types accept what strict consumers write (values that may be undefined) ---------

const connection: ClusterConnection = { server: 'https://k8s.example:6443', token: env['K8S_TOKEN'], caData: env['K8S_CA'] };
expectTypeOf(connection).toExtend<ClusterConnection>();
expectTypeOf<{ continue: string | undefined }>().toExtend<ListOptions>();
expectTypeOf<{ labelSelector: string | undefined; limit: number | undefined }>().toExtend<ListOptions>();
expectTypeOf<{ preconditions: { resourceVersion: string | undefined; uid: string | undefined } }>().toExtend<DeleteOptions>();
expectTypeOf<{ timeoutMs: number | undefined; signal: AbortSignal | undefined }>().toExtend<WaitForReadyOptions>();
expectTypeOf<{ timeoutMs: number | undefined; fieldManager: string | undefined }>().toExtend<ImageCacheClientOptions>();
expectTypeOf<{ defaultAutoMatch: boolean | undefined; now: number | undefined }>().toExtend<ImageCacheMatchOptions>();

async function strictConsumer(): Promise<void> {
  await client.list({ continue: page.metadata.continue });
  await client.delete('web', { preconditions: { resourceVersion: cache.metadata.resourceVersion } });
  new ImageCacheClient({ server: 'https://k8s.example:6443', token: process.env['K8S_TOKEN'] });
  // Still checked: a wrong type is not let through just because undefined is.
  // @ts-expect-error limit is a number
  await client.list({ limit: '100' });
  // @ts-expect-error an unknown option is a typo
  await client.list({ labelSelecter: 'app=web' });
}
void strictConsumer;

// --- patch overloads -----------------------------------------------------------------------

async function patches(): Promise<void> {
  expectTypeOf(await client.patch('web', { metadata: { labels: { team: 'web' } } })).toEqualTypeOf<ImageCache>();
  // A merge patch removes a field with null.
  await client.patch('web', { spec: { retentionDays: null } }, { type: 'merge' });
  await client.patch('web', [{ op: 'replace', path: '/spec/retentionDays', value: 30 }], { type: 'json' });
  await client.patch('web', { metadata: { name: 'web' }, spec: { images: ['nginx:1.25'] } }, { type: 'apply', force: true });
  // @ts-expect-error a JSON Patch needs { type: 'json' }: without it the array would be sent as a merge patch
  await client.patch('web', [{ op: 'remove', path: '/spec/retentionDays' }]);
  // @ts-expect-error an apply configuration must name the object
  await client.patch('web', { spec: { images: ['nginx'] } }, { type: 'apply' });
  // @ts-expect-error force belongs to apply only
  await client.patch('web', { spec: { retentionDays: 3 } }, { type: 'merge', force: true });
  // @ts-expect-error 'strategic' is not a patch type custom resources support
  await client.patch('web', { spec: { retentionDays: 3 } }, { type: 'strategic' });
  // @ts-expect-error status belongs to the controller
  await client.patch('web', { status: { phase: 'Ready' } });
}
void patches;

// --- phases ----------------------------------------------------------------------------------

expectTypeOf<KnownImageCachePhase>().toEqualTypeOf<'Pending' | 'Preparing' | 'Creating' | 'Ready' | 'Failed' | 'Updating' | 'UpdateFailed'>();
// Open to phases a newer controller sends...
expectTypeOf<'SomethingNew'>().toExtend<ImageCachePhase>();
// ...while still offering the known ones to editors.
expectTypeOf<KnownImageCachePhase>().toExtend<ImageCachePhase>();

function phaseOf(phase: ImageCachePhase | undefined): string {
  if (!isKnownPhase(phase)) {
    expectTypeOf(phase).toExtend<string | undefined>();
    return 'unknown';
  }
  expectTypeOf(phase).toEqualTypeOf<KnownImageCachePhase>();
  // @ts-expect-error a typo is caught once the phase is narrowed to the known ones
  if (phase === 'Readyy') return 'typo';
  switch (phase) {
    case 'Pending':
    case 'Preparing':
    case 'Creating':
    case 'Updating':
      return 'working';
    case 'Ready':
      return 'ready';
    case 'Failed':
    case 'UpdateFailed':
      return 'failed';
    default:
      // Exhaustive: every known phase is handled above.
      expectTypeOf(phase).toBeNever();
      return phase;
  }
}
void phaseOf;

// --- guards narrow errors ----------------------------------------------------------------------

if (isNotFound(err) || isConflict(err) || isKubernetesApiError(err)) {
  expectTypeOf(err).toEqualTypeOf<KubernetesApiError>();
  expectTypeOf(err.statusCode).toEqualTypeOf<number>();
  expectTypeOf(err.reason).toEqualTypeOf<string>();
}
if (isRequestTimeout(err)) expectTypeOf(err).toEqualTypeOf<RequestTimeoutError>();
if (isImageCacheWaitError(err)) {
  expectTypeOf(err).toEqualTypeOf<ImageCacheWaitError>();
  expectTypeOf(err.kind).toEqualTypeOf<'failed' | 'deleted' | 'timeout' | 'aborted'>();
}
if (isImageCacheValidationError(err)) {
  expectTypeOf(err).toEqualTypeOf<ImageCacheValidationError>();
  expectTypeOf(err.issues).toEqualTypeOf<readonly ValidationIssue[]>();
}

// --- results ---------------------------------------------------------------------------------

async function results(): Promise<void> {
  const deleted = await client.delete('web');
  expectTypeOf(deleted).toEqualTypeOf<ImageCache | Status>();
  if (deleted.kind === 'Status') expectTypeOf(deleted).toEqualTypeOf<Status>();
  const checked = validateImageCache(JSON.parse('{}'));
  if (checked.success) expectTypeOf(checked.data).toEqualTypeOf<ImageCache>();
  else expectTypeOf(checked.issues).toExtend<readonly ValidationIssue[]>();
}
void results;

declare const pod: PodLike;
expectTypeOf(selectImageCache(pod, [cache]).imageCacheId).toEqualTypeOf<string | undefined>();

// --- types public signatures mention are exported under their own names ------------------------

expectTypeOf<ImageCacheSchemas['ImageCacheSpec']>().toEqualTypeOf<ImageCacheSpec>();
expectTypeOf<ImageCacheMergePatch>().toEqualTypeOf<MergePatchOf<Omit<ImageCache, 'apiVersion' | 'kind' | 'status'>>>();
expectTypeOf<MergePatchOf<{ a: { b: number }; c: string[] }>>().toEqualTypeOf<{ a?: { b?: number | null } | null; c?: string[] | null }>();
expectTypeOf<ConstructorParameters<typeof KubernetesApiError>[0]>().toEqualTypeOf<KubernetesApiErrorInit>();
expectTypeOf<ConstructorParameters<typeof KubernetesNetworkError>[0]>().toEqualTypeOf<KubernetesNetworkErrorInit>();
expectTypeOf<EmulatorStatusError['status']>().toEqualTypeOf<FailureStatus>();
expectTypeOf<FailureStatus>().toExtend<Status>();
expectTypeOf<JsonObject>().toExtend<Parameters<ImageCacheStore['create']>[0]>();
expectTypeOf<JsonObject[string]>().toEqualTypeOf<JsonValue>();

// Exec plugins and token files name where their setting came from with one shared type.
expectTypeOf<ExecCredentialProviderOptions['origin']>().toEqualTypeOf<CredentialOrigin | undefined>();
expectTypeOf<TokenFileCredentialProviderOptions['origin']>().toEqualTypeOf<CredentialOrigin | undefined>();
// @ts-expect-error origin.file is a path, not a number
const badOrigin: CredentialOrigin = { file: 42 };
void badOrigin;
