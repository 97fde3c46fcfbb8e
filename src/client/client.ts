import { IMAGE_CACHE_API_VERSION, IMAGE_CACHE_KIND } from '../types/constants.js';
import type { ImageCache, ImageCacheInput, ImageCacheList, Status } from '../types/index.js';
import { ImageCacheValidationError } from '../validation/errors.js';
import { assertValidImageCache } from '../validation/validate.js';
import { createAgents, type ClientAgents } from './transport/agents.js';
import { expectImageCache, expectImageCacheList, expectImageCacheOrStatus, type ResponseContext } from './boundary.js';
import type { ClusterConnection } from './connection.js';
import { loadDefaultConfig, loadInClusterConfig, loadKubeConfig } from './kubeconfig/index.js';
import type { InClusterOptions, LoadDefaultConfigOptions, LoadKubeConfigOptions, ResolvedKubeConfig } from './kubeconfig/index.js';
import { ImageCacheSpecConflictError, isAlreadyExists, isGone, isNotFound } from './errors.js';
import { DEFAULT_CLIENT_OPTIONS, resolveClientOptions, type ImageCacheClientOptions, type ResolvedClientOptions } from './options.js';
import {
  PATCH_CONTENT_TYPES,
  type ImageCacheApplyConfiguration,
  type ImageCacheMergePatch,
  type JsonPatchOperation,
  type PatchOptions,
  type ApplyPatchOptions,
  type JsonPatchOptions,
  type MergePatchOptions,
} from './patch-types.js';
import { ContinueTokens } from './pagination.js';
import { listQuery } from './list-query.js';
import { listAllImageCaches } from './paging/list-all.js';
import { COLLECTION_PATH, assertValidName, itemPath, queryString } from './paths.js';
import { specDifferences } from './spec-equality.js';
import { Transport } from './transport/transport.js';
import { waitForImageCacheReady, type WaitForReadyOptions } from './wait-for-ready.js';
import { watchImageCacheBatches, watchImageCaches, type WatchContext, type WatchOptions, type WatchStreamEvent } from './watch.js';
import { scanWatchLine, type LazyChangeEvent } from './lazy/events.js';
import { ImageCacheInformer, type InformerOptions } from './informer/informer.js';
import { readListBody, toReflectorPage } from './informer/list-page.js';
import type { ReflectorPage } from './informer/reflector.js';

import type { CreateOptions, DeleteOptions, EnsureResult, ListAllOptions, ListOptions, ReplaceOptions, RequestOptions } from './request-options.js';

function stripStatus(imageCache: ImageCache): ImageCache {
  const { status: _status, ...rest } = imageCache;
  return { ...rest, apiVersion: IMAGE_CACHE_API_VERSION, kind: IMAGE_CACHE_KIND };
}

/**
 * A typed client for ImageCaches (`eci.alibabacloud.com/v1`, cluster-scoped) on one cluster.
 * Create one per connection and reuse it: it keeps one keep-alive agent and its TLS sessions.
 *
 * Every method validates names before sending (DNS-1123 subdomain), combines the caller's
 * `signal` with a per-attempt timeout, retries what is safe to retry, and throws typed errors
 * (`KubernetesApiError` with guards such as {@link isNotFound}, `KubernetesNetworkError`,
 * `KubernetesResponseError`) that never contain credentials.
 *
 * @example
 * ```ts
 * const client = new ImageCacheClient({ server: 'http://127.0.0.1:8001' }); // kubectl proxy
 * await client.create({ metadata: { name: 'web' }, spec: { images: ['nginx:1.25'] } });
 * const ready = await client.waitForReady('web', { onProgress: (p) => console.log(p.phase, p.progress) });
 * console.log(ready.status?.imageCacheId);
 * client.close();
 * ```
 */
export class ImageCacheClient {
  readonly #options: ResolvedClientOptions;
  readonly #agents: ClientAgents;
  readonly #transport: Transport;

