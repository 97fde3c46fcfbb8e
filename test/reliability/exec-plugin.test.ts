/**
 * Defects 9 and 10 of issue 12: a credential plugin's stderr and malformed fields are quoted only
 * masked and cut short, and its timeout is enforced on its whole process group (SIGTERM, then
 * SIGKILL after a short grace), so the call always settles and leaves nothing running.
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecCredentialProvider, isKubeConfigError } from '../../src/client/kubeconfig/index.js';
import { maskCredentials } from '../../src/client/redaction.js';
import { makeTempDir } from '../kubeconfig/helpers/tmp.js';
import { everythingAbout, failure } from '../support/errors.js';

const V1 = 'client.authentication.k8s.io/v1' as const;
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';
const BASE64_KEY = 'LTAI5tQ9xv2Kf8mP3nR7sW1yZ4bC6dE0gH';
const HEX_KEY = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const ENV_SECRET = 'kubeconfig-given-Secret';

let dir: string;
let cleanup: () => Promise<void>;
let count = 0;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('reliability-exec'));
});
afterAll(async () => cleanup?.());

async function plugin(body: string): Promise<string> {
  const path = join(dir, `plugin-${++count}`);
  await writeFile(path, `#!/usr/bin/env node\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

/** True while `pid` runs; a zombie (exited, not yet reaped by a parent that is gone) counts as gone. */
function running(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (existsSync('/proc/self/stat')) {
    try {
      return readFileSync(stat, 'utf8').split(') ')[1]?.[0] !== 'Z';
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 500 && running(pid); i++) await new Promise((r) => setTimeout(r, 10));
  return !running(pid);
}

describe('exec plugin output in errors', () => {
  it('stderr is masked (JWT, base64 and hex runs, key=value, the env values the kubeconfig gives) and cut short', async () => {
    const command = await plugin(`
      process.stderr.write('login failed: MFA required\\n');
      process.stderr.write('debug: Authorization: Bearer ${JWT}\\n');
      process.stderr.write('access key ${BASE64_KEY} digest ${HEX_KEY}\\n');
      process.stderr.write('password=hunter2hunter2 secret: ' + process.env.ALIYUN_SECRET + '\\n');
      process.stderr.write('y'.repeat(5000));
      process.exit(2);`);
    const provider = new ExecCredentialProvider(
      { command, apiVersion: V1, env: [{ name: 'ALIYUN_SECRET', value: ENV_SECRET }] },
      { env: { PATH: process.env['PATH'] } },
    );
    const error = await failure(provider.getToken());
    expect(isKubeConfigError(error, 'ExecFailed')).toBe(true);
    expect(error.message).toContain('exited with code 2');
    expect(error.message).toContain('login failed: MFA required');
    expect(error.message).toContain('(truncated)');
    expect(error.message.length).toBeLessThan(800);
    const all = everythingAbout(error);
    for (const secret of [JWT, BASE64_KEY, HEX_KEY, 'hunter2hunter2', ENV_SECRET]) expect(all).not.toContain(secret);
  });

  it('a token put in expirationTimestamp (or an env value put in kind) is not quoted', async () => {
    const command = await plugin(`
      const mode = process.env.MODE;
      const status = mode === 'expiry' ? { token: 'tok-abcdef', expirationTimestamp: '${JWT}' } : { token: 'tok-abcdef' };
      process.stdout.write(JSON.stringify({ apiVersion: '${V1}', kind: mode === 'kind' ? process.env.ALIYUN_SECRET : 'ExecCredential', status }));`);
    for (const mode of ['expiry', 'kind']) {
      const provider = new ExecCredentialProvider(
        {
          command,
          apiVersion: V1,
          env: [
            { name: 'ALIYUN_SECRET', value: ENV_SECRET },
            { name: 'MODE', value: mode },
          ],
        },
        { env: { PATH: process.env['PATH'] } },
      );
      const error = await failure(provider.getToken());
      expect(isKubeConfigError(error, 'ExecInvalidOutput')).toBe(true);
      expect(error.message).toContain(mode === 'expiry' ? 'expirationTimestamp' : 'printed kind');
      const all = everythingAbout(error);
      for (const secret of [JWT, ENV_SECRET, 'tok-abcdef']) expect(all).not.toContain(secret);
    }
  });

  it('masking keeps ordinary text readable', () => {
    const text = 'error: cannot reach https://ecs.cn-hangzhou.aliyuncs.com/ (timeout after 30s); run aliyun configure --profile default';
    expect(maskCredentials(text, [])).toBe(text);
    expect(maskCredentials(`token: ${BASE64_KEY}`, [])).toBe('token: [REDACTED]');
  });
});

// The timeouts leave a loaded machine time to start the plugin (a Node.js process) and its children
// before they run out; shorter ones failed there with no pid file written yet.
describe('exec plugin timeout', () => {
  it('a plugin that ignores SIGTERM is killed with SIGKILL after the grace; the call settles', async () => {
    const pidFile = join(dir, 'stubborn.pid');
    const command = await plugin(`
      require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));
      process.on('SIGTERM', () => {});
      setInterval(() => {}, 1000);`);
    const provider = new ExecCredentialProvider({ command, apiVersion: V1 }, { env: { PATH: process.env['PATH'] }, timeoutMs: 3000, killGraceMs: 200 });
    const error = await failure(provider.getToken());
    expect(isKubeConfigError(error, 'ExecFailed')).toBe(true);
    expect(error.message).toMatch(/was stopped by SIGTERM after 3000 ms without finishing, then SIGKILL 200 ms later/);
    expect(await waitUntilGone(Number(await readFile(pidFile, 'utf8')))).toBe(true);
  });

  it("a timeout reaches the plugin's children: none is left running", async () => {
    const pidFile = join(dir, 'child.pid');
    const command = await plugin(`
      const { spawn } = require('node:child_process');
      // One child that keeps our stdout open, one that ignores SIGTERM.
      const a = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'inherit' });
      const b = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: 'ignore' });
      require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, a.pid + ' ' + b.pid);
      setInterval(() => {}, 1000);`);
    const provider = new ExecCredentialProvider({ command, apiVersion: V1 }, { env: { PATH: process.env['PATH'] }, timeoutMs: 4000, killGraceMs: 200 });
    const error = await failure(provider.getToken());
    expect(error.message).toMatch(/was stopped by SIGTERM after 4000 ms/);
    const pids = (await readFile(pidFile, 'utf8')).split(' ').map(Number);
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(await waitUntilGone(pid)).toBe(true);
  });

  it('a plugin that exits normally still works and its output is read whole', async () => {
    const command = await plugin(
      `process.stdout.write(JSON.stringify({ apiVersion: '${V1}', kind: 'ExecCredential', status: { token: 'tok-' + 'z'.repeat(100000) } }));`,
    );
    const provider = new ExecCredentialProvider({ command, apiVersion: V1 }, { env: { PATH: process.env['PATH'] } });
    expect(await provider.getToken()).toHaveLength(100_004);
  });
});
