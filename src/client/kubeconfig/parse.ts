import { sep } from 'node:path';
import { decodeStrictBase64 } from './base64.js';
import { KubeConfigError } from './errors.js';
import type { KubeCluster, KubeConfigModel, KubeContext, KubeExec, KubeUser, Origin } from './model.js';
import { resolveReference } from './paths.js';
import { isRecord } from '../../is-record.js';

/** Where the text came from, so relative paths and error messages can name it. */
export interface ParseSource {
  /** Absolute path, or `<inline>`. */
  readonly file: string;
  /** Directory relative paths in the file are resolved against. */
  readonly baseDir: string;
  readonly homeDir: string;
}

type YamlObject = Record<string, unknown>;

const EXEC_EXTENSION_NAME = 'client.authentication.k8s.io/exec';

/**
 * Parses one kubeconfig file with kubectl's strictness: wrong types, bad base64 and a name repeated
 * within the file are errors (anywhere in the file, used or not); unknown fields are ignored.
 * The YAML parser is imported here, on first use, so importing the SDK stays cheap.
 */
export async function parseKubeConfig(text: string, source: ParseSource): Promise<KubeConfigModel> {
  const { parse } = await import('yaml');
  let document: unknown;
  try {
    // kubectl reads YAML 1.1 (yes/no are booleans there) and refuses duplicate keys. prettyErrors
    // computes the line; its message (which quotes the source) is never used.
    document = parse(text, { version: '1.1', uniqueKeys: true, prettyErrors: true });
  } catch (error) {
    // The parser's message quotes the offending line, which may hold a secret: keep only its position.
    throw new KubeConfigError(`not valid YAML${yamlPosition(error)}`, { reason: 'InvalidSyntax', file: source.file });
  }
  return new FileReader(source).read(document);
}

function yamlPosition(error: unknown): string {
  const { code, linePos } = (error ?? {}) as { code?: unknown; linePos?: readonly { line: number; col: number }[] };
  const at = linePos?.[0] ? ` at line ${linePos[0].line}, column ${linePos[0].col}` : '';
  return typeof code === 'string' ? `${at} (${code})` : at;
}

/** Reads typed fields out of one file, naming the file and key in every error. */
class FileReader {
  readonly #source: ParseSource;

  constructor(source: ParseSource) {
    this.#source = source;
  }

  read(document: unknown): KubeConfigModel {
    if (document === null || document === undefined) {
      return { clusters: new Map(), users: new Map(), contexts: new Map(), files: [this.#source.file] };
    }
    const root = this.#object(document, '(root)');
    const currentContext = this.#string(root, 'current-context', '');
    return {
      clusters: this.#namedList(root, 'clusters', 'cluster', (body, origin) => this.#cluster(body, origin)),
      users: this.#namedList(root, 'users', 'user', (body, origin) => this.#user(body, origin)),
      contexts: this.#namedList(root, 'contexts', 'context', (body, origin) => this.#context(body, origin)),
      currentContext: currentContext ? { name: currentContext, file: this.#source.file } : undefined,
      files: [this.#source.file],
    };
  }

  #fail(message: string, key: string, reason: 'InvalidSyntax' | 'InvalidValue' = 'InvalidSyntax'): never {
    throw new KubeConfigError(message, { reason, file: this.#source.file, key });
  }

  #object(value: unknown, key: string): YamlObject {
    if (!isRecord(value)) this.#fail('must be a mapping', key);
    return value;
  }

  #string(parent: YamlObject, field: string, key: string): string | undefined {
    const value = parent[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') this.#fail('must be a string', join(key, field));
    return value;
  }

  #boolean(parent: YamlObject, field: string, key: string): boolean | undefined {
    const value = parent[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') this.#fail('must be true or false', join(key, field));
    return value;
  }

  #stringList(parent: YamlObject, field: string, key: string): string[] | undefined {
    const value = parent[field];
    if (value === undefined || value === null) return undefined;
    const fieldKey = join(key, field);
    if (!Array.isArray(value)) this.#fail('must be a list of strings', fieldKey);
    return value.map((item, index) => {
      if (typeof item !== 'string') this.#fail('must be a string', `${fieldKey}[${index}]`);
      return item;
    });
  }

  #list(parent: YamlObject, field: string, key: string): unknown[] {
    const value = parent[field];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.#fail('must be a list', join(key, field));
    return value;
  }

  /** A file path field, resolved like clientcmd's ResolveLocalPaths. */
  #path(parent: YamlObject, field: string, key: string): string | undefined {
    const value = this.#string(parent, field, key);
    return value ? resolveReference(value, this.#source.baseDir, this.#source.homeDir) : undefined;
  }

  /** A `-data` field: base64 in the file, bytes in memory. Empty counts as unset, as in kubectl. */
  #data(parent: YamlObject, field: string, key: string): Buffer | undefined {
    const value = this.#string(parent, field, key);
    if (!value) return undefined;
    const bytes = decodeStrictBase64(value);
    if (!bytes) this.#fail('is not valid base64 (standard alphabet, padded)', join(key, field), 'InvalidValue');
    return bytes;
  }

  #namedList<T>(
    root: YamlObject,
    field: 'clusters' | 'users' | 'contexts',
    bodyField: 'cluster' | 'user' | 'context',
    build: (body: YamlObject, origin: Origin) => T,
  ): Map<string, T> {
    const entries = new Map<string, T>();
    this.#list(root, field, '').forEach((item, index) => {
      const entry = this.#object(item, `${field}[${index}]`);
      const name = this.#string(entry, 'name', `${field}[${index}]`) ?? '';
      const entryKey = `${field}[${name || index}]`;
      if (entries.has(name)) this.#fail(`name ${JSON.stringify(name)} appears twice in ${field}`, entryKey);
      const bodyKey = join(entryKey, bodyField);
      const body = entry[bodyField] === undefined || entry[bodyField] === null ? {} : this.#object(entry[bodyField], bodyKey);
      entries.set(name, build(body, { file: this.#source.file, key: bodyKey }));
    });
    return entries;
  }

  #cluster(body: YamlObject, origin: Origin): KubeCluster {
    const key = origin.key;
    return {
      origin,
      server: this.#string(body, 'server', key),
      tlsServerName: this.#string(body, 'tls-server-name', key),
      insecureSkipTlsVerify: this.#boolean(body, 'insecure-skip-tls-verify', key),
      certificateAuthority: this.#path(body, 'certificate-authority', key),
      certificateAuthorityData: this.#data(body, 'certificate-authority-data', key),
      proxyUrl: this.#string(body, 'proxy-url', key),
      execExtension: this.#execExtension(body, key),
    };
  }

