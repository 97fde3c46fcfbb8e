/**
 * Docker image references, parsed with the semantics of `github.com/distribution/reference`
 * (`ParseNormalizedNamed`, `ParseDockerRef`, `FamiliarString`). Pure and free of dependencies, so
 * both the validators and the zod-free `eci-imagecache/matching` entry can use it.
 * @packageDocumentation
 */
import { MAX_IMAGE_NAME_LENGTH } from '../types/constants.js';

// The grammar, transcribed from distribution/reference's regexp.go.
const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const ipv6address = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
const host = `(?:${domainName}|${ipv6address})`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const tag = '[\\w][\\w.-]{0,127}';
const digestPat = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const namePat = `(?:${domainAndPort}/)?${remoteName}`;

const referenceRegexp = new RegExp(`^(${namePat})(?::(${tag}))?(?:@(${digestPat}))?$`);
const anchoredNameRegexp = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`);
const anchoredIdentifierRegexp = /^[a-f0-9]{64}$/;
const digestRegexpAnchored = new RegExp(`^${digestPat}$`);

const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';
const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

/** A parsed, normalized image reference. */
export interface ImageReference {
  /** Registry host, with port when given: `docker.io`, `registry.cn-beijing.aliyuncs.com`, `localhost:5000`. */
  readonly domain: string;
  /** Repository path in the registry: `library/nginx`, `acs/pause-amd64`. */
  readonly path: string;
  /** The tag, or undefined when the reference has none. */
  readonly tag: string | undefined;
  /** The digest (`sha256:...`), or undefined when the reference has none. */
  readonly digest: string | undefined;
  /** The full repository name, `domain/path`: `docker.io/library/nginx`. */
  readonly name: string;
  /** The short form Docker prints: `nginx:1.7.9` for `docker.io/library/nginx:1.7.9`. */
  readonly familiar: string;
}

/** Thrown when a string is not a valid image reference; `reason` is distribution/reference's message. */
export class ImageReferenceError extends Error {
  override readonly name = 'ImageReferenceError';
  /** The rejected input. */
  readonly reference: string;
  /** Why it was rejected, in distribution/reference's words. */
  readonly reason: string;

  constructor(reference: string, reason: string) {
    super(`invalid image reference ${JSON.stringify(reference)}: ${reason}`);
    this.reference = reference;
    this.reason = reason;
  }
}

/** True when `value` is an {@link ImageReferenceError}. */
export function isImageReferenceError(value: unknown): value is ImageReferenceError {
  return value instanceof ImageReferenceError;
}

function splitDockerDomain(name: string): [domain: string, remainder: string] {
  const i = name.indexOf('/');
  let domain: string;
  let remainder: string;
  const first = i === -1 ? '' : name.slice(0, i);
  if (i === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = DEFAULT_DOMAIN;
    remainder = name;
  } else {
    domain = first;
    remainder = name.slice(i + 1);
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_REPO_PREFIX + remainder;
  return [domain, remainder];
}

function validateDigest(digest: string): string | undefined {
  const i = digest.indexOf(':');
  if (i <= 0 || i + 1 === digest.length) return 'invalid checksum digest format';
  const algorithm = digest.slice(0, i);
  const encoded = digest.slice(i + 1);
  const expected = DIGEST_HEX_LENGTH[algorithm];
  if (expected === undefined) {
    return digestRegexpAnchored.test(digest) ? 'unsupported digest algorithm' : 'invalid checksum digest format';
  }
  if (encoded.length !== expected) return 'invalid checksum digest length';
  if (!/^[a-f0-9]+$/.test(encoded)) return 'invalid checksum digest format';
  return undefined;
}

function familiarName(domain: string, path: string): string {
  if (domain !== DEFAULT_DOMAIN) return `${domain}/${path}`;
  if (path.startsWith(OFFICIAL_REPO_PREFIX)) {
    const rest = path.slice(OFFICIAL_REPO_PREFIX.length);
    if (!rest.includes('/')) return rest;
  }
  return path;
}

/**
 * Explains why `ref` is not a valid reference, or returns undefined when it is. Never throws;
 * {@link parseImageReference} is the throwing form.
 */
export function imageReferenceProblem(ref: string): string | undefined {
  const result = parse(ref);
  return typeof result === 'string' ? result : undefined;
}

function parse(ref: string): ImageReference | string {
  if (typeof ref !== 'string') return 'reference must be a string';
  if (anchoredIdentifierRegexp.test(ref)) {
    return `invalid repository name (${ref}), cannot specify 64-byte hexadecimal strings`;
  }
  const [domainPart, remainder] = splitDockerDomain(ref);
  const tagSep = remainder.indexOf(':');
  const remote = tagSep > -1 ? remainder.slice(0, tagSep) : remainder;
  if (remote.toLowerCase() !== remote) return `invalid reference format: repository name (${remote}) must be lowercase`;
  const full = `${domainPart}/${remainder}`;
  const matches = referenceRegexp.exec(full);
  if (!matches) {
    if (referenceRegexp.test(full.toLowerCase())) return 'invalid reference format: repository name must be lowercase';
    return 'invalid reference format';
  }
  const name = matches[1] ?? '';
  if (name.length > MAX_IMAGE_NAME_LENGTH) {
    return `repository name must not be more than ${MAX_IMAGE_NAME_LENGTH} characters`;
  }
  const nameMatch = anchoredNameRegexp.exec(name);
  const domain = nameMatch?.[1] ?? '';
  const path = nameMatch?.[2] ?? name;
  const tagValue = matches[2] || undefined;
  const digest = matches[3] || undefined;
  if (digest !== undefined) {
    const problem = validateDigest(digest);
    if (problem) return problem;
  }
  const familiar = familiarName(domain, path) + (tagValue ? `:${tagValue}` : '') + (digest ? `@${digest}` : '');
  return { domain, path, tag: tagValue, digest, name: `${domain}/${path}`, familiar };
}

/**
 * Parses an image reference as Docker's `ParseNormalizedNamed` does: `nginx` becomes domain
 * `docker.io`, path `library/nginx`; `index.docker.io` means `docker.io`.
 *
 * @example
 * ```ts
 * parseImageReference('nginx:1.7.9');
 * // { domain: 'docker.io', path: 'library/nginx', tag: '1.7.9', digest: undefined,
 * //   name: 'docker.io/library/nginx', familiar: 'nginx:1.7.9' }
 * ```
 * @throws {@link ImageReferenceError} with distribution/reference's reason when `ref` is invalid.
 */
export function parseImageReference(ref: string): ImageReference {
  const result = parse(ref);
  if (typeof result === 'string') throw new ImageReferenceError(String(ref), result);
  return result;
}

/**
 * Normalizes a reference as Docker's `ParseDockerRef` does: the full name, `:latest` added when
 * there is neither tag nor digest, and only the digest kept when both are present.
 *
 * @example
 * ```ts
 * normalizeImageReference('nginx'); // 'docker.io/library/nginx:latest'
 * ```
 * @throws {@link ImageReferenceError} when `ref` is invalid.
 */
export function normalizeImageReference(ref: string): string {
  const parsed = parseImageReference(ref);
  if (parsed.digest !== undefined) return `${parsed.name}@${parsed.digest}`;
  return `${parsed.name}:${parsed.tag ?? 'latest'}`;
}