  /**
   * A client for one cluster. It keeps connections alive between calls: {@link ImageCacheClient.close} releases them.
   *
   * @param connection Where the cluster is and how to authenticate; resolved from a kubeconfig or written by hand.
   * @param options Timeouts, retry policy, hooks; see {@link DEFAULT_CLIENT_OPTIONS}.
   */
  constructor(connection: ClusterConnection, options: ImageCacheClientOptions = {}) {
    this.#options = resolveClientOptions(options);
    this.#agents = createAgents(connection, this.#options);
    try {
      this.#transport = new Transport(connection, this.#options, this.#agents);
    } catch (error) {
      this.#agents.destroy();
      throw error;
    }
  }

  /**
   * Connects as kubectl does with the same kubeconfig: `path` (one file or the KUBECONFIG list),
   * `kubeconfig` (YAML text), `context`. Warnings (e.g. TLS verification turned off) are emitted
   * with `process.emitWarning`.
   *
   * @throws KubeConfigError naming the file and the key when the kubeconfig is wrong.
   * @example
   * ```ts
   * const client = await ImageCacheClient.fromKubeConfig({ path: '~/.kube/config', context: 'prod' });
   * ```
   */
  static async fromKubeConfig(config: LoadKubeConfigOptions = {}, options: ImageCacheClientOptions = {}): Promise<ImageCacheClient> {
    return ImageCacheClient.#fromResolved(await loadKubeConfig(config), options);
  }

  /**
   * Connects from inside a pod with its service account: `KUBERNETES_SERVICE_HOST`/`_PORT`, the
   * token and CA under `/var/run/secrets/kubernetes.io/serviceaccount` (the token re-read as it rotates).
   *
   * @example
   * ```ts
   * const client = await ImageCacheClient.inCluster();
   * ```
   */
  static async inCluster(config: InClusterOptions = {}, options: ImageCacheClientOptions = {}): Promise<ImageCacheClient> {
    return ImageCacheClient.#fromResolved(await loadInClusterConfig(config), options);
  }

  /**
   * Connects the way kubectl picks a cluster with no flags: KUBECONFIG, else `~/.kube/config`,
   * else the in-cluster service account.
   *
   * @example
   * ```ts
   * const client = await ImageCacheClient.fromDefault();
   * for await (const cache of client.listAll()) console.log(cache.metadata.name);
   * ```
   */
  static async fromDefault(config: LoadDefaultConfigOptions = {}, options: ImageCacheClientOptions = {}): Promise<ImageCacheClient> {
    return ImageCacheClient.#fromResolved(await loadDefaultConfig(config), options);
  }

