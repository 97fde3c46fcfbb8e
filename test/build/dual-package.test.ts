// A user may load the ESM and the CommonJS build side by side (one dependency imports, another
// requires): each has its own copy of every error class, so `instanceof` fails across them. The
// guards must still recognise an error made by the other copy. This drives the built dist in a
// plain node process, as users load it (no vitest transforms, no aliases to src/).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = join(ROOT, 'dist');

function newestSourceMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function distIsFresh(): boolean {
  const built = ['index.js', 'index.cjs', 'matching.js', 'matching.cjs'].map((f) => join(DIST, f));
  if (!built.every(existsSync)) return false;
  const oldest = Math.min(...built.map((f) => statSync(f).mtimeMs));
  return oldest > Math.max(newestSourceMs(join(ROOT, 'src')), statSync(join(ROOT, 'tsup.config.ts')).mtimeMs);
}

// Runs in a child node process: requires the CJS build, imports the ESM build, makes errors with
// one and asks the other's guards about them. Prints one JSON object of named booleans.
const SCRIPT = String.raw`
const http = require('node:http');
const dist = process.argv[1];
const cjs = require(dist + '/index.cjs');
const cjsMatching = require(dist + '/matching.cjs');
const failure = (promise) => promise.then(() => undefined, (e) => e);
(async () => {
  const esm = await import(dist + '/index.js');
  const esmMatching = await import(dist + '/matching.js');
  const server = http.createServer((req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'imagecaches "web" not found' }));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = 'http://127.0.0.1:' + server.address().port;
  const fromCjs = await failure(new cjs.ImageCacheClient({ server: url }).get('web'));
  const fromEsm = await failure(new esm.ImageCacheClient({ server: url }).get('web'));
  server.close();
  const kubeConfig = await failure(cjs.loadKubeConfig({ path: '/nonexistent/eci-imagecache/kubeconfig' }));
  let unsupported;
  try { cjsMatching.selectImageCache({ kind: 'Service' }, []); } catch (e) { unsupported = e; }
  const timeout = new cjs.RequestTimeoutError({ method: 'GET', path: '/x', timeoutMs: 5 });
  const invalid = new cjs.ImageCacheValidationError([{ path: 'spec.images', rule: 'minItems', message: 'spec.images: at least one image' }]);
  const imposter = Object.assign(new Error('imagecaches "web" not found'), { name: 'KubernetesApiError', reason: 'NotFound', statusCode: 404 });
  console.log(JSON.stringify({
    copiesDiffer: !(fromCjs instanceof esm.KubernetesApiError) && fromCjs instanceof cjs.KubernetesApiError,
    esmIsNotFoundOnCjsError: esm.isNotFound(fromCjs),
    cjsIsNotFoundOnEsmError: cjs.isNotFound(fromEsm),
    esmIsKubernetesApiError: esm.isKubernetesApiError(fromCjs),
    esmIsFamilyOnCjsError: esm.isEciImageCacheError(fromCjs),
    cjsIsFamilyOnEsmError: cjs.isEciImageCacheError(fromEsm),
    esmIsConflictOnNotFound: esm.isConflict(fromCjs),
    esmIsNetworkErrorOnApiError: esm.isNetworkError(fromCjs),
    esmIsKubeConfigError: esm.isKubeConfigError(kubeConfig, kubeConfig && kubeConfig.reason),
    kubeConfigReason: kubeConfig && kubeConfig.reason,
    esmIsKubeConfigErrorOtherReason: esm.isKubeConfigError(kubeConfig, 'NoCurrentContext'),
    esmMatchingIsUnsupportedTarget: esmMatching.isUnsupportedTargetError(unsupported),
    esmMatchingIsFamily: esmMatching.isEciImageCacheError(unsupported),
    esmIsNetworkErrorOnTimeoutSubclass: esm.isNetworkError(timeout),
    esmIsRequestTimeout: esm.isRequestTimeout(timeout),
    esmIsTimeout: esm.isTimeout(timeout),
    esmIsResponseErrorOnTimeout: esm.isResponseError(timeout),
    esmIsValidationError: esm.isImageCacheValidationError(invalid),
    esmIsFamilyOnPlainError: esm.isEciImageCacheError(new Error('x')),
    esmIsNotFoundOnImposter: esm.isNotFound(imposter),
    esmIsFamilyOnNull: esm.isEciImageCacheError(null),
    brandNotSerialized: !JSON.stringify(fromCjs).includes('eci-imagecache.error'),
  }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe('error guards across the ESM and the CommonJS build', () => {
  let result: Record<string, unknown>;

  beforeAll(async () => {
    if (!distIsFresh()) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', SCRIPT, DIST], { cwd: ROOT });
    result = JSON.parse(stdout) as Record<string, unknown>;
  }, 300_000);

  it('loads two copies of the classes (so instanceof alone would fail)', () => {
    expect(result['copiesDiffer']).toBe(true);
  });

  it('recognises a client error made by the other build', () => {
    expect(result).toMatchObject({
      esmIsNotFoundOnCjsError: true,
      cjsIsNotFoundOnEsmError: true,
      esmIsKubernetesApiError: true,
      esmIsFamilyOnCjsError: true,
      cjsIsFamilyOnEsmError: true,
    });
  });

  it('still tells the reasons and the classes apart', () => {
    expect(result).toMatchObject({
      esmIsConflictOnNotFound: false,
      esmIsNetworkErrorOnApiError: false,
      esmIsResponseErrorOnTimeout: false,
      esmIsKubeConfigErrorOtherReason: false,
    });
  });

  it('recognises kubeconfig, validation and matching errors, and subclasses, from the other build', () => {
    expect(result).toMatchObject({
      kubeConfigReason: 'FileNotFound',
      esmIsKubeConfigError: true,
      esmMatchingIsUnsupportedTarget: true,
      esmMatchingIsFamily: true,
      esmIsNetworkErrorOnTimeoutSubclass: true,
      esmIsRequestTimeout: true,
      esmIsTimeout: true,
      esmIsValidationError: true,
    });
  });

  it('does not take a look-alike without the brand, or a plain error, for one of ours', () => {
    expect(result).toMatchObject({ esmIsFamilyOnPlainError: false, esmIsNotFoundOnImposter: false, esmIsFamilyOnNull: false, brandNotSerialized: true });
  });
});
