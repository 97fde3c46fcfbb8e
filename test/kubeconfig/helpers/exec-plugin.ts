import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A credential plugin as a small Node script. Each run appends a JSON line (argv, KUBERNETES_EXEC_INFO,
 * PLUGIN_EXTRA) to $PLUGIN_LOG and, depending on $PLUGIN_MODES (one mode per run, the last repeats),
 * prints `<prefix>-<run number>` (or $PLUGIN_FIXED_TOKEN) as a token, fails, or misbehaves. The token is computed from the log, so runs are countable.
 */
const SCRIPT = String.raw`#!/usr/bin/env node
const fs = require('node:fs');
const env = process.env;
const log = env.PLUGIN_LOG;
fs.appendFileSync(log, JSON.stringify({ argv: process.argv.slice(2), info: env.KUBERNETES_EXEC_INFO || null, extra: env.PLUGIN_EXTRA || null }) + '\n');
const run = fs.readFileSync(log, 'utf8').trim().split('\n').length;
const apiVersion = JSON.parse(env.KUBERNETES_EXEC_INFO || '{}').apiVersion;
const token = env.PLUGIN_FIXED_TOKEN || (env.PLUGIN_TOKEN_PREFIX || 'tok') + '-' + run;
const mode = (env.PLUGIN_MODES || 'ok').split(',')[run - 1] || (env.PLUGIN_MODES || 'ok').split(',').pop();
const print = (value) => process.stdout.write(JSON.stringify(value));
const status = { token };
if (env.PLUGIN_EXPIRES) status.expirationTimestamp = env.PLUGIN_EXPIRES;
switch (mode) {
  case 'ok':
    print({ apiVersion, kind: 'ExecCredential', status });
    break;
  case 'fail':
    print({ apiVersion, kind: 'ExecCredential', status });
    process.stderr.write('login failed for ' + token + ' and previous ' + (env.PLUGIN_TOKEN_PREFIX || 'tok') + '-' + (run - 1) + '\n' + 'x'.repeat(5000));
    process.exit(3);
  case 'garbage':
    process.stdout.write('here is your token: ' + token);
    break;
  case 'wrong-version':
    print({ apiVersion: 'client.authentication.k8s.io/v1alpha1', kind: 'ExecCredential', status });
    break;
  case 'no-status':
    print({ apiVersion, kind: 'ExecCredential' });
    break;
  case 'bad-expiry':
    print({ apiVersion, kind: 'ExecCredential', status: { token, expirationTimestamp: 'tomorrow' } });
    break;
  case 'read-stdin':
    fs.readFileSync(0);
    print({ apiVersion, kind: 'ExecCredential', status });
    break;
  case 'cert':
    print({ apiVersion, kind: 'ExecCredential', status: { clientCertificateData: 'CERT', clientKeyData: 'KEY-' + token } });
    break;
  case 'hang':
    setTimeout(() => {}, 60000);
    break;
}
`;

/** Writes the plugin (mode 0755) into `dir` and returns its path and a reader of its run log. */
export async function writeExecPlugin(dir: string, name = 'credential-plugin'): Promise<{ path: string; log: string; runs: () => Promise<PluginRun[]> }> {
  const path = join(dir, name);
  const log = join(dir, `${name}.log`);
  await writeFile(path, SCRIPT);
  await chmod(path, 0o755);
  await writeFile(log, '');
  return {
    path,
    log,
    runs: async () =>
      (await readFile(log, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as PluginRun),
  };
}

/** One recorded run of the plugin. */
export interface PluginRun {
  readonly argv: string[];
  readonly info: string | null;
  readonly extra: string | null;
}