  static #fromResolved(resolved: ResolvedKubeConfig, options: ImageCacheClientOptions): ImageCacheClient {
    for (const warning of resolved.warnings) process.emitWarning(warning, { code: 'ECI_IMAGECACHE_KUBECONFIG' });
    return new ImageCacheClient(resolved.connection, options);
  }

  /**
   * Validates `imageCache`, then creates it. If an earlier attempt of this same call may have
   * reached the server (a retry after 429) and the server now answers AlreadyExists, the existing
   * object is returned when its spec is the one sent: a create is never reported failed because
   * it succeeded twice.
   *
   * @throws ImageCacheValidationError before sending anything, when the object is invalid.
   * @example
   * ```ts
   * const cache = await client.create({ metadata: { name: 'web' }, spec: { images: ['nginx:1.25'], retentionDays: 7 } });
   * ```
   */
  async create(imageCache: ImageCacheInput, options: CreateOptions = {}): Promise<ImageCache> {
    const body = stripStatus(assertValidImageCache(imageCache, this.#options.validation));
    let resent = false;
    try {
      const response = await this.#transport.request({
        method: 'POST',
        path: COLLECTION_PATH,
        query: queryString({ dryRun: options.dryRun ? 'All' : undefined, fieldManager: options.fieldManager }),
        body: JSON.stringify(body),
        retryMode: 'unsafe',
        onResend: () => (resent = true),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const sentName = typeof body.metadata.name === 'string' && body.metadata.name !== '' ? body.metadata.name : undefined;
      return expectImageCache(response.body, this.#responseContext('POST', COLLECTION_PATH, response.statusCode), sentName);
    } catch (error) {
      if (!resent || options.dryRun || !isAlreadyExists(error)) throw error;
      const existing = await this.get(body.metadata.name as string, options);
      if (specDifferences(body.spec, existing.spec).length > 0) throw error;
      return existing;
    }
  }

  /**
   * Reads one ImageCache.
   *
   * @throws KubernetesApiError with {@link isNotFound} when it does not exist.
   * @example
   * ```ts
   * const cache = await client.get('web');
   * console.log(cache.status?.phase, cache.status?.progress);
   * ```
   */
  async get(name: string, options: RequestOptions = {}): Promise<ImageCache> {
    const path = itemPath(name);
    const response = await this.#transport.request({ method: 'GET', path, retryMode: 'idempotent', signal: options.signal });
    return expectImageCache(response.body, this.#responseContext('GET', path, response.statusCode), name);
  }

  /**
   * Lists one page of ImageCaches. With `limit`, follow `metadata.continue` for the next page, or
   * use {@link ImageCacheClient.listAll}.
   *
   * @example
   * ```ts
   * const page = await client.list({ labelSelector: { team: 'web' }, limit: 100 });
   * ```
   */
  async list(options: ListOptions = {}): Promise<ImageCacheList> {
    const query = listQuery(options);
    const response = await this.#transport.request({ method: 'GET', path: COLLECTION_PATH, query, retryMode: 'idempotent', signal: options.signal });
    return expectImageCacheList(response.body, this.#responseContext('GET', COLLECTION_PATH, response.statusCode));
  }

  /** One page as the informer's store takes it: scanned, not parsed, when the scanner can vouch for the body. */
  async #listPage(options: ListOptions): Promise<ReflectorPage> {
    const query = listQuery(options);
    const response = await this.#transport.request({
      method: 'GET',
      path: COLLECTION_PATH,
      query,
      retryMode: 'idempotent',
      signal: options.signal,
      readBody: readListBody,
    });
    return toReflectorPage(response.body, this.#responseContext('GET', COLLECTION_PATH, response.statusCode));
  }

  /**
   * Every matching ImageCache, fetched page by page as you iterate. Each page is read as it
   * streams in and its items are handed out as they arrive, so memory stays at about one received
   * chunk of a page (its bytes and its items) however large pages are and however many caches there are. If a continue token expires
   * mid-way the server answers 410 Gone; by default that is thrown ({@link isGone}) so you can
   * start over, see {@link ListAllOptions.onContinueExpired}.
   *
   * A connection cut while a page streams is retried like any GET; the page is sent again and the
   * items already yielded are skipped (the same continue token serves the same snapshot). A fault
   * found later in a page (a malformed item, a body over `maxResponseBytes`) is thrown after the
   * items before it were yielded. The client's `timeoutMs` counts the time a page waits for the
   * server, not the time your loop spends on its items.
   *
   * @example
   * ```ts
   * for await (const cache of client.listAll({ labelSelector: 'team=web' })) console.log(cache.metadata.name);
   * ```
   */
  listAll(options: ListAllOptions = {}): AsyncGenerator<ImageCache, void, undefined> {
    return listAllImageCaches({ transport: this.#transport, options: this.#options }, options);
  }

  /**
   * Deletes an ImageCache. Resolves with what the server returned: a `Status` (check
   * `result.kind === 'Status'`), or the object itself while finalizers still hold it.
   *
   * @example
   * ```ts
   * await client.delete('web', { preconditions: { resourceVersion: cache.metadata.resourceVersion } });
   * ```
   */
  async delete(name: string, options: DeleteOptions = {}): Promise<ImageCache | Status> {
    const path = itemPath(name);
    const query = queryString({
      propagationPolicy: options.propagationPolicy,
      gracePeriodSeconds: options.gracePeriodSeconds,
      dryRun: options.dryRun ? 'All' : undefined,
    });
    // Preconditions have no query form; they travel in a DeleteOptions body.
    const body = options.preconditions ? JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', preconditions: options.preconditions }) : undefined;
    const response = await this.#transport.request({
      method: 'DELETE',
      path,
      query,
      retryMode: 'idempotent',
      ...(body !== undefined ? { body } : {}),
      signal: options.signal,
    });
    return expectImageCacheOrStatus(response.body, this.#responseContext('DELETE', path, response.statusCode), name);
  }

  /**
   * Replaces an ImageCache (PUT). `metadata.resourceVersion` is required: if someone changed the
   * object since you read it, the server answers 409 and this rejects with {@link isConflict}.
   * Status is the controller's and is not sent.
   *
   * @example
   * ```ts
   * const cache = await client.get('web');
   * cache.spec.retentionDays = 30;
   * await client.replace(cache);
   * ```
   */
  async replace(imageCache: ImageCache, options: ReplaceOptions = {}): Promise<ImageCache> {
    if (!imageCache?.metadata?.resourceVersion) {
      throw new ImageCacheValidationError([
        {
          path: 'metadata.resourceVersion',
          rule: 'required',
          message: 'metadata.resourceVersion is required to replace: get() the object first, change it, then replace it',
        },
      ]);
    }
    const body = stripStatus(assertValidImageCache(imageCache, this.#options.validation));
    const path = itemPath(body.metadata.name as string);
    const response = await this.#transport.request({
      method: 'PUT',
      path,
      query: queryString({ dryRun: options.dryRun ? 'All' : undefined, fieldManager: options.fieldManager }),
      body: JSON.stringify(body),
      // Safe to resend: the resourceVersion makes a second write a Conflict, never a double write.
      retryMode: 'idempotent',
      signal: options.signal,
    });
    return expectImageCache(response.body, this.#responseContext('PUT', path, response.statusCode), body.metadata.name as string);
  }

  /**
   * Patches an ImageCache: a JSON merge patch by default, a JSON Patch with `type: 'json'`, or
   * server-side apply with `type: 'apply'`.
   *
   * @example
   * ```ts
   * await client.patch('web', { metadata: { labels: { team: 'web' } } });
   * await client.patch('web', [{ op: 'replace', path: '/spec/retentionDays', value: 30 }], { type: 'json' });
   * await client.patch('web', { metadata: { name: 'web' }, spec: { images: ['nginx:1.25'] } }, { type: 'apply', force: true });
   * ```
   */
  patch(name: string, patch: readonly JsonPatchOperation[], options: JsonPatchOptions): Promise<ImageCache>;
  patch(name: string, patch: ImageCacheApplyConfiguration, options: ApplyPatchOptions): Promise<ImageCache>;
  patch(name: string, patch: ImageCacheMergePatch, options?: MergePatchOptions): Promise<ImageCache>;
  async patch(
    name: string,
    patch: ImageCacheMergePatch | readonly JsonPatchOperation[] | ImageCacheApplyConfiguration,
    options: PatchOptions = {},
  ): Promise<ImageCache> {
    const path = itemPath(name);
    const type = options.type ?? 'merge';
    let body: unknown = patch;
    if (type === 'apply') {
      const apply = patch as ImageCacheApplyConfiguration;
      if (apply.metadata?.name !== name) {
        throw new ImageCacheValidationError([
          { path: 'metadata.name', rule: 'constant', message: `metadata.name of an apply patch must be the patched name ${JSON.stringify(name)}` },
        ]);
      }
      body = { ...apply, apiVersion: IMAGE_CACHE_API_VERSION, kind: IMAGE_CACHE_KIND };
    } else if (type === 'json' && !Array.isArray(patch)) {
      throw new ImageCacheValidationError([{ path: '', rule: 'type', message: 'a JSON Patch must be an array of operations' }]);
    }
    const fieldManager = options.fieldManager ?? (type === 'apply' ? this.#options.fieldManager : undefined);
    const response = await this.#transport.request({
      method: 'PATCH',
      path,
      query: queryString({
        dryRun: options.dryRun ? 'All' : undefined,
        fieldManager,
        force: options.type === 'apply' && options.force ? 'true' : undefined,
      }),
      body: JSON.stringify(body),
      contentType: PATCH_CONTENT_TYPES[type],
      retryMode: 'unsafe',
      signal: options.signal,
    });
    return expectImageCache(response.body, this.#responseContext('PATCH', path, response.statusCode), name);
  }

  /**
   * Watches ImageCaches as an async iterable of typed events: ADDED, MODIFIED, DELETED, BOOKMARK
   * (with `allowWatchBookmarks`) and RELISTED.
   *
   * - A dropped or closed connection (servers close watches every few minutes) is resumed from
   *   the last resourceVersion seen, bookmarks included; errors back off per `watchRetry`.
   * - When that resourceVersion is too old (410 Gone, as an HTTP status or an ERROR event), the
   *   client lists again and yields one `RELISTED` event with every matching cache and the new
   *   resourceVersion, then goes on watching. Diff it against your state.
   * - It never ends by itself: it returns only when `signal` aborts or you `break`, and it throws
   *   a `WatchFailedError` after `watchRetry.retries` failures in a row, or at once on an error
   *   no retry can cure (403 Forbidden, for one).
   *
   * @example
   * ```ts
   * const controller = new AbortController();
   * for await (const event of client.watch({ labelSelector: 'team=web', signal: controller.signal })) {
   *   if (event.type === 'RELISTED') resync(event.objects);
   *   else if (event.type !== 'BOOKMARK') console.log(event.type, event.object.metadata.name, event.object.status?.phase);
   * }
   * ```
   */
  watch(options: WatchOptions = {}): AsyncGenerator<WatchStreamEvent, void, undefined> {
    return watchImageCaches(this.#watchContext(undefined), options);
  }

  /**
   * The informer's watch: in batches (one per received chunk), and change events it can scan
   * carry their cache unparsed (see {@link LazyChangeEvent}).
   */
  #watchUnparsed(options: WatchOptions): AsyncGenerator<readonly WatchStreamEvent[], void, undefined> {
    return watchImageCacheBatches(this.#watchContext(scanWatchLine), options);
  }

  #watchContext(readLine: WatchContext['readLine']): WatchContext {
    const retry = this.#options.watchRetry;
    return {
      transport: this.#transport,
      retry,
      emptyStreamBackoff: retry === false ? { retries: 0, baseDelayMs: 1_000, maxDelayMs: 30_000 } : retry,
      idleTimeoutMs: this.#options.watchIdleTimeoutMs,
      serverTimeoutSeconds: this.#options.watchTimeoutSeconds,
      readLine,
      relist: (selectors) => this.#relist(selectors),
    };
  }

  /**
   * A synced, indexed local copy of the matching ImageCaches, kept current by one list and one
   * watch, with handlers, `deltas()` and live matchers: see {@link ImageCacheInformer}. Nothing
   * is sent until `start()`.
   *
   * @example
   * ```ts
   * const informer = client.informer({ labelSelector: 'team=web' });
   * informer.on('add', (cache) => console.log('new cache', cache.metadata.name));
   * informer.start();
   * await informer.waitForSync();
   * const matcher = informer.matcher();
   * console.log(matcher.select(pod).explanation);
   * await informer.stop();
   * ```
   */
  informer(options: InformerOptions = {}): ImageCacheInformer {
    const retry = this.#options.watchRetry;
    return new ImageCacheInformer(
      {
        source: { listPage: (o) => this.#listPage(o), watch: (o) => this.#watchUnparsed(o) },
        pageSize: this.#options.listPageSize,
        backoff: retry === false ? { retries: 0, baseDelayMs: 1_000, maxDelayMs: 30_000 } : retry,
      },
      options,
    );
  }

  /**
   * Resolves with the ImageCache once its phase is `Ready`. Driven by a watch on that one object,
   * not by polling. Rejects with an `ImageCacheWaitError` whose `kind` is `failed` (phase `Failed`
   * or `UpdateFailed`), `deleted`, `timeout` or `aborted`, carrying the last status seen; a cache
   * that does not exist at all rejects with the NotFound `KubernetesApiError`.
   *
   * @example
   * ```ts
   * const ready = await client.waitForReady('web', {
   *   timeoutMs: 20 * 60_000,
   *   onProgress: ({ phase, progress }) => console.log(phase, progress),
   * });
   * ```
   */
  async waitForReady(name: string, options: WaitForReadyOptions = {}): Promise<ImageCache> {
    assertValidName(name);
    return waitForImageCacheReady(
      { get: (n, o) => this.get(n, o), watch: (o) => this.watch(o) },
      name,
      options.timeoutMs ?? this.#options.waitForReadyTimeoutMs,
      options,
    );
  }

  /**
   * For warm-up scripts: makes sure the cache exists with this spec. Creates it when missing;
   * returns the existing one when its spec means the same (key order, a server-defaulted
   * `imageCacheSize` and pull-secret order are ignored; images are compared as given). Never
   * overwrites: a different spec rejects with {@link ImageCacheSpecConflictError}.
   *
   * @example
   * ```ts
   * const { imageCache, created } = await client.ensure({ metadata: { name: 'web' }, spec: { images: ['nginx:1.25'] } });
   * console.log(created ? 'created' : 'already there', imageCache.status?.phase);
   * ```
   */
  async ensure(imageCache: ImageCacheInput, options: CreateOptions = {}): Promise<EnsureResult> {
    const desired = assertValidImageCache(imageCache, this.#options.validation);
    const name = desired.metadata.name as string;
    let existing: ImageCache | undefined;
    try {
      existing = await this.get(name, options);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    if (!existing) {
      try {
        return { imageCache: await this.create(imageCache, options), created: true };
      } catch (error) {
        // Someone else created it between our get and our create: judge theirs like any other.
        if (!isAlreadyExists(error)) throw error;
        existing = await this.get(name, options);
      }
    }
    const differences = specDifferences(desired.spec, existing.spec);
    if (differences.length > 0) throw new ImageCacheSpecConflictError(desired.spec, existing, differences);
    return { imageCache: existing, created: false };
  }

  /**
   * Closes the pooled keep-alive connections so the process can exit. The client stays usable:
   * a later call opens new connections. Agents passed in the options are left alone.
   *
   * @example
   * ```ts
   * try { await client.get('web'); } finally { client.close(); }
   * ```
   */
  close(): void {
    this.#agents.destroy();
  }

  /** Where a response came from, with the scrubber for anything quoted from it. */
  #responseContext(method: string, path: string, statusCode: number): ResponseContext {
    return { method, path, statusCode, scrub: this.#transport.scrubber.text };
  }

  async #relist(selectors: Pick<WatchOptions, 'labelSelector' | 'fieldSelector' | 'signal'>): Promise<{ items: ImageCache[]; resourceVersion: string }> {
    const items: ImageCache[] = [];
    const tokens = new ContinueTokens();
    let continueToken: string | undefined;
    let resourceVersion: string | undefined;
    do {
      const page = await this.list({
        ...selectors,
        limit: this.#options.listPageSize,
        ...(continueToken ? { continue: continueToken } : {}),
      });
      // The first page's resourceVersion is the snapshot every later page belongs to.
      resourceVersion ??= page.metadata.resourceVersion;
      items.push(...page.items);
      continueToken = tokens.follow(page.metadata.continue);
    } while (continueToken);
    return { items, resourceVersion: resourceVersion ?? '' };
  }
}
