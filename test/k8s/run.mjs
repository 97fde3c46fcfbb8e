#!/usr/bin/env node
// `npm run test:k8s`: the contract suite (test/contract/) and the real-server checks
// (test/k8s/*.test.ts) against a real kube-apiserver.
//
//   1. test/k8s/build.sh       builds etcd + kube-apiserver into .cache/k8s/bin (no-op when cached)
//   2. startCluster()          etcd + kube-apiserver on loopback, PKI, tokens, RBAC, CRD via kubectl
//   3. vitest                  --config vitest.k8s.config.ts, ECI_CONTRACT_TARGET=kube-apiserver
//   4. stop                    always: on success, failure, Ctrl-C, SIGTERM
//
// Extra arguments go to vitest, e.g. `npm run test:k8s -- test/contract/watch.contract.test.ts`.
// Exits with vitest's code (130/143 when interrupted). Node builtins only.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { clusterEnv, REPO_ROOT, startCluster } from './cluster.mjs';

const BUILD_SCRIPT = path.join(REPO_ROOT, 'test', 'k8s', 'build.sh');
const VITEST = path.join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const VITEST_CONFIG = path.join(REPO_ROOT, 'vitest.k8s.config.ts');
// How long vitest gets to end its workers after SIGTERM before its process group is killed.
const CHILD_GRACE_MS = 5000;

const log = (message) => process.stderr.write(`[test:k8s] ${message}\n`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

let child; // the running build or vitest, in its own process group
let cluster;
let interrupted;

/** Runs a command in its own process group with inherited stdio; resolves with its exit code. */
function run(cmd, args, env = process.env) {
  return new Promise((resolve, reject) => {
    // detached: its own process group, so a stop reaches vitest's workers too.
    child = spawn(cmd, args, { cwd: REPO_ROOT, env, stdio: 'inherit', detached: true });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      child = undefined;
      resolve(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 1));
    });
  });
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

async function stopChild() {
  const running = child;
  if (!running) return;
  signalGroup(running.pid, 'SIGTERM');
  const killer = setTimeout(() => signalGroup(running.pid, 'SIGKILL'), CHILD_GRACE_MS);
  await new Promise((resolve) => (running.exitCode !== null || running.signalCode !== null ? resolve() : running.once('exit', resolve)));
  clearTimeout(killer);
  // Workers that outlived their parent share its group.
  signalGroup(running.pid, 'SIGKILL');
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = code;
    log(`${signal}: stopping`);
    // The main flow notices `interrupted` once the child is gone and stops the cluster.
    stopChild().finally(async () => {
      await cluster?.stop();
      process.exit(code);
    });
  });
}

async function main() {
  const t0 = Date.now();
  const timings = {};

  log(`building the binaries if needed (${path.relative(REPO_ROOT, BUILD_SCRIPT)})`);
  let t = Date.now();
  const buildCode = await run(BUILD_SCRIPT, []);
  timings.build = Date.now() - t;
  if (buildCode !== 0) {
    log(`build failed (exit ${buildCode}) after ${seconds(timings.build)}`);
    return buildCode;
  }
  log(`build step: ${seconds(timings.build)}`);
  if (interrupted) return interrupted;

  t = Date.now();
  cluster = await startCluster({ verbose: true });
  timings.start = Date.now() - t;
  log(`cluster ready in ${seconds(timings.start)} at ${cluster.server} (CRD applied with ${cluster.crdsAppliedWith})`);
  if (interrupted) return interrupted;

  let code;
  try {
    t = Date.now();
    code = await run(process.execPath, [VITEST, 'run', '--config', VITEST_CONFIG, ...process.argv.slice(2)], {
      ...process.env,
      ...clusterEnv(cluster),
    });
    timings.tests = Date.now() - t;
  } finally {
    t = Date.now();
    await cluster.stop();
    timings.stop = Date.now() - t;
  }
  log(
    `build ${seconds(timings.build)}, cluster start ${seconds(timings.start)}, tests ${seconds(timings.tests)}, ` +
      `stop ${seconds(timings.stop)}; total ${seconds(Date.now() - t0)}; vitest exit ${code}`,
  );
  return code;
}

main().then(
  (code) => process.exit(interrupted ?? code),
  async (error) => {
    log(`failed: ${error?.stack ?? error}`);
    await stopChild();
    await cluster?.stop();
    process.exit(1);
  },
);
