import { readFile } from 'node:fs/promises';
import type { ClusterConnection, CredentialProvider, Impersonation } from '../connection.js';
import { KubeConfigError } from './errors.js';
import { EXEC_CREDENTIAL_API_VERSIONS, ExecCredentialProvider, type ExecClusterInfo, type ExecCredentialApiVersion } from './exec.js';
import type { KubeCluster, KubeConfigModel, KubeContext, KubeUser } from './model.js';
import { redactUrlCredentials } from '../redaction.js';
import { hideSecrets } from './secrets.js';
import { readTokenFile, TokenFileCredentialProvider } from './token-file.js';
import type { CredentialOptions, ResolvedKubeConfig } from './types.js';

/** What to pick from a merged kubeconfig, like kubectl's `--context`, `--cluster` and `--user`. */
export interface ResolveOptions extends CredentialOptions {
  readonly context?: string | undefined;
  readonly cluster?: string | undefined;
  readonly user?: string | undefined;
}

/** Replacement commands for the auth-provider plugins kubectl no longer ships (or this SDK does not). */
const AUTH_PROVIDER_REPLACEMENTS: Readonly<Record<string, string>> = {
  gcp: 'the "gke-gcloud-auth-plugin" exec plugin (gcloud components install gke-gcloud-auth-plugin)',
  oidc: 'an exec plugin such as kubelogin ("kubectl oidc-login", github.com/int128/kubelogin)',
  azure: 'the "kubelogin" exec plugin (github.com/Azure/kubelogin)',
};

/**
 * Picks the context and builds the connection exactly as kubectl would: file fields are read into
 * PEM, a context's missing pieces are typed errors, and whatever kubectl ignores is ignored with a
 * warning. Only the chosen cluster and user are checked, as in kubectl.
 */
export async function resolveKubeConfig(model: KubeConfigModel, options: ResolveOptions = {}): Promise<ResolvedKubeConfig> {
  const warnings: string[] = [];
  const { contextName, context } = pickContext(model, options.context);
  const clusterName = options.cluster || context.cluster;
  const userName = options.user || context.user;
  const cluster = pickCluster(model, clusterName, contextName, context);
  const user = userName ? pickUser(model, userName, contextName, context) : undefined;

  const server = serverUrl(cluster, warnings);
  const secure = server.protocol === 'https:';
  const tls = secure ? await clusterTls(cluster, warnings) : ignoredOverHttp(cluster, user, warnings);
  const credentials = secure && user ? await userCredentials(user, cluster, tls.caData, options, warnings) : {};
  const impersonate = user ? impersonation(user, warnings) : undefined;

  const connection: ClusterConnection = {
    // The URL class appends '/' to a bare origin; keep what the file says (kubectl does too).
    server: cluster.server!.includes('://') ? cluster.server! : server.toString().replace(/\/$/, ''),
    ...tls,
    ...credentials,
    ...(cluster.proxyUrl ? { proxyUrl: proxyUrl(cluster) } : {}),
    ...(impersonate ? { impersonate } : {}),
  };
  return {
    connection: hideSecrets(connection),
    contextName,
    clusterName,
    userName: userName || undefined,
    namespace: context.namespace,
    warnings,
    source: model.files,
  };
}

function pickContext(model: KubeConfigModel, explicit: string | undefined): { contextName: string; context: KubeContext } {
  const contextName = explicit || model.currentContext?.name;
  if (!contextName) {
    throw new KubeConfigError('no context chosen: current-context is not set; pass a context or run "kubectl config use-context <name>"', {
      reason: 'NoCurrentContext',
      file: model.files.length === 1 ? model.files[0] : undefined,
      key: 'current-context',
    });
  }
  const context = model.contexts.get(contextName);
  if (!context) {
    const known = [...model.contexts.keys()].map((name) => JSON.stringify(name)).join(', ') || 'none';
    throw new KubeConfigError(`context ${JSON.stringify(contextName)} does not exist (known contexts: ${known})`, {
      reason: 'UnknownContext',
      file: explicit ? undefined : model.currentContext?.file,
      key: explicit ? `contexts[${contextName}]` : 'current-context',
    });
  }
  return { contextName, context };
}

