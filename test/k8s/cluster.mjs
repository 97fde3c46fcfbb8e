// Starts a real, throw-away Kubernetes control plane (etcd + kube-apiserver) on
// loopback for tests. Plain Node >= 20, node builtins only; shells out to
// `openssl`. Binaries come from test/k8s/build.sh (.cache/k8s/bin/).
//
//   import { startCluster } from './test/k8s/cluster.mjs';
//   const c = await startCluster();
//   ... c.server, c.caData, c.adminToken, c.readOnlyToken, c.kubeconfigPath ...
//   await c.stop();
//
// As a script: `node test/k8s/cluster.mjs` starts one, prints the kubeconfig
// path and environment, and stops it on Ctrl-C / SIGTERM.

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '..', '..');
export const DEFAULT_BIN_DIR = path.join(REPO_ROOT, '.cache', 'k8s', 'bin');
export const DEFAULT_CRD_PATH = path.join(REPO_ROOT, 'crds', 'imagecache.v1.yaml');
const CRD_NAME = 'imagecaches.eci.alibabacloud.com';
const SERVICE_CIDR = '10.0.0.0/24';
const SERVICE_IP = '10.0.0.1';
const ISSUER = 'https://kubernetes.default.svc.cluster.local';

// ---------------------------------------------------------------- cleanup ---

const live = new Set(); // clusters not yet stopped
let hooksInstalled = false;

function installExitHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const c of live) c.stopSync();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => {
      for (const c of live) c.stopSync();
      // If nobody else handles the signal, behave as the default action would.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    });
  }
}

function killGroup(pid, signal) {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

// ---------------------------------------------------------------- helpers ---

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function freePorts(n) {
  const ports = new Set();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function openssl(args, cwd) {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.error) throw new Error(`cannot run openssl: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed:\n${r.stderr}`);
}

function generatePki(dir) {
  fs.writeFileSync(
    path.join(dir, 'openssl.cnf'),
    `[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign, digitalSignature
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
authorityKeyIdentifier = keyid
subjectAltName = IP:127.0.0.1, DNS:localhost, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local, IP:${SERVICE_IP}
`,
  );
  const cnf = ['-config', 'openssl.cnf'];
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  // CA
  openssl(
    ['req', ...cnf, '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '7', '-subj', '/CN=eci-imagecache-test-ca', '-extensions', 'ca_ext'],
    dir,
  );
  // serving certificate for kube-apiserver
  openssl(['req', ...cnf, '-new', ...ec, '-keyout', 'apiserver.key', '-out', 'apiserver.csr', '-subj', '/CN=kube-apiserver'], dir);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'apiserver.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'apiserver.crt',
      '-days',
      '7',
      '-sha256',
      '-extfile',
      'openssl.cnf',
      '-extensions',
      'server_ext',
    ],
    dir,
  );
  // service-account token signing key pair
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'sa.key'], dir);
  openssl(['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
}

/** Minimal HTTPS client against the test server (node builtins only). */
function makeRequester({ port, caData }) {
  return function request(method, urlPath, { token, body, contentType, timeoutMs = 10000 } = {}) {
    return new Promise((resolve, reject) => {
      const headers = { Accept: 'application/json' };
      if (token) headers.Authorization = `Bearer ${token}`;
      let payload;
      if (body !== undefined) {
        payload = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
        headers['Content-Type'] = contentType || 'application/json';
        headers['Content-Length'] = payload.length;
      }
      const req = https.request({ host: '127.0.0.1', port, method, path: urlPath, headers, ca: caData, servername: 'localhost', timeout: timeoutMs }, (res) => {
        const chunks = [];
        res.on('data', (d) => chunks.push(d));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode, text, json });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath}: timeout`)));
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  };
}

function httpGet(url, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

function startProcess(bin, args, logFile, env) {
  const fd = fs.openSync(logFile, 'a');
  const child = spawn(bin, args, {
    detached: true, // own process group, so stop() can kill the whole group
    stdio: ['ignore', fd, fd],
    env: { ...process.env, ...env },
  });
  fs.closeSync(fd);
  child.unref();
  const state = { child, exited: false, code: null, signal: null, spawnError: null };
  child.on('error', (e) => {
    state.exited = true;
    state.spawnError = e;
  });
  child.on('exit', (code, signal) => {
    state.exited = true;
    state.code = code;
    state.signal = signal;
  });
  return state;
}

async function waitFor(what, deadline, state, logFile, check) {
  let last;
  for (;;) {
    if (state.exited) {
      throw new Error(
        `${what} exited during startup (${state.spawnError?.message ?? `code ${state.code}, signal ${state.signal}`}); log tail (${logFile}):\n${tail(logFile)}`,
      );
    }
    try {
      if (await check()) return;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what} not ready in time (last: ${last?.message ?? 'not ready'}); log tail (${logFile}):\n${tail(logFile)}`);
    }
    await sleep(100);
  }
}

