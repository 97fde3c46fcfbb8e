/**
 * Turns image strings into comparison keys: the Docker-normalized reference (`ParseDockerRef`),
 * with registry hosts the caller declared equal folded to one. Parsing is memoized because the
 * same few image strings recur across thousands of pods and caches.
 * @packageDocumentation
 */
import { dockerRefString, imageReferenceProblem, parseImageReference, type ImageReference } from '../validation/image-reference.js';

/** A valid image, with its normalized form and its comparison key. */
export interface KeyedImage {
  /** Discriminates from {@link UnkeyedImage}. */
  readonly ok: true;
  /** `ParseDockerRef`'s string: `docker.io/library/nginx:latest`. */
  readonly normalized: string;
  /** `normalized` with its host replaced by its alias group's representative. */
  readonly key: string;
  /** Whether the reference names a tag of `latest`, or neither tag nor digest (Kubernetes then pulls Always). */
  readonly impliesPullAlways: boolean;
}

/** An image string that is not a valid reference. */
export interface UnkeyedImage {
  /** Discriminates from {@link KeyedImage}. */
  readonly ok: false;
  /** distribution/reference's reason. */
  readonly reason: string;
}

/** Maps an image string to its key, or to why it has none. */
export type ImageKeyer = (image: string) => KeyedImage | UnkeyedImage;

// Parsing is pure, so a memo shared by every keyer is safe; the cap keeps a long-running
// process that sees endless distinct strings from growing without bound.
const PARSE_MEMO_LIMIT = 50_000;
const parseMemo = new Map<string, ImageReference | string>();

function parseMemoized(image: string): ImageReference | string {
  let parsed = parseMemo.get(image);
  // Stryker disable next-line ConditionalExpression: equivalent, parsing again gives the same answer
  if (parsed === undefined) {
    const problem = imageReferenceProblem(image);
    parsed = problem ?? parseImageReference(image);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, the cap bounds memory, not answers
    if (parseMemo.size >= PARSE_MEMO_LIMIT) parseMemo.clear();
    parseMemo.set(image, parsed);
  }
  return parsed;
}

/**
 * Folds registry alias groups into a host-to-representative map. Groups sharing a host merge,
 * so aliasing is transitive; the representative is the group's smallest host, so the result does
 * not depend on the order groups or hosts are listed in. `index.docker.io` is `docker.io` already.
 */
function aliasMap(groups: readonly (readonly string[])[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (host: string): string => {
    let root = host;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    return root;
  };
  const canonicalHost = (host: string) => (host === 'index.docker.io' ? 'docker.io' : host);
  for (const group of groups) {
    const hosts = group.map(canonicalHost);
    for (const host of hosts) if (!parent.has(host)) parent.set(host, host);
    for (const host of hosts) {
      // The larger root goes under the smaller; for hosts already in one group this sets a root to itself.
      const [low, high] = [find(hosts[0] as string), find(host)].sort() as [string, string];
      parent.set(high, low);
    }
  }
  // A host that is its own representative maps to itself.
  return new Map([...parent.keys()].map((host) => [host, find(host)]));
}

/**
 * Creates a memoizing keyer. Without aliases the key is the normalized reference itself.
 *
 * @example
 * ```ts
 * const keyOf = createImageKeyer([['registry-vpc.cn-beijing.aliyuncs.com', 'registry.cn-beijing.aliyuncs.com']]);
 * keyOf('registry-vpc.cn-beijing.aliyuncs.com/acs/pause:3.0');
 * // { ok: true, normalized: 'registry-vpc.cn-beijing.aliyuncs.com/acs/pause:3.0',
 * //   key: 'registry.cn-beijing.aliyuncs.com/acs/pause:3.0', impliesPullAlways: false }
 * ```
 */
export function createImageKeyer(registryAliases: readonly (readonly string[])[] = []): ImageKeyer {
  const aliases = aliasMap(registryAliases);
  const memo = new Map<string, KeyedImage | UnkeyedImage>();
  return (image: string) => {
    let keyed = memo.get(image);
    // Stryker disable next-line ConditionalExpression: equivalent, keying again gives an equal answer
    if (keyed === undefined) {
      const parsed = parseMemoized(image);
      if (typeof parsed === 'string') {
        keyed = { ok: false, reason: parsed };
      } else {
        const normalized = dockerRefString(parsed);
        const folded = aliases.get(parsed.domain);
        const key = folded === undefined ? normalized : folded + normalized.slice(parsed.domain.length);
        // Kubernetes' defaulting: the tag, or "latest" when there is neither tag nor digest.
        const effectiveTag = parsed.tag ?? (parsed.digest === undefined ? 'latest' : undefined);
        keyed = { ok: true, normalized, key, impliesPullAlways: effectiveTag === 'latest' };
      }
      memo.set(image, keyed);
    }
    return keyed;
  };
}