function pickCluster(model: KubeConfigModel, clusterName: string, contextName: string, context: KubeContext): KubeCluster {
  const cluster = clusterName ? model.clusters.get(clusterName) : undefined;
  if (cluster) return cluster;
  const problem = clusterName ? `names cluster ${JSON.stringify(clusterName)}, which does not exist` : 'names no cluster';
  throw new KubeConfigError(`context ${JSON.stringify(contextName)} ${problem}`, {
    reason: 'UnknownCluster',
    file: context.origin.file,
    key: `${context.origin.key}.cluster`,
  });
}

function pickUser(model: KubeConfigModel, userName: string, contextName: string, context: KubeContext): KubeUser {
  const user = model.users.get(userName);
  if (user) return user;
  throw new KubeConfigError(`context ${JSON.stringify(contextName)} names user ${JSON.stringify(userName)}, which does not exist`, {
    reason: 'UnknownUser',
    file: context.origin.file,
    key: `${context.origin.key}.user`,
  });
}

function invalid(message: string, owner: KubeCluster | KubeUser, field: string, reason: 'InvalidValue' | 'Unsupported' = 'InvalidValue'): KubeConfigError {
  return new KubeConfigError(message, { reason, file: owner.origin.file, key: `${owner.origin.key}.${field}` });
}

function serverUrl(cluster: KubeCluster, warnings: string[]): URL {
  if (!cluster.server) throw invalid('the cluster has no server', cluster, 'server');
  let text = cluster.server;
  if (!text.includes('://')) {
    // client-go decides the scheme before it looks at TLS settings, so a bare host:port is plain http.
    text = `http://${text}`;
    warnings.push(`${cluster.origin.key}.server has no scheme: like kubectl, the SDK uses ${text}`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(`server ${JSON.stringify(cluster.server)} is not a valid URL`, cluster, 'server');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid(`server must be an https:// or http:// URL, got ${JSON.stringify(url.protocol)}`, cluster, 'server');
  }
  return url;
}

async function readPem(path: string, owner: KubeCluster | KubeUser, field: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'read error';
    throw new KubeConfigError(`cannot read ${JSON.stringify(path)} (${code})`, {
      reason: 'FileUnreadable',
      file: owner.origin.file,
      key: `${owner.origin.key}.${field}`,
    });
  }
}

/** One of a file field and its `-data` twin, read into text. kubectl refuses both at once. */
async function fileOrData(owner: KubeCluster | KubeUser, field: string, path: string | undefined, data: Buffer | undefined): Promise<string | undefined> {
  if (path !== undefined && data !== undefined) throw invalid(`both ${field} and ${field}-data are set; keep one`, owner, field);
  if (data !== undefined) return data.toString('utf8');
  return path !== undefined ? readPem(path, owner, field) : undefined;
}

type TlsPart = Pick<ClusterConnection, 'caData' | 'insecureSkipTlsVerify' | 'tlsServerName'>;

async function clusterTls(cluster: KubeCluster, warnings: string[]): Promise<TlsPart> {
  const hasCa = cluster.certificateAuthority !== undefined || cluster.certificateAuthorityData !== undefined;
  if (cluster.insecureSkipTlsVerify && hasCa) {
    throw invalid(
      'insecure-skip-tls-verify cannot be combined with certificate-authority or certificate-authority-data (kubectl: "specifying a root certificates file with the insecure flag is not allowed")',
      cluster,
      'insecure-skip-tls-verify',
    );
  }
  const caData = await fileOrData(cluster, 'certificate-authority', cluster.certificateAuthority, cluster.certificateAuthorityData);
  if (cluster.insecureSkipTlsVerify) {
    warnings.push(`${cluster.origin.key}.insecure-skip-tls-verify is true in ${cluster.origin.file}: the server's certificate is not verified`);
  }
  return {
    ...(caData !== undefined ? { caData } : {}),
    ...(cluster.insecureSkipTlsVerify ? { insecureSkipTlsVerify: true } : {}),
    ...(cluster.tlsServerName ? { tlsServerName: cluster.tlsServerName } : {}),
  };
}

