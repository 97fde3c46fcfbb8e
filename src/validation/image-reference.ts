/**
 * Docker image references, parsed with the semantics of `github.com/distribution/reference` v0.6
 * (`ParseNormalizedNamed`, `ParseDockerRef`, `FamiliarString`) and `go-digest` v1.0 with sha256
 * and sha512 linked, as in Docker itself. Pure and free of dependencies, so both the validators
 * and the zod-free `eci-imagecache/matching` entry can use it.
 *
 * test/matching/reference-oracle.test.ts checks every function here against the Go library's
 * own answers for several hundred inputs; change nothing without regenerating that fixture.
 * @packageDocumentation
 */
import { EciImageCacheError, isErrorOf } from '../errors/base.js';
import { MAX_IMAGE_NAME_LENGTH } from '../types/constants.js';

// The grammar, transcribed from distribution/reference's regexp.go. JavaScript's backtracking
// engine yields the same submatches as Go's leftmost-first RE2 for these patterns.
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

/** @internal distribution/reference's `ReferenceRegexp`: captures name, tag, digest. */
export const REFERENCE_REGEXP = new RegExp(`^(${namePat})(?::(${tag}))?(?:@(${digestPat}))?$`);
/** @internal distribution/reference's `anchoredNameRegexp`: captures domain and path. */
export const ANCHORED_NAME_REGEXP = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`);
/** @internal distribution/reference's `DomainRegexp`, anchored as its test anchors it. */
export const ANCHORED_DOMAIN_REGEXP = new RegExp(`^${domainAndPort}$`);
/** @internal distribution/reference's `anchoredIdentifierRegexp`: a bare 64-hex image id. */
export const ANCHORED_IDENTIFIER_REGEXP = /^([a-f0-9]{64})$/;

// go-digest's own (looser, lowercase-only) grammar; it decides between "unsupported algorithm"
// and "invalid format" for algorithms go-digest does not know.
// Stryker disable next-line Regex: equivalent, REFERENCE_REGEXP already limits the encoded part to 32 or more hex digits
const goDigestRegexpAnchored = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const LOCALHOST = 'localhost';
const OFFICIAL_REPO_PREFIX = 'library/';
const DEFAULT_TAG = 'latest';

// distribution/reference's error texts, kept verbatim so messages match `docker pull`'s.
const ERR_REFERENCE_INVALID_FORMAT = 'invalid reference format';
const ERR_NAME_CONTAINS_UPPERCASE = 'repository name must be lowercase';
const ERR_NAME_EMPTY = 'repository name must have at least one component';
const ERR_NAME_TOO_LONG = `repository name must not be more than ${MAX_IMAGE_NAME_LENGTH} characters`;
const ERR_DIGEST_INVALID_FORMAT = 'invalid checksum digest format';
const ERR_DIGEST_INVALID_LENGTH = 'invalid checksum digest length';
const ERR_DIGEST_UNSUPPORTED = 'unsupported digest algorithm';

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
export class ImageReferenceError extends EciImageCacheError {
  /** Always `'ImageReferenceError'`. */
  override readonly name = 'ImageReferenceError';
  /** The rejected input. */
  readonly reference: string;
  /** Why it was rejected, in distribution/reference's words. */
  readonly reason: string;

  /** `reference` is the rejected string, `reason` distribution/reference's reason. */
  constructor(reference: string, reason: string) {
    super(`invalid image reference ${JSON.stringify(reference)}: ${reason}`);
    this.reference = reference;
    this.reason = reason;
  }
}

/**
 * True when `value` is an {@link ImageReferenceError}.
 *
 * @example
 * ```ts
 * try { parseImageReference('Nginx'); } catch (err) { if (isImageReferenceError(err)) console.log(err.reason); }
 * ```
 */
export function isImageReferenceError(value: unknown): value is ImageReferenceError {
  return isErrorOf(value, ImageReferenceError);
}

/**
 * Go's `strings.ToLower`, which uses simple (one code point to one) case mappings. JavaScript's
 * `toLowerCase` uses full mappings and differs for U+0130 (`İ` becomes `i̇`, two code points, in
 * JavaScript but `i` in Go), which changes which error an input gets.
 */
function goToLower(s: string): string {
  // Fast path: nothing outside ASCII, where both languages agree.
  // Stryker disable next-line ConditionalExpression,Regex: equivalent, the slow path lowercases ASCII alike, and every caller's input with a non-ASCII character holds ASCII too or is only compared with itself
  if (!/[^\x00-\x7f]/.test(s)) return s.toLowerCase();
  let out = '';
  for (const ch of s) out += ch === '\u0130' ? 'i' : ch.toLowerCase();
  return out;
}

/** distribution/reference v0.6 `splitDockerDomain`. */
function splitDockerDomain(name: string): [domain: string, remainder: string] {
  const slash = name.indexOf('/');
  // A single element ("ubuntu", "ubuntu:latest", even "localhost:5000") is always a Docker Hub
  // official image, never a host.
  if (slash === -1) return [DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX + name];
  const maybeDomain = name.slice(0, slash);
  const maybeRemainder = name.slice(slash + 1);
  let domain: string;
  let remainder: string;
  if (maybeDomain === LOCALHOST) {
    [domain, remainder] = [maybeDomain, maybeRemainder];
  } else if (maybeDomain === LEGACY_DEFAULT_DOMAIN) {
    [domain, remainder] = [DEFAULT_DOMAIN, maybeRemainder];
  } else if (/[.:]/.test(maybeDomain)) {
    [domain, remainder] = [maybeDomain, maybeRemainder];
  } else if (goToLower(maybeDomain) !== maybeDomain) {
    // Namespaces cannot hold uppercase, so an uppercase first element must be a host.
    [domain, remainder] = [maybeDomain, maybeRemainder];
  } else {
    [domain, remainder] = [DEFAULT_DOMAIN, name];
  }
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_REPO_PREFIX + remainder;
  return [domain, remainder];
}

/** go-digest v1.0 `Digest.Validate`, with sha256, sha384 and sha512 available. */
function digestProblem(digest: string): string | undefined {
  const i = digest.indexOf(':');
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,ArithmeticOperator: unreachable, REFERENCE_REGEXP already requires an algorithm, ':' and hex digits
  if (i <= 0 || i + 1 === digest.length) return ERR_DIGEST_INVALID_FORMAT;
  const algorithm = digest.slice(0, i);
  const encoded = digest.slice(i + 1);
  const expectedLength = Object.hasOwn(DIGEST_HEX_LENGTH, algorithm) ? DIGEST_HEX_LENGTH[algorithm] : undefined;
  if (expectedLength === undefined) {
    return goDigestRegexpAnchored.test(digest) ? ERR_DIGEST_UNSUPPORTED : ERR_DIGEST_INVALID_FORMAT;
  }
  if (encoded.length !== expectedLength) return ERR_DIGEST_INVALID_LENGTH;
  // Hex digits must be lowercase although the reference grammar admits uppercase.
  if (!/^[a-f0-9]+$/.test(encoded)) return ERR_DIGEST_INVALID_FORMAT;
  return undefined;
}

/** The parts of a reference before normalization: what Go's `Parse` returns. */
export interface UnnormalizedReference {
  /** The host, or `''` when the reference names none. */
  readonly domain: string;
  /** The repository path. */
  readonly path: string;
  /** The tag, or undefined. */
  readonly tag: string | undefined;
  /** The digest, or undefined. */
  readonly digest: string | undefined;
}

/**
 * distribution/reference v0.6 `Parse`: syntax only, no defaults (`ubuntu` has no domain).
 * Returns the reason as a string when `s` is invalid.
 *
 * @example
 * ```ts
 * parseUnnormalizedReference('test:5000/repo:tag'); // { domain: 'test:5000', path: 'repo', tag: 'tag', digest: undefined }
 * parseUnnormalizedReference('Uppercase:tag'); // 'repository name must be lowercase'
 * ```
 * @internal Exported for the conformance tests; use {@link parseImageReference}.
 */
export function parseUnnormalizedReference(s: string): UnnormalizedReference | string {
  const matches = REFERENCE_REGEXP.exec(s);
  if (!matches) {
    if (s === '') return ERR_NAME_EMPTY;
    if (REFERENCE_REGEXP.test(goToLower(s))) return ERR_NAME_CONTAINS_UPPERCASE;
    return ERR_REFERENCE_INVALID_FORMAT;
  }
  // Stryker disable next-line StringLiteral: unreachable, the name group always matches
  const name = matches[1] ?? '';
  const nameMatch = ANCHORED_NAME_REGEXP.exec(name);
  const domain = nameMatch?.[1] ?? '';
  const path = nameMatch?.[2] ?? name;
  // v0.6 limits the path alone; the domain (and "docker.io/") do not count.
  if (path.length > MAX_IMAGE_NAME_LENGTH) return ERR_NAME_TOO_LONG;
  const digest = matches[3] || undefined;
  if (digest !== undefined) {
    const problem = digestProblem(digest);
    if (problem) return problem;
  }
  return { domain, path, tag: matches[2] || undefined, digest };
}

function familiarName(domain: string, path: string): string {
  if (domain !== DEFAULT_DOMAIN) return `${domain}/${path}`;
  if (path.startsWith(OFFICIAL_REPO_PREFIX)) {
    const rest = path.slice(OFFICIAL_REPO_PREFIX.length);
    if (!rest.includes('/')) return rest;
  }
  return path;
}

/** distribution/reference v0.6 `ParseNormalizedNamed`. */
function parseNormalized(ref: string): ImageReference | string {
  if (typeof ref !== 'string') return 'reference must be a string';
  if (ANCHORED_IDENTIFIER_REGEXP.test(ref)) {
    return `invalid repository name (${ref}), cannot specify 64-byte hexadecimal strings`;
  }
  const [domainPart, remainder] = splitDockerDomain(ref);
  const tagSep = remainder.indexOf(':');
  const remote = tagSep > -1 ? remainder.slice(0, tagSep) : remainder;
  if (goToLower(remote) !== remote) return `invalid reference format: repository name (${remote}) must be lowercase`;
  const parsed = parseUnnormalizedReference(`${domainPart}/${remainder}`);
  if (typeof parsed === 'string') return parsed;
  const { domain, path, tag: tagValue, digest } = parsed;
  const familiar = familiarName(domain, path) + (tagValue ? `:${tagValue}` : '') + (digest ? `@${digest}` : '');
  return { domain, path, tag: tagValue, digest, name: `${domain}/${path}`, familiar };
}

/**
 * Explains why `ref` is not a valid reference, or returns undefined when it is. Never throws;
 * {@link parseImageReference} is the throwing form.
 *
 * @example
 * ```ts
 * imageReferenceProblem('Nginx'); // 'invalid reference format: repository name (library/Nginx) must be lowercase'
 * imageReferenceProblem('nginx'); // undefined
 * ```
 */
export function imageReferenceProblem(ref: string): string | undefined {
  const result = parseNormalized(ref);
  return typeof result === 'string' ? result : undefined;
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
  const result = parseNormalized(ref);
  if (typeof result === 'string') throw new ImageReferenceError(String(ref), result);
  return result;
}

/**
 * The `ParseDockerRef` string of an already parsed reference: the digest form when there is a
 * digest, otherwise the tag, `latest` by default.
 *
 * @example
 * ```ts
 * dockerRefString(parseImageReference('nginx')); // 'docker.io/library/nginx:latest'
 * ```
 */
export function dockerRefString(parsed: ImageReference): string {
  if (parsed.digest !== undefined) return `${parsed.name}@${parsed.digest}`;
  return `${parsed.name}:${parsed.tag ?? DEFAULT_TAG}`;
}

/**
 * Normalizes a reference as Docker's `ParseDockerRef` does: the full name, `:latest` added when
 * there is neither tag nor digest, and only the digest kept when both are present.
 *
 * @example
 * ```ts
 * normalizeImageReference('nginx'); // 'docker.io/library/nginx:latest'
 * normalizeImageReference('nginx:1.25@sha256:e669...'); // 'docker.io/library/nginx@sha256:e669...'
 * ```
 * @throws {@link ImageReferenceError} when `ref` is invalid.
 */
export function normalizeImageReference(ref: string): string {
  return dockerRefString(parseImageReference(ref));
}