function splitYamlDocs(text) {
  return text
    .split(/^---[ \t]*$/m)
    .map((d) => d.trim())
    .filter((d) => d && !/^(#.*\s*)*$/.test(d));
}

function topLevel(doc, key) {
  const m = doc.match(new RegExp(`^${key}:[ \\t]*["']?([^"'\\s#]+)`, 'm'));
  return m?.[1];
}

function kubeconfigYaml({ server, caData, token, user }) {
  const ca = Buffer.from(caData).toString('base64');
  return `apiVersion: v1
kind: Config
clusters:
- name: eci-test
  cluster:
    server: ${server}
    certificate-authority-data: ${ca}
users:
- name: ${user}
  user:
    token: ${token}
contexts:
- name: ${user}@eci-test
  context:
    cluster: eci-test
    user: ${user}
current-context: ${user}@eci-test
`;
}

// ------------------------------------------------------------------- CRDs ---

/** kubectl to apply CRDs with: `given`, $KUBECTL, the PATH, /usr/bin/kubectl; undefined if none. */
export function findKubectl(given) {
  const candidates = [
    given,
    process.env.KUBECTL,
    ...(process.env.PATH ?? '').split(path.delimiter).map((d) => d && path.join(d, 'kubectl')),
    '/usr/bin/kubectl',
  ];
  for (const c of candidates) {
    if (!c) continue;
    try {
      fs.accessSync(c, fs.constants.X_OK);
      return c;
    } catch {
      /* next */
    }
  }
  return undefined;
}

function runCommand(cmd, args, { timeoutMs }) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${path.basename(cmd)} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${stderr || stdout}`));
    });
  });
}

/**
 * `kubectl apply -f` each CRD file, then `kubectl wait --for condition=established`. Returns
 * the CRD names. kubectl's discovery cache goes to `cacheDir`, not the user's ~/.kube.
 */
async function applyCrdsWithKubectl({ kubectl, kubeconfigPath, cacheDir, crdPaths, deadline }) {
  const base = ['--kubeconfig', kubeconfigPath, '--cache-dir', cacheDir];
  const names = [];
  for (const p of crdPaths) {
    const out = await runCommand(kubectl, [...base, 'apply', '-f', p, '-o', 'name'], { timeoutMs: Math.max(1000, deadline - Date.now()) });
    for (const line of out
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)) {
      const [kind, name] = line.split('/');
      if (!kind.startsWith('customresourcedefinition.')) throw new Error(`${p}: only CustomResourceDefinition documents are supported here (got ${line})`);
      names.push(name);
    }
  }
  if (names.length > 0) {
    const seconds = Math.max(1, Math.floor((deadline - Date.now()) / 1000));
    await runCommand(kubectl, [...base, 'wait', '--for', 'condition=established', `--timeout=${seconds}s`, ...names.map((n) => `crd/${n}`)], {
      timeoutMs: (seconds + 5) * 1000,
    });
  }
  return names;
}

/** POSTs each CRD document as YAML (the API server accepts YAML bodies); returns the names. */
async function postCrds({ request, adminToken, crdPaths, must }) {
  const names = [];
  for (const p of crdPaths) {
    for (const doc of splitYamlDocs(fs.readFileSync(p, 'utf8'))) {
      if (topLevel(doc, 'kind') !== 'CustomResourceDefinition') {
        throw new Error(`${p}: only CustomResourceDefinition documents are supported here`);
      }
      const r = await must(
        `create CRD from ${p}`,
        request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { token: adminToken, body: doc, contentType: 'application/yaml' }),
      );
      names.push(r.json.metadata.name);
    }
  }
  return names;
}

/**
 * The environment the contract suite reads to reach this cluster (see test/contract/target.ts).
 * Holds the tokens: pass it to child processes, never print it to logs.
 */
export function clusterEnv(c) {
  return {
    ECI_CONTRACT_TARGET: 'kube-apiserver',
    ECI_K8S_SERVER: c.server,
    ECI_K8S_CA_PATH: c.caPath,
    ECI_K8S_ADMIN_TOKEN: c.adminToken,
    ECI_K8S_READONLY_TOKEN: c.readOnlyToken,
    ECI_K8S_KUBECONFIG: c.kubeconfigPath,
    ECI_K8S_READONLY_KUBECONFIG: c.readOnlyKubeconfigPath,
    ECI_K8S_ETCD_URL: c.etcdUrl,
  };
}

// ------------------------------------------------------------ startCluster ---

/** The kube-apiserver flag for the WatchList feature gate: `on`, `off`, or unset for the default. */
function watchListFlags(value) {
  if (value === undefined || value === '') return [];
  if (value !== 'on' && value !== 'off') throw new Error(`ECI_K8S_WATCH_LIST must be "on" or "off", got ${JSON.stringify(value)}`);
  return [`--feature-gates=WatchList=${value === 'on'}`];
}

/**
 * Start etcd + kube-apiserver on loopback, install RBAC and the ImageCache CRD.
 *
 * @param {object} [opts]
 * @param {string} [opts.binDir]        directory with `etcd` and `kube-apiserver` (default .cache/k8s/bin, or $ECI_K8S_BIN_DIR)
 * @param {string|string[]|null} [opts.crdPath] CRD YAML file(s) to create; null to skip (default crds/imagecache.v1.yaml, or $ECI_K8S_CRD)
 * @param {number} [opts.timeoutMs]     startup timeout (default 60000)
 * @param {boolean} [opts.keepDir]      do not delete the temp dir on stop (debugging)
 * @param {string[]} [opts.apiserverArgs] extra kube-apiserver flags
 * @param {'on'|'off'} [opts.watchList] the WatchList feature gate (streaming lists, KEP-3157); default $ECI_K8S_WATCH_LIST, else the server's default
 * @param {boolean} [opts.verbose]      log progress to stderr
 * @param {string|false} [opts.kubectl] kubectl to apply the CRDs with (default: $KUBECTL, PATH, /usr/bin/kubectl); false to POST them
 */
export async function startCluster(opts = {}) {
  const t0 = Date.now();
  const binDir = opts.binDir ?? process.env.ECI_K8S_BIN_DIR ?? DEFAULT_BIN_DIR;
  const etcdBin = opts.etcdBin ?? path.join(binDir, 'etcd');
  const apiserverBin = opts.apiserverBin ?? path.join(binDir, 'kube-apiserver');
  for (const b of [etcdBin, apiserverBin]) {
    if (!fs.existsSync(b)) throw new Error(`${b} not found: run test/k8s/build.sh first`);
  }
  let crdPaths = opts.crdPath === undefined ? (process.env.ECI_K8S_CRD ?? DEFAULT_CRD_PATH) : opts.crdPath;
  crdPaths = crdPaths == null ? [] : [crdPaths].flat();
  for (const p of crdPaths) if (!fs.existsSync(p)) throw new Error(`CRD file ${p} not found`);
  const timeoutMs = opts.timeoutMs ?? 60000;
  const deadline = Date.now() + timeoutMs;
  const say = opts.verbose ? (m) => process.stderr.write(`[cluster +${Date.now() - t0}ms] ${m}\n`) : () => {};

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eci-k8s-'));
  const procs = [];
  let watchdog;
  let stopped = false;

  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    live.delete(cluster);
    for (const p of procs) killGroup(p.child.pid, 'SIGKILL');
    if (watchdog) killGroup(watchdog.pid, 'SIGKILL');
    if (!opts.keepDir) fs.rmSync(dir, { recursive: true, force: true });
  };

  // The data is throw-away, so stop() does not bother with a graceful
  // shutdown (kube-apiserver's takes seconds, longer once etcd is gone):
  // SIGKILL both process groups, wait for the exits, remove the temp dir.
  const stop = async () => {
    if (stopped) return;
    for (const p of [...procs].reverse()) killGroup(p.child.pid, 'SIGKILL');
    const until = Date.now() + 5000;
    while (Date.now() < until && procs.some((p) => !p.exited)) await sleep(20);
    stopSync();
  };

  const cluster = { dir, stop, stopSync };
  live.add(cluster);
  installExitHooks();
  const pidFile = path.join(dir, 'pids');
  fs.writeFileSync(pidFile, '');
  startWatchdog();

  try {
    // --- PKI and credentials
    generatePki(dir);
    say('pki generated');
    const caData = fs.readFileSync(path.join(dir, 'ca.crt'), 'utf8');
    const adminToken = `admin-${randomBytes(16).toString('hex')}`;
    const readOnlyToken = `reader-${randomBytes(16).toString('hex')}`;
    fs.writeFileSync(
      path.join(dir, 'tokens.csv'),
      `${adminToken},eci-admin,eci-admin-uid,"system:masters"\n` + `${readOnlyToken},eci-reader,eci-reader-uid,"eci:readers"\n`,
      { mode: 0o600 },
    );

    const [etcdClientPort, etcdPeerPort, apiPort] = await freePorts(3);

    // --- etcd
    const etcdLog = path.join(dir, 'etcd.log');
    const etcdUrl = `http://127.0.0.1:${etcdClientPort}`;
    const peerUrl = `http://127.0.0.1:${etcdPeerPort}`;
    const etcd = startProcess(
      etcdBin,
      [
        '--name=default',
        `--data-dir=${path.join(dir, 'etcd-data')}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=default=${peerUrl}`,
        '--initial-cluster-state=new',
        '--unsafe-no-fsync', // throw-away data: skip fsync
        '--log-level=warn',
      ],
      etcdLog,
    );
    procs.push(etcd);
    fs.appendFileSync(pidFile, `${etcd.child.pid}\n`);
    await waitFor('etcd', deadline, etcd, etcdLog, async () => (await httpGet(`${etcdUrl}/health`)) === 200);
    say(`etcd ready on ${etcdUrl}`);

    // --- kube-apiserver
    const apiLog = path.join(dir, 'kube-apiserver.log');
    const f = (n) => path.join(dir, n);
    const api = startProcess(
      apiserverBin,
      [
        `--etcd-servers=${etcdUrl}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${apiPort}`,
        `--cert-dir=${f('certs')}`,
        `--tls-cert-file=${f('apiserver.crt')}`,
        `--tls-private-key-file=${f('apiserver.key')}`,
        `--client-ca-file=${f('ca.crt')}`,
        `--token-auth-file=${f('tokens.csv')}`,
        '--authorization-mode=RBAC',
        `--service-account-issuer=${ISSUER}`,
        `--service-account-key-file=${f('sa.pub')}`,
        `--service-account-signing-key-file=${f('sa.key')}`,
        `--service-cluster-ip-range=${SERVICE_CIDR}`,
        // No kube-controller-manager runs, so nothing creates the per-namespace
        // "default" ServiceAccount: ServiceAccount admission would reject pods.
        // TokenRequest (`kubectl create token`) does not need it.
        '--disable-admission-plugins=ServiceAccount',
        // The lease reconciler would keep trying (and failing) to publish
        // 127.0.0.1 as the endpoint of the `kubernetes` Service.
        '--endpoint-reconciler-type=none',
        '--profiling=false',
        '--v=1',
        ...watchListFlags(opts.watchList ?? process.env.ECI_K8S_WATCH_LIST),
        ...(opts.apiserverArgs ?? []),
      ],
      apiLog,
    );
    procs.push(api);
    fs.appendFileSync(pidFile, `${api.child.pid}\n`);
    const request = makeRequester({ port: apiPort, caData });
    await waitFor('kube-apiserver', deadline, api, apiLog, async () => {
      const r = await request('GET', '/readyz', { token: adminToken, timeoutMs: 2000 });
      return r.status === 200;
    });
    say(`kube-apiserver ready on https://127.0.0.1:${apiPort}`);

    const must = async (what, res, ok = [200, 201]) => {
      const r = await res;
      if (!ok.includes(r.status)) throw new Error(`${what}: HTTP ${r.status}: ${r.text}`);
      return r;
    };

    // --- RBAC: read-only access to imagecaches for user eci-reader
    await must(
      'create ClusterRole',
      request('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
        token: adminToken,
        body: {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'imagecache-reader' },
          rules: [{ apiGroups: ['eci.alibabacloud.com'], resources: ['imagecaches'], verbs: ['get', 'list', 'watch'] }],
        },
      }),
    );
    await must(
      'create ClusterRoleBinding',
      request('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
        token: adminToken,
        body: {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: 'imagecache-reader' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'imagecache-reader' },
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'eci-reader' }],
        },
      }),
    );

    // --- kubeconfigs (kubectl needs the admin one to apply the CRDs)
    const server = `https://127.0.0.1:${apiPort}`;
    const kubeconfigPath = path.join(dir, 'admin.kubeconfig');
    fs.writeFileSync(kubeconfigPath, kubeconfigYaml({ server, caData, token: adminToken, user: 'eci-admin' }), { mode: 0o600 });
    const readOnlyKubeconfigPath = path.join(dir, 'readonly.kubeconfig');
    fs.writeFileSync(readOnlyKubeconfigPath, kubeconfigYaml({ server, caData, token: readOnlyToken, user: 'eci-reader' }), {
      mode: 0o600,
    });

    // --- CRDs: `kubectl apply` + `kubectl wait`, as a user installs them; a raw POST only without kubectl
    const kubectl = crdPaths.length > 0 && opts.kubectl !== false ? findKubectl(opts.kubectl) : undefined;
    let crdNames;
    if (kubectl) {
      crdNames = await applyCrdsWithKubectl({ kubectl, kubeconfigPath, cacheDir: path.join(dir, 'kubectl-cache'), crdPaths, deadline });
      say(`CRDs applied with ${kubectl}`);
    } else {
      if (crdPaths.length > 0) {
        process.stderr.write(
          '\n[cluster] WARNING: kubectl not found (set KUBECTL, or install kubernetes-client): the CRDs are POSTed directly, not applied with kubectl\n\n',
        );
      }
      crdNames = await postCrds({ request, adminToken, crdPaths, must });
      for (const name of crdNames) {
        await waitFor(`CRD ${name} Established`, deadline, api, apiLog, async () => {
          const r = await request('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`, { token: adminToken });
          const conds = r.json?.status?.conditions ?? [];
          return conds.some((c) => c.type === 'Established' && c.status === 'True');
        });
      }
    }
    if (crdNames.includes(CRD_NAME)) {
      // Established can precede the REST endpoint being served for a moment.
      await waitFor('imagecaches endpoint', deadline, api, apiLog, async () => {
        const r = await request('GET', '/apis/eci.alibabacloud.com/v1/imagecaches?limit=1', { token: adminToken });
        return r.status === 200;
      });
    }
    say(`CRDs established: ${crdNames.join(', ') || '(none)'}`);

    /**
     * Create (if missing) a ServiceAccount and return a token for it from the
     * TokenRequest API (what `kubectl create token` does).
     */
    async function serviceAccountToken(name = 'eci-test', { namespace = 'default', audiences, expirationSeconds = 3600 } = {}) {
      const sa = await request('POST', `/api/v1/namespaces/${namespace}/serviceaccounts`, {
        token: adminToken,
        body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } },
      });
      if (![201, 409].includes(sa.status)) throw new Error(`create ServiceAccount: HTTP ${sa.status}: ${sa.text}`);
      const r = await must(
        'TokenRequest',
        request('POST', `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`, {
          token: adminToken,
          body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences, expirationSeconds } },
        }),
      );
      return r.json.status.token;
    }

    Object.assign(cluster, {
      server,
      caData,
      caPath: path.join(dir, 'ca.crt'),
      adminToken,
      readOnlyToken,
      kubeconfigPath,
      readOnlyKubeconfigPath,
      etcdUrl,
      crdsAppliedWith: crdPaths.length === 0 ? 'none' : kubectl ? 'kubectl' : 'http',
      pids: { etcd: etcd.child.pid, apiserver: api.child.pid },
      logs: { etcd: etcdLog, apiserver: apiLog },
      startupMs: Date.now() - t0,
      request,
      serviceAccountToken,
    });
    say(`ready in ${cluster.startupMs}ms`);
    return cluster;
  } catch (e) {
    await stop().catch(() => stopSync());
    throw e;
  }

  // A detached shell that kills the server process groups (listed in
  // dir/pids) and removes the temp dir if this Node process dies without
  // running its exit hooks (SIGKILL, OOM). It polls the parent once a second.
  function startWatchdog() {
    const script = `
      while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done
      for g in $(cat '${pidFile}' 2>/dev/null); do kill -KILL -$g 2>/dev/null; done
      ${opts.keepDir ? '' : `rm -rf '${dir}'`}
    `;
    watchdog = spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore' });
    watchdog.unref();
  }
}

// ------------------------------------------------------------- script mode ---

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const c = await startCluster({ verbose: true });
  const env = { KUBECONFIG: c.kubeconfigPath, ...clusterEnv(c) };
  process.stdout.write(
    `cluster ready in ${c.startupMs}ms (dir ${c.dir})\nkubeconfig: ${c.kubeconfigPath}\n` +
      Object.entries(env)
        .map(([k, v]) => `export ${k}='${v}'\n`)
        .join('') +
      'Ctrl-C to stop.\n',
  );
  const shutdown = async () => {
    process.stdout.write('stopping...\n');
    await c.stop();
    process.exit(0);
  };
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  setInterval(() => {}, 1 << 30); // keep alive
}