  #execExtension(body: YamlObject, key: string): unknown {
    for (const [index, item] of this.#list(body, 'extensions', key).entries()) {
      const extension = this.#object(item, `${join(key, 'extensions')}[${index}]`);
      if (extension['name'] === EXEC_EXTENSION_NAME) return extension['extension'];
    }
    return undefined;
  }

  #user(body: YamlObject, origin: Origin): KubeUser {
    const key = origin.key;
    const extra = body['as-user-extra'];
    if (extra !== undefined && extra !== null) this.#object(extra, join(key, 'as-user-extra'));
    const authProvider = body['auth-provider'];
    const authProviderName =
      authProvider === undefined || authProvider === null
        ? undefined
        : (this.#string(this.#object(authProvider, join(key, 'auth-provider')), 'name', join(key, 'auth-provider')) ?? '');
    return {
      origin,
      clientCertificate: this.#path(body, 'client-certificate', key),
      clientCertificateData: this.#data(body, 'client-certificate-data', key),
      clientKey: this.#path(body, 'client-key', key),
      clientKeyData: this.#data(body, 'client-key-data', key),
      token: this.#string(body, 'token', key) || undefined,
      tokenFile: this.#path(body, 'tokenFile', key),
      as: this.#string(body, 'as', key) || undefined,
      asUid: this.#string(body, 'as-uid', key) || undefined,
      asGroups: this.#stringList(body, 'as-groups', key),
      hasAsUserExtra: isRecord(extra) && Object.keys(extra).length > 0,
      username: this.#string(body, 'username', key) || undefined,
      password: this.#string(body, 'password', key) || undefined,
      authProviderName,
      exec: body['exec'] === undefined || body['exec'] === null ? undefined : this.#exec(this.#object(body['exec'], join(key, 'exec')), join(key, 'exec')),
    };
  }

  #exec(body: YamlObject, key: string): KubeExec {
    const command = this.#string(body, 'command', key);
    const env = this.#list(body, 'env', key).map((item, index) => {
      const itemKey = `${join(key, 'env')}[${index}]`;
      const variable = this.#object(item, itemKey);
      return { name: this.#string(variable, 'name', itemKey) ?? '', value: this.#string(variable, 'value', itemKey) ?? '' };
    });
    return {
      // Only a command with a path separator is a path; a bare name is looked up on PATH.
      command: command && (command.includes(sep) || command.includes('/')) ? resolveReference(command, this.#source.baseDir, this.#source.homeDir) : command,
      args: this.#stringList(body, 'args', key) ?? [],
      env,
      apiVersion: this.#string(body, 'apiVersion', key),
      installHint: this.#string(body, 'installHint', key),
      provideClusterInfo: this.#boolean(body, 'provideClusterInfo', key) ?? false,
      interactiveMode: this.#string(body, 'interactiveMode', key),
    };
  }

  #context(body: YamlObject, origin: Origin): KubeContext {
    const key = origin.key;
    return {
      origin,
      cluster: this.#string(body, 'cluster', key) ?? '',
      user: this.#string(body, 'user', key) ?? '',
      namespace: this.#string(body, 'namespace', key) || undefined,
    };
  }
}

function join(key: string, field: string): string {
  return key ? `${key}.${field}` : field;
}
