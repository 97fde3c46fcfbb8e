import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isKubeConfigError, TokenFileCredentialProvider } from '../../src/client/kubeconfig/index.js';
import { makeTempDir } from './helpers/tmp.js';

let dir: string;
let cleanup: () => Promise<void>;
let n = 0;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('token-file'));
});
afterAll(async () => cleanup?.());

async function tokenFile(content: string | undefined, options: { fallbackToken?: string; maxAgeMs?: number } = {}) {
  const path = join(dir, `token-${++n}`);
  if (content !== undefined) await writeFile(path, content);
  const clock = { now: 0 };
  const provider = new TokenFileCredentialProvider({ path, now: () => clock.now, origin: { file: '/k/config', key: 'users[u].user.tokenFile' }, ...options });
  return { path, clock, provider };
}

describe('TokenFileCredentialProvider', () => {
  it('trims the token and keeps it for maxAgeMs before reading the file again', async () => {
    const { path, clock, provider } = await tokenFile('  first-token\n', { maxAgeMs: 5_000 });
    expect(await provider.getToken()).toBe('first-token');
    await writeFile(path, 'second-token');
    clock.now = 4_999;
    expect(await provider.getToken()).toBe('first-token');
    clock.now = 5_000;
    expect(await provider.getToken()).toBe('second-token');
  });

  it('reads again on forceRefresh', async () => {
    const { path, provider } = await tokenFile('first-token');
    await provider.getToken();
    await writeFile(path, 'second-token');
    expect(await provider.getToken({ forceRefresh: true })).toBe('second-token');
  });

  it('keeps the last good token when the file disappears or empties, as client-go does', async () => {
    const { path, provider } = await tokenFile('good-token');
    await provider.getToken();
    await writeFile(path, '\n');
    expect(await provider.getToken({ forceRefresh: true })).toBe('good-token');
    await rm(path);
    expect(await provider.getToken({ forceRefresh: true })).toBe('good-token');
  });

  it('uses the fallback token when the file was never readable', async () => {
    const { provider } = await tokenFile(undefined, { fallbackToken: 'static-token' });
    expect(await provider.getToken()).toBe('static-token');
  });

  it('fails with FileUnreadable naming the file and key when there is nothing to use', async () => {
    const { path, provider } = await tokenFile(undefined);
    const error: unknown = await provider.getToken().catch((e: unknown) => e);
    expect(isKubeConfigError(error, 'FileUnreadable')).toBe(true);
    expect(error).toMatchObject({ file: '/k/config', key: 'users[u].user.tokenFile' });
    expect(String(error)).toContain(path);
  });

  it('does not show the token when inspected or serialized', async () => {
    const { provider } = await tokenFile('very-secret-token');
    await provider.getToken();
    expect(inspect(provider, { showHidden: true }) + JSON.stringify(provider)).not.toContain('very-secret-token');
  });
});
