import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from './helpers/tmp.js';

const run = promisify(execFile);
const REPO = join(import.meta.dirname, '../..');

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('lazy-yaml'));
  // A module hook that refuses to resolve 'yaml': importing the module must still work, reading a kubeconfig must not.
  await writeFile(
    join(dir, 'hooks.mjs'),
    `export async function resolve(specifier, context, next) {
  if (specifier === 'yaml') throw new Error('yaml was imported');
  return next(specifier, context);
}\n`,
  );
  await writeFile(
    join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`,
  );
});
afterAll(async () => cleanup?.());

describe('the YAML parser loads only when a kubeconfig is read', () => {
  it('importing the module and loading the in-cluster config do not import yaml; reading a kubeconfig does', async () => {
    const script = `
      const m = await import(${JSON.stringify(pathToFileURL(join(REPO, 'src/client/kubeconfig/index.ts')).href)});
      console.log('imported', typeof m.loadKubeConfig);
      try { await m.loadKubeConfig({ kubeconfig: 'current-context: x' }); console.log('parsed'); }
      catch (error) { console.log('read failed:', error.message); }
    `;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--import', join(dir, 'register.mjs'), '--input-type=module', '-e', script], {
      cwd: REPO,
      timeout: 30_000,
    });
    expect(stdout).toContain('imported function');
    expect(stdout).toContain('read failed: yaml was imported');
  });
});