/** Over plain http kubectl applies no TLS settings and sends no credentials; say so when some are set. */
function ignoredOverHttp(cluster: KubeCluster, user: KubeUser | undefined, warnings: string[]): TlsPart {
  const ignored = [
    cluster.certificateAuthority || cluster.certificateAuthorityData ? 'certificate-authority' : '',
    cluster.insecureSkipTlsVerify ? 'insecure-skip-tls-verify' : '',
    cluster.tlsServerName ? 'tls-server-name' : '',
    user?.token || user?.tokenFile ? 'token' : '',
    user?.username ? 'username/password' : '',
    user?.clientCertificate || user?.clientCertificateData ? 'client certificate' : '',
    user?.exec ? 'exec' : '',
    user?.authProviderName !== undefined ? 'auth-provider' : '',
  ].filter(Boolean);
  if (ignored.length > 0) {
    warnings.push(`the server is plain http, so like kubectl the SDK ignores: ${ignored.join(', ')} (${cluster.origin.key} in ${cluster.origin.file})`);
  }
  return {};
}

function proxyUrl(cluster: KubeCluster): string {
  const text = cluster.proxyUrl!;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(`proxy-url ${JSON.stringify(redactUrlCredentials(text))} is not a valid URL`, cluster, 'proxy-url');
  }
  if (url.protocol === 'socks5:') throw invalid('socks5 proxies are not supported yet: use an http:// or https:// proxy', cluster, 'proxy-url', 'Unsupported');
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(`proxy-url must be http:// or https://, got ${JSON.stringify(url.protocol)}`, cluster, 'proxy-url');
  }
  return text;
}

type CredentialPart = Pick<ClusterConnection, 'certData' | 'keyData' | 'token' | 'credentials' | 'username' | 'password'>;

async function userCredentials(
  user: KubeUser,
  cluster: KubeCluster,
  caData: string | undefined,
  options: ResolveOptions,
  warnings: string[],
): Promise<CredentialPart> {
  if (user.authProviderName !== undefined) {
    const replacement = AUTH_PROVIDER_REPLACEMENTS[user.authProviderName] ?? 'an exec plugin (users[].user.exec) that prints an ExecCredential';
    throw invalid(
      `auth-provider ${JSON.stringify(user.authProviderName)} is not supported (kubectl removed the built-in auth providers); use ${replacement} instead`,
      user,
      'auth-provider',
      'Unsupported',
    );
  }
  const certData = await fileOrData(user, 'client-certificate', user.clientCertificate, user.clientCertificateData);
  const keyData = await fileOrData(user, 'client-key', user.clientKey, user.clientKeyData);
  if ((certData === undefined) !== (keyData === undefined)) {
    throw invalid(
      'a client certificate needs both client-certificate(-data) and client-key(-data)',
      user,
      certData === undefined ? 'client-certificate' : 'client-key',
    );
  }
  const hasToken = user.token !== undefined || user.tokenFile !== undefined;
  if (hasToken && user.username !== undefined) {
    throw invalid('username/password and a bearer token (token or tokenFile) cannot both be set', user, 'username');
  }
  const part: CredentialPart = certData !== undefined ? { certData, keyData } : {};
  // client-go layers these so that a static token, then basic auth, hides the exec plugin.
  if (user.exec && (hasToken || user.username !== undefined)) {
    warnings.push(
      `${user.origin.key} sets exec and ${hasToken ? 'a token' : 'username/password'}: like kubectl, the SDK uses the latter and never runs the plugin`,
    );
  }
  if (user.tokenFile !== undefined) return { ...part, credentials: await tokenFileProvider(user, user.tokenFile, options) };
  if (user.token !== undefined) return { ...part, token: user.token };
  if (user.username !== undefined) return { ...part, username: user.username, password: user.password ?? '' };
  if (user.exec) return { ...part, credentials: execProvider(user, cluster, caData, options) };
  return part;
}

