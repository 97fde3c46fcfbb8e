import type { KubeConfigErrorReason } from '../../../src/client/kubeconfig/index.js';
import type { Pki } from './pki.js';

/** A file of a case: a kubeconfig object (written as YAML, or JSON with `json`), or raw text. */
export type CaseFile = { readonly yaml: object } | { readonly json: object } | { readonly text: string };

/** One kubeconfig layout, checked against kubectl. All paths are relative to the case's directory, which is kubectl's cwd. */
export interface OracleCase {
  readonly name: string;
  readonly files: Readonly<Record<string, CaseFile>>;
  /** Non-kubeconfig files: PEM, token files, plugins (`plugin` writes the exec plugin script there). */
  readonly assets?: Readonly<Record<string, string | 'plugin'>>;
  /** KUBECONFIG entries in order; may name missing files or be empty strings. */
  readonly kubeconfig: readonly string[];
  readonly context?: string;
  /** Also let kubectl make a real request, to see the credentials it sends (servers must be the live test servers). */
  readonly live?: boolean;
  /** The SDK's typed error. When kubectl's `config view` accepts the layout, a live run must show kubectl failing too. */
  readonly sdkError?: KubeConfigErrorReason;
}

/** The servers the live cases point at; each case appends `/<case name>` so requests can be told apart. */
export interface LiveServers {
  readonly https: string;
  readonly http: string;
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const cluster = (name: string, body: object) => ({ name, cluster: body });
const user = (name: string, body: object) => ({ name, user: body });
const context = (name: string, body: object) => ({ name, context: body });
const config = (parts: { clusters?: object[]; users?: object[]; contexts?: object[]; current?: string }) => ({
  apiVersion: 'v1',
  kind: 'Config',
  ...(parts.current !== undefined ? { 'current-context': parts.current } : {}),
  clusters: parts.clusters ?? [],
  users: parts.users ?? [],
  contexts: parts.contexts ?? [],
});

/**
 * The corpus: multi-file merges, context selection, relative paths, data versus file fields,
 * duplicates across and within files, every credential kind, and the bad configs kubectl refuses.
 * Deterministic: the same servers and PKI give the same files.
 */
export function buildCorpus(pki: Pki, live: LiveServers): OracleCase[] {
  const caData = b64(pki.caCert);
  const certData = b64(pki.clientCert);
  const keyData = b64(pki.clientKey);
  const https = (name: string) => `${live.https}/${name}`;
  const single = (name: string, clusterBody: object, userBody: object | undefined, extra: Partial<OracleCase> = {}, contextExtra: object = {}): OracleCase => ({
    name,
    files: {
      config: {
        yaml: config({
          clusters: [cluster('c', clusterBody)],
          users: userBody ? [user('u', userBody)] : [],
          contexts: [context('ctx', { cluster: 'c', ...(userBody ? { user: 'u' } : {}), ...contextExtra })],
          current: 'ctx',
        }),
      },
    },
    kubeconfig: ['config'],
    ...extra,
  });

  return [
    single('token-and-ca-data', { server: https('token-and-ca-data'), 'certificate-authority-data': caData }, { token: 'static-token-1' }, { live: true }),
    {
      name: 'relative-files',
      files: {
        config: {
          yaml: config({
            clusters: [cluster('c', { server: https('relative-files'), 'certificate-authority': 'ca.crt' })],
            users: [user('u', { 'client-certificate': 'certs/client.crt', 'client-key': './certs/client.key' })],
            contexts: [context('ctx', { cluster: 'c', user: 'u' })],
            current: 'ctx',
          }),
        },
      },
      assets: { 'ca.crt': pki.caCert, 'certs/client.crt': pki.clientCert, 'certs/client.key': pki.clientKey },
      kubeconfig: ['config'],
      live: true,
    },
    {
      name: 'relative-parent-dir',
      files: {
        'conf/sub/config': {
          yaml: config({
            clusters: [cluster('c', { server: https('relative-parent-dir'), 'certificate-authority': '../../shared/ca.crt' })],
            users: [user('u', { 'client-certificate': '../../shared/client.crt', 'client-key-data': keyData })],
            contexts: [context('ctx', { cluster: 'c', user: 'u' })],
            current: 'ctx',
          }),
        },
      },
      assets: { 'shared/ca.crt': pki.caCert, 'shared/client.crt': pki.clientCert },
      kubeconfig: ['conf/sub/config'],
      live: true,
    },
    {
      // The CA path is relative to the file that defines the cluster, not to the one with the context.
      name: 'split-across-files',
      files: {
        'a/clusters.yaml': { yaml: config({ clusters: [cluster('c', { server: https('split-across-files'), 'certificate-authority': 'ca.crt' })] }) },
        'b/users.yaml': {
          yaml: config({
            users: [user('u', { 'client-certificate': 'client.crt', 'client-key': 'client.key' })],
            contexts: [context('ctx', { cluster: 'c', user: 'u' })],
            current: 'ctx',
          }),
        },
      },
      assets: { 'a/ca.crt': pki.caCert, 'b/client.crt': pki.clientCert, 'b/client.key': pki.clientKey, 'b/ca.crt': pki.otherCaCert },
      kubeconfig: ['b/users.yaml', 'a/clusters.yaml'],
      live: true,
    },
    {
      name: 'first-current-context-wins',
      files: {
        'one.yaml': { yaml: config({ current: 'one', clusters: [cluster('c1', { server: 'https://one.example:6443' })] }) },
        'two.yaml': {
          yaml: config({
            current: 'two',
            clusters: [cluster('c2', { server: 'https://two.example:6443' })],
            contexts: [context('one', { cluster: 'c1' }), context('two', { cluster: 'c2' })],
          }),
        },
      },
      kubeconfig: ['one.yaml', 'two.yaml'],
    },
    {
      name: 'current-context-from-a-later-file',
      files: {
        'one.yaml': { yaml: config({ clusters: [cluster('c1', { server: 'https://one.example:6443' })], contexts: [context('one', { cluster: 'c1' })] }) },
        'two.yaml': { yaml: config({ current: 'one' }) },
      },
      kubeconfig: ['one.yaml', 'two.yaml'],
    },
    {
      name: 'duplicate-cluster-first-file-wins-whole-entry',
      files: {
        'a.yaml': { yaml: config({ clusters: [cluster('c', { server: 'https://first.example' })] }) },
        'b.yaml': {
          yaml: config({
            clusters: [cluster('c', { server: 'https://second.example', 'tls-server-name': 'second', 'certificate-authority-data': caData })],
            contexts: [context('ctx', { cluster: 'c' })],
            current: 'ctx',
          }),
        },
      },
      kubeconfig: ['a.yaml', 'b.yaml'],
    },
    {
      name: 'duplicate-user-first-file-wins',
      files: {
        'a.yaml': { yaml: config({ users: [user('u', { token: 'from-first-file' })] }) },
        'b.yaml': {
          yaml: config({
            clusters: [cluster('c', { server: https('duplicate-user-first-file-wins'), 'certificate-authority-data': caData })],
            users: [user('u', { username: 'second', password: 'second-password' })],
            contexts: [context('ctx', { cluster: 'c', user: 'u' })],
            current: 'ctx',
          }),
        },
      },
      kubeconfig: ['a.yaml', 'b.yaml'],
      live: true,
    },
    {
      name: 'duplicate-context-first-file-wins',
      files: {
        'a.yaml': {
          yaml: config({ clusters: [cluster('c1', { server: 'https://c1.example' })], contexts: [context('x', { cluster: 'c1', namespace: 'first' })] }),
        },
        'b.yaml': {
          yaml: config({
            clusters: [cluster('c2', { server: 'https://c2.example' })],
            contexts: [context('x', { cluster: 'c2', namespace: 'second' })],
            current: 'x',
          }),
        },
      },
      kubeconfig: ['a.yaml', 'b.yaml'],
    },
    {
      name: 'explicit-context',
      files: {
        config: {
          yaml: config({
            clusters: [cluster('a', { server: 'https://a.example' }), cluster('b', { server: 'https://b.example', 'insecure-skip-tls-verify': true })],
            users: [user('ua', { token: 'token-a' }), user('ub', { token: 'token-b', as: 'admin' })],
            contexts: [context('a', { cluster: 'a', user: 'ua' }), context('b', { cluster: 'b', user: 'ub', namespace: 'ns-b' })],
            current: 'a',
          }),
        },
      },
      kubeconfig: ['config'],
      context: 'b',
    },
    {
      name: 'missing-and-empty-entries-are-skipped',
      files: {
        'real.yaml': {
          yaml: config({ clusters: [cluster('c', { server: 'https://real.example' })], contexts: [context('ctx', { cluster: 'c' })], current: 'ctx' }),
        },
      },
      kubeconfig: ['missing.yaml', '', 'real.yaml', ''],
    },
    {
      name: 'repeated-entry',
      files: {
        'a.yaml': { yaml: config({ clusters: [cluster('c', { server: 'https://a.example' })], contexts: [context('ctx', { cluster: 'c' })] }) },
        'b.yaml': { yaml: config({ clusters: [cluster('c', { server: 'https://b.example' })], current: 'ctx' }) },
      },
      kubeconfig: ['a.yaml', 'b.yaml', 'a.yaml', './a.yaml'],
    },
    single(
      'client-cert-data',
      { server: https('client-cert-data'), 'certificate-authority-data': caData },
      { 'client-certificate-data': certData, 'client-key-data': keyData },
      { live: true },
    ),
    single('basic-auth', { server: https('basic-auth'), 'certificate-authority-data': caData }, { username: 'bob', password: 'b0b-s3cret' }, { live: true }),
    single(
      'insecure-skip-tls-verify',
      { server: https('insecure-skip-tls-verify'), 'insecure-skip-tls-verify': true },
      { token: 'insecure-token' },
      { live: true },
    ),
    single(
      'tls-server-name',
      { server: https('tls-server-name'), 'certificate-authority': 'ca.pem', 'tls-server-name': 'kube.test' },
      { token: 'sni-token' },
      { live: true, assets: { 'ca.pem': pki.caCert } },
    ),
    single('proxy-url-http', { server: 'https://kube.example:6443', 'proxy-url': 'http://proxy.example:3128' }, { token: 'x' }),
    single('proxy-url-https-with-credentials', { server: 'https://kube.example:6443', 'proxy-url': 'https://user:p%40ss@proxy.example:8443' }, undefined),
    single(
      'impersonation',
      { server: https('impersonation'), 'certificate-authority-data': caData },
      { token: 'imp-token', as: 'jane', 'as-groups': ['devs', 'ops'], 'as-uid': '1234' },
      { live: true },
    ),

    single(
      'token-file-relative',
      { server: https('token-file-relative'), 'certificate-authority-data': caData },
      { tokenFile: 'secrets/token' },
      {
        live: true,
        assets: { 'secrets/token': 'file-token-value\n' },
      },
    ),
    single(
      'token-file-wins-over-token',
      { server: https('token-file-wins-over-token'), 'certificate-authority-data': caData },
      { token: 'static', tokenFile: 'token' },
      {
        live: true,
        assets: { token: 'rotated-token' },
      },
    ),
    single(
      'token-when-token-file-is-missing',
      { server: https('token-when-token-file-is-missing'), 'certificate-authority-data': caData },
      { token: 'static-fallback', tokenFile: 'gone' },
      {
        live: true,
      },
    ),
    single(
      'exec-relative-command',
      { server: https('exec-relative-command'), 'certificate-authority-data': caData },
      {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: './bin/plugin',
          args: ['get-token'],
          interactiveMode: 'IfAvailable',
          env: [
            { name: 'PLUGIN_FIXED_TOKEN', value: 'token-from-exec' },
            { name: 'PLUGIN_LOG', value: '/dev/null' },
          ],
        },
      },
      { live: true, assets: { 'bin/plugin': 'plugin' } },
    ),
    single(
      'exec-v1beta1-from-path',
      { server: https('exec-v1beta1-from-path'), 'certificate-authority-data': caData },
      {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          command: 'node',
          args: [
            '-e',
            'process.stdout.write(JSON.stringify({apiVersion:"client.authentication.k8s.io/v1beta1",kind:"ExecCredential",status:{token:"beta-token"}}))',
          ],
        },
      },
      { live: true },
    ),
    single('context-namespace', { server: 'https://ns.example' }, undefined, {}, { namespace: 'team-a' }),
    {
      name: 'json-kubeconfig',
      files: {
        'config.json': {
          json: config({ clusters: [cluster('c', { server: 'https://json.example' })], contexts: [context('ctx', { cluster: 'c' })], current: 'ctx' }),
        },
      },
      kubeconfig: ['config.json'],
    },
    {
      name: 'yaml-1.1-boolean',
      files: {
        config: {
          text: 'current-context: ctx\nclusters:\n- name: c\n  cluster:\n    server: https://yes.example\n    insecure-skip-tls-verify: yes\ncontexts:\n- name: ctx\n  context:\n    cluster: c\n',
        },
      },
      kubeconfig: ['config'],
    },
    single(
      'plain-http-server-sends-no-credentials',
      { server: `${live.http}/plain-http-server-sends-no-credentials` },
      { token: 'never-sent', as: 'still-impersonated' },
      { live: true },
    ),
    // Not live: kubectl prompts for a username on stdin when it has no credentials; the SDK never prompts.
    single('context-without-user', { server: https('context-without-user'), 'certificate-authority-data': caData }, undefined),
    single('server-with-a-path', { server: 'https://gateway.example/k8s/clusters/c-1' }, { token: 't' }),

