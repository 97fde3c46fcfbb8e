/**
 * `listAll`: every matching ImageCache, page by page, each page read as it streams in. The loop that
 * owns the continue tokens, the inconsistent restarts, and the page sent again after a cut
 * connection; reading one page's stream is `list-page-stream.ts`'s job.
 * @packageDocumentation
 */
import type { ImageCache } from '../../types/index.js';
import { backoffDelay, sleep } from '../backoff.js';
import { KubernetesNetworkError, PaginationError, RequestAbortedError, isGone } from '../errors.js';
import { listQuery } from '../list-query.js';
import { DEFAULT_CLIENT_OPTIONS, type ResolvedClientOptions, type RetryPolicy } from '../options.js';
import { ContinueTokens } from '../pagination.js';
import { COLLECTION_PATH } from '../paths.js';
import type { ListAllOptions } from '../request-options.js';
import type { Transport, TransportRequest } from '../transport/transport.js';
import { ListPageStream, type ListPageEnd } from './list-page-stream.js';
import { PageProgress } from './page-progress.js';

// Inconsistent restarts of listAll in a row before it gives up: a token that expires again at
// once means the server cannot serve this list, and restarting would only spin.
const MAX_INCONSISTENT_RESTARTS = 3;

/** What listAll needs of its client. */
export interface ListAllContext {
  readonly transport: Transport;
  readonly options: ResolvedClientOptions;
}

/**
 * Every ImageCache matching `options`, page by page as the caller iterates; see
 * `ImageCacheClient.listAll` for the contract.
 *
 * @example
 * ```ts
 * for await (const cache of listAllImageCaches({ transport, options }, { pageSize: 500 })) console.log(cache.metadata.name);
 * ```
 */
export async function* listAllImageCaches(context: ListAllContext, options: ListAllOptions): AsyncGenerator<ImageCache, void, undefined> {
  const { pageSize = context.options.listPageSize, onContinueExpired = 'throw', resourceVersion, ...rest } = options;
  const tokens = new ContinueTokens();
  let continueToken: string | undefined;
  let first = true;
  let restarts = 0;
  let progress = new PageProgress(onContinueExpired === 'inconsistent');
  do {
    const query = listQuery({
      ...rest,
      limit: pageSize,
      // The server rejects a resourceVersion next to a continue token: the token carries it.
      ...(first && resourceVersion !== undefined ? { resourceVersion } : {}),
      ...(continueToken ? { continue: continueToken } : {}),
    });
    let end: ListPageEnd;
    try {
      end = yield* pageItems(context, { method: 'GET', path: COLLECTION_PATH, query, retryMode: 'idempotent', signal: rest.signal }, progress, tokens);
    } catch (error) {
      const offered = isGone(error) ? error.status.metadata?.continue : undefined;
      if (!continueToken || onContinueExpired !== 'inconsistent' || !offered) throw error;
      restarts++;
      if (restarts > MAX_INCONSISTENT_RESTARTS) throw new PaginationError('restarts-exhausted', tokens.pages, error);
      continueToken = tokens.followInstead(offered);
      await backoff(context, restarts, rest.signal);
      continue;
    }
    first = false;
    restarts = 0;
    progress = new PageProgress(onContinueExpired === 'inconsistent');
    continueToken = tokens.follow(end.continue);
  } while (continueToken);
}

/**
 * One page's items not yet yielded, sent again after a connection cut mid-way (the same continue
 * token serves the same snapshot, so its first items are the ones already yielded); returns the page's end.
 */
async function* pageItems(
  context: ListAllContext,
  request: TransportRequest,
  progress: PageProgress,
  tokens: ContinueTokens,
): AsyncGenerator<ImageCache, ListPageEnd, undefined> {
  const { transport, options } = context;
  let failures = 0;
  // Sends of this page so far but the first, for the logging hooks' attempt numbers.
  let resends = 0;
  const resent = (): void => {
    resends++;
    request.onResend?.();
  };
  const counted: TransportRequest = { ...request, onResend: resent };
  for (;;) {
    const page = new ListPageStream(await transport.openStream(counted, { retry: true, attemptsBefore: resends }), {
      request: { method: request.method, path: request.path },
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes,
      scrub: transport.scrubber.text,
      secrets: transport.secrets,
      signal: request.signal,
    });
    progress.startAttempt();
    try {
      let more: boolean;
      do {
        more = await page.more();
        const before = progress.yielded;
        // Item by item: of a page, only the chunk at hand and its items are alive while the caller works.
        for (let item = page.next(); item !== undefined; item = page.next()) {
          // Items already received are not handed out after an abort: the loop that aborted is done.
          if (request.signal?.aborted) throw new RequestAbortedError({ method: 'GET', path: COLLECTION_PATH, reason: request.signal.reason });
          if (progress.alreadyYielded(item, tokens.pages)) continue;
          progress.record(item);
          yield item;
        }
        if (progress.yielded > before) failures = 0;
      } while (more);
      const end = page.end();
      progress.finish(tokens.pages);
      return end;
    } catch (error) {
      // Only a connection lost mid-body is this loop's to cure; what happened before the body was
      // retried by the transport already, and anything else is not cured by asking again.
      if (!(error instanceof KubernetesNetworkError)) throw error;
      const decision = transport.retryAfterBodyFailure(request, error, resends + 1, ++failures);
      if (!decision) throw error;
      await sleep(decision.delayMs, request.signal, () => new RequestAbortedError({ method: 'GET', path: COLLECTION_PATH, reason: request.signal?.reason }));
      resent();
    } finally {
      page.close();
    }
  }
}

/** Waits before an inconsistent restart of listAll, like a retry, so a broken server is not hammered. */
async function backoff(context: ListAllContext, restarts: number, signal: AbortSignal | undefined): Promise<void> {
  const policy = context.options.retry === false ? (DEFAULT_CLIENT_OPTIONS.retry as RetryPolicy) : context.options.retry;
  const delayMs = backoffDelay(policy, restarts);
  context.transport.hooks.retry({ method: 'GET', path: COLLECTION_PATH }, restarts, delayMs, '410 Expired continue');
  await sleep(delayMs, signal, () => new RequestAbortedError({ method: 'GET', path: COLLECTION_PATH, reason: signal?.reason }));
}