async function tokenFileProvider(user: KubeUser, path: string, options: ResolveOptions): Promise<CredentialProvider> {
  const origin = { file: user.origin.file, key: `${user.origin.key}.tokenFile` };
  // kubectl reads the file up front and fails when it cannot, unless a static token stands in.
  const first = await readTokenFile(path);
  if (first.token === undefined && user.token === undefined) {
    throw new KubeConfigError(`cannot read token file ${JSON.stringify(path)} (${first.problem})`, { reason: 'FileUnreadable', ...origin });
  }
  return new TokenFileCredentialProvider({ path, fallbackToken: user.token, maxAgeMs: options.tokenFileMaxAgeMs, now: options.now, origin });
}

function execProvider(user: KubeUser, cluster: KubeCluster, caData: string | undefined, options: ResolveOptions): CredentialProvider {
  const exec = user.exec!;
  if (!exec.command) throw invalid('exec needs a command', user, 'exec.command');
  const apiVersion = exec.apiVersion;
  if (!apiVersion) throw invalid('exec needs an apiVersion (client.authentication.k8s.io/v1 or v1beta1)', user, 'exec.apiVersion');
  if (!EXEC_CREDENTIAL_API_VERSIONS.includes(apiVersion as ExecCredentialApiVersion)) {
    throw invalid(
      `exec apiVersion ${JSON.stringify(apiVersion)} is not supported: use client.authentication.k8s.io/v1 or v1beta1`,
      user,
      'exec.apiVersion',
      'Unsupported',
    );
  }
  const mode = exec.interactiveMode ?? (apiVersion === 'client.authentication.k8s.io/v1' ? undefined : 'IfAvailable');
  if (mode === undefined)
    throw invalid('exec with apiVersion client.authentication.k8s.io/v1 needs interactiveMode (Never, IfAvailable or Always)', user, 'exec.interactiveMode');
  if (mode === 'Always') {
    throw invalid(
      'exec interactiveMode "Always" needs a terminal, and the SDK never runs plugins interactively: use Never or IfAvailable',
      user,
      'exec.interactiveMode',
      'Unsupported',
    );
  }
  if (mode !== 'Never' && mode !== 'IfAvailable')
    throw invalid(`exec interactiveMode must be Never, IfAvailable or Always, got ${JSON.stringify(mode)}`, user, 'exec.interactiveMode');

  const clusterInfo: ExecClusterInfo | undefined = exec.provideClusterInfo
    ? {
        server: cluster.server!,
        ...(cluster.tlsServerName ? { 'tls-server-name': cluster.tlsServerName } : {}),
        ...(cluster.insecureSkipTlsVerify ? { 'insecure-skip-tls-verify': true } : {}),
        ...(caData !== undefined ? { 'certificate-authority-data': Buffer.from(caData, 'utf8').toString('base64') } : {}),
        ...(cluster.proxyUrl ? { 'proxy-url': cluster.proxyUrl } : {}),
        ...(cluster.execExtension !== undefined ? { config: cluster.execExtension } : {}),
      }
    : undefined;
  return new ExecCredentialProvider(
    {
      command: exec.command,
      args: exec.args,
      env: exec.env,
      apiVersion: apiVersion as ExecCredentialApiVersion,
      installHint: exec.installHint,
      cluster: clusterInfo,
    },
    {
      env: options.env,
      now: options.now,
      expiryMarginMs: options.execExpiryMarginMs,
      timeoutMs: options.execTimeoutMs,
      origin: { file: user.origin.file, key: `${user.origin.key}.exec` },
    },
  );
}

function impersonation(user: KubeUser, warnings: string[]): Impersonation | undefined {
  if (user.hasAsUserExtra) warnings.push(`${user.origin.key}.as-user-extra is not supported by the SDK and is ignored`);
  if (!user.as && (user.asUid || user.asGroups?.length || user.hasAsUserExtra)) {
    // The API server would refuse it anyway; kubectl refuses before sending.
    throw invalid(
      'as-groups, as-uid and as-user-extra need "as": the user to impersonate',
      user,
      user.asUid ? 'as-uid' : user.asGroups?.length ? 'as-groups' : 'as-user-extra',
    );
  }
  if (!user.as) return undefined;
  return {
    user: user.as,
    ...(user.asGroups?.length ? { groups: [...user.asGroups] } : {}),
    ...(user.asUid ? { uid: user.asUid } : {}),
  };
}