    // Bad configs: kubectl refuses them (in `config view` or, for the live ones, when it connects).
    {
      name: 'no-current-context',
      files: { config: { yaml: config({ clusters: [cluster('c', { server: 'https://a.example' })], contexts: [context('ctx', { cluster: 'c' })] }) } },
      kubeconfig: ['config'],
      sdkError: 'NoCurrentContext',
    },
    { ...single('unknown-explicit-context', { server: 'https://a.example' }, undefined), context: 'nope', sdkError: 'UnknownContext' },
    {
      name: 'unknown-cluster',
      files: {
        config: {
          yaml: config({ clusters: [cluster('c', { server: 'https://a.example' })], contexts: [context('ctx', { cluster: 'typo' })], current: 'ctx' }),
        },
      },
      kubeconfig: ['config'],
      sdkError: 'UnknownCluster',
    },
    {
      name: 'unknown-user',
      files: {
        config: {
          yaml: config({
            clusters: [cluster('c', { server: 'https://a.example' })],
            contexts: [context('ctx', { cluster: 'c', user: 'ghost' })],
            current: 'ctx',
          }),
        },
      },
      kubeconfig: ['config'],
      sdkError: 'UnknownUser',
    },
    {
      name: 'bad-base64-in-an-unused-entry',
      files: {
        config: {
          yaml: config({
            clusters: [
              cluster('c', { server: 'https://a.example' }),
              cluster('unused', { server: 'https://b.example', 'certificate-authority-data': 'bm90IGJhc2U2NA' }),
            ],
            contexts: [context('ctx', { cluster: 'c' })],
            current: 'ctx',
          }),
        },
      },
      kubeconfig: ['config'],
      sdkError: 'InvalidValue',
    },
    {
      name: 'duplicate-name-within-one-file',
      files: {
        config: {
          yaml: config({
            clusters: [cluster('c', { server: 'https://a.example' }), cluster('c', { server: 'https://b.example' })],
            contexts: [context('ctx', { cluster: 'c' })],
            current: 'ctx',
          }),
        },
      },
      kubeconfig: ['config'],
      sdkError: 'InvalidSyntax',
    },
    single('missing-ca-file', { server: 'https://a.example', 'certificate-authority': 'nowhere/ca.crt' }, undefined, { sdkError: 'FileUnreadable' }),
    single('ca-file-and-data', { server: 'https://a.example', 'certificate-authority': 'ca.crt', 'certificate-authority-data': caData }, undefined, {
      sdkError: 'InvalidValue',
      assets: { 'ca.crt': pki.caCert },
    }),
    single(
      'client-key-file-and-data',
      { server: 'https://a.example' },
      { 'client-certificate-data': certData, 'client-key': 'k.pem', 'client-key-data': keyData },
      {
        sdkError: 'InvalidValue',
        assets: { 'k.pem': pki.clientKey },
      },
    ),
    {
      name: 'wrong-type',
      files: {
        config: {
          text: 'current-context: ctx\nclusters:\n- name: c\n  cluster: {server: "https://a.example"}\nusers:\n- name: u\n  user: {as-uid: 42}\ncontexts:\n- name: ctx\n  context: {cluster: c, user: u}\n',
        },
      },
      kubeconfig: ['config'],
      sdkError: 'InvalidSyntax',
    },
    {
      name: 'broken-file-later-in-the-list',
      files: {
        'good.yaml': {
          yaml: config({ clusters: [cluster('c', { server: 'https://a.example' })], contexts: [context('ctx', { cluster: 'c' })], current: 'ctx' }),
        },
        'broken.yaml': { text: 'clusters: [ {name: x\n' },
      },
      kubeconfig: ['good.yaml', 'broken.yaml'],
      sdkError: 'InvalidSyntax',
    },
    single(
      'insecure-with-ca',
      { server: https('insecure-with-ca'), 'insecure-skip-tls-verify': true, 'certificate-authority-data': caData },
      { token: 't' },
      { live: true, sdkError: 'InvalidValue' },
    ),
    single(
      'token-and-basic-auth',
      { server: https('token-and-basic-auth'), 'certificate-authority-data': caData },
      { token: 't', username: 'u', password: 'p' },
      { live: true, sdkError: 'InvalidValue' },
    ),
    single(
      'impersonation-groups-without-user',
      { server: https('impersonation-groups-without-user'), 'certificate-authority-data': caData },
      { token: 't', 'as-groups': ['viewers'] },
      {
        live: true,
        sdkError: 'InvalidValue',
      },
    ),
    single(
      'impersonation-uid-without-user',
      { server: https('impersonation-uid-without-user'), 'certificate-authority-data': caData },
      { token: 't', 'as-uid': '42' },
      {
        live: true,
        sdkError: 'InvalidValue',
      },
    ),
    single(
      'auth-provider-gcp',
      { server: https('auth-provider-gcp'), 'certificate-authority-data': caData },
      { 'auth-provider': { name: 'gcp', config: { 'access-token': 'ya29.secret' } } },
      {
        live: true,
        sdkError: 'Unsupported',
      },
    ),
  ];
}
