/**
 * Contract: lists with label and field selectors, `limit` + `continue` paging, and `listAll`
 * across pages. Every list selects this file's run label, so objects of other files and runs on
 * a shared server never show up.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImageCacheClientOptions } from '../../src/client/index.js';
import { ImageCacheClient, isGone, isKubernetesApiError } from '../../src/client/index.js';
import { RUN_LABEL } from './support/scope.js';
import { useContractTarget } from './support/setup.js';

const contract = useContractTarget();
let names: string[] = [];

beforeAll(async () => {
  const { client } = contract.target;
  // Created out of name order: lists come back sorted by name.
  const tiers = ['web', 'db', 'web', 'cache', 'web', 'db', 'web'];
  const made = tiers.map((tier) => ({ name: contract.scope.name('list'), tier }));
  for (const { name, tier } of [...made].reverse()) await client.create(contract.scope.manifest(name, {}, { tier }));
  names = made.map((m) => m.name).sort();
});

const runSelector = () => `${RUN_LABEL}=${contract.scope.runId}`;
const namesOf = (items: readonly { metadata: { name?: string } }[]) => items.map((i) => i.metadata.name ?? '');

describe('list', () => {
  it('a label selector returns exactly the matching caches, in name order, with the list resourceVersion', async () => {
    const { client } = contract.target;
    const all = await client.list({ labelSelector: runSelector() });
    expect(all.kind).toBe('ImageCacheList');
    expect(all.apiVersion).toBe('eci.alibabacloud.com/v1');
    expect(namesOf(all.items)).toEqual(names);
    expect(all.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(all.metadata.continue ?? '').toBe('');

    const web = await client.list({ labelSelector: { [RUN_LABEL]: contract.scope.runId, tier: 'web' } });
    expect(web.items).toHaveLength(4);
    expect(web.items.every((i) => i.metadata.labels?.['tier'] === 'web')).toBe(true);

    const notWeb = await client.list({ labelSelector: `${runSelector()},tier!=web` });
    expect(namesOf(notWeb.items)).toEqual(names.filter((n) => !namesOf(web.items).includes(n)));

    const setBased = await client.list({ labelSelector: `${runSelector()},tier in (db,cache)` });
    expect(namesOf(setBased.items)).toEqual(namesOf(notWeb.items));
  });

  it('a field selector on metadata.name returns that cache only', async () => {
    const target = names[3]!;
    const listed = await contract.target.client.list({ fieldSelector: `metadata.name=${target}` });
    expect(namesOf(listed.items)).toEqual([target]);
    const none = await contract.target.client.list({ fieldSelector: { 'metadata.name': contract.scope.name('absent') } });
    expect(none.items).toEqual([]);
  });

  it('limit and continue page through every match once, in order', async () => {
    const { client } = contract.target;
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await client.list({ labelSelector: runSelector(), limit: 3, ...(token ? { continue: token } : {}) });
      pages++;
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...namesOf(page.items));
      token = page.metadata.continue || undefined;
      if (pages === 1) expect(token).toBeTruthy();
    } while (token && pages < 10);
    expect(seen).toEqual(names);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('listAll yields every match across pages, and asks for them page by page', async () => {
    const requests: string[] = [];
    const options: ImageCacheClientOptions = { ...contract.target.clientOptions, hooks: { onRequest: (r) => requests.push(r.url) } };
    const client = new ImageCacheClient(contract.target.connection, options);
    try {
      const seen: string[] = [];
      for await (const cache of client.listAll({ labelSelector: runSelector(), pageSize: 2 })) seen.push(cache.metadata.name ?? '');
      expect(seen).toEqual(names);
      expect(requests.length).toBeGreaterThanOrEqual(4);
      expect(requests.every((url) => new URL(url).searchParams.get('limit') === '2')).toBe(true);
      expect(requests.slice(1).every((url) => new URL(url).searchParams.has('continue'))).toBe(true);
    } finally {
      client.close();
    }
  });
});

describe('continue tokens across a compaction', () => {
  /** Creates five caches under a label of their own and returns the selector and their names, sorted. */
  async function fivePages() {
    const { client } = contract.target;
    const value = `compact-${Math.random().toString(36).slice(2, 8)}`;
    const made = Array.from({ length: 5 }, () => contract.scope.name('paged')).sort();
    for (const name of made) await client.create(contract.scope.manifest(name, {}, { batch: value }));
    return { selector: `${runSelector()},batch=${value}`, made };
  }

  /** Takes the first page from `pages`, then writes and compacts so its continue token is gone. */
  async function firstPageThenCompact(pages: AsyncGenerator<{ metadata: { name?: string } }>, touch: string): Promise<string[]> {
    const seen: string[] = [];
    for (let i = 0; i < 2; i++) {
      const next = await pages.next();
      if (!next.done) seen.push(next.value.metadata.name ?? '');
    }
    await contract.target.client.patch(touch, { metadata: { annotations: { touched: 'after-first-page' } } });
    await contract.target.compact();
    return seen;
  }

  it('listAll rejects with a typed Gone by default', async () => {
    const { selector, made } = await fivePages();
    const pages = contract.target.client.listAll({ labelSelector: selector, pageSize: 2 });
    expect(await firstPageThenCompact(pages, made[0]!)).toEqual(made.slice(0, 2));
    const error = await pages.next().catch((e: unknown) => e);
    expect(isGone(error)).toBe(true);
    expect(isKubernetesApiError(error) && error.status).toMatchObject({
      code: 410,
      reason: 'Expired',
      message: expect.stringMatching(/^The provided continue parameter is too old/),
    });
    expect(isKubernetesApiError(error) && error.status.metadata?.continue).toBeTruthy();
  });

  it('with onContinueExpired: inconsistent, listAll goes on with the token the server offers', async () => {
    const { selector, made } = await fivePages();
    const pages = contract.target.client.listAll({ labelSelector: selector, pageSize: 2, onContinueExpired: 'inconsistent' });
    const seen = await firstPageThenCompact(pages, made[0]!);
    for await (const cache of pages) seen.push(cache.metadata.name ?? '');
    expect(seen).toEqual(made);
  });
});
