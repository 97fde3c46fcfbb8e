/**
 * The auto-match ranking: match degree, then size (only with caller-supplied sizes), then
 * creation time (newest first), then name, then id. A total order, so the winner does not depend
 * on the order caches are listed in. Only the first two are facts about ECI; the rest is a guess
 * that selection marks as `ambiguous`.
 * @packageDocumentation
 */
import type { SizeRank } from './options.js';
import { compareStrings, type PreparedCache } from './prepared-cache.js';

/** A candidate that meets the pod's requirement, with what ranks it. */
export interface ScoredCandidate {
  /** The cache. */
  readonly prepared: PreparedCache;
  /** Keys of the pod's images it holds, in pod order. */
  readonly matchedKeys: readonly string[];
  /** `largest-matched`: total size of the matched images; `closest-total`: total size of all its images. */
  readonly size: number | undefined;
  /** Lower ranks higher; 0 for everyone when no sizes were given. */
  readonly sizeCost: number;
}

/** How sizes enter the ranking for one pod. */
export interface SizeContext {
  /** Size of an image key; undefined when no sizes were given, which turns size ranking off. */
  readonly sizeOf: ((key: string) => number) | undefined;
  /** The size rule. */
  readonly sizeRank: SizeRank;
  /** Total size of the pod's distinct images (`closest-total` compares against it). */
  readonly podTotal: number;
}

/**
 * Scores one candidate.
 *
 * @example
 * ```ts
 * scoreCandidate(prepared, ['docker.io/library/nginx:1.7.9'], { sizeOf: undefined, sizeRank: 'largest-matched', podTotal: 0 });
 * ```
 */
export function scoreCandidate(prepared: PreparedCache, matchedKeys: readonly string[], sizes: SizeContext): ScoredCandidate {
  const { sizeOf } = sizes;
  if (!sizeOf) return { prepared, matchedKeys, size: undefined, sizeCost: 0 };
  if (sizes.sizeRank === 'largest-matched') {
    let total = 0;
    for (const key of matchedKeys) total += sizeOf(key);
    return { prepared, matchedKeys, size: total, sizeCost: -total };
  }
  let total = 0;
  for (const key of prepared.keys) total += sizeOf(key);
  return { prepared, matchedKeys, size: total, sizeCost: Math.abs(total - sizes.podTotal) };
}

/**
 * Negative when `a` ranks before `b`.
 *
 * @example
 * ```ts
 * scored.sort(compareCandidates)[0]; // the winner
 * ```
 */
export function compareCandidates(a: ScoredCandidate, b: ScoredCandidate): number {
  return compareByMatchAndSize(a, b) || compareByAgeAndName(a.prepared, b.prepared);
}

/**
 * The rules ECI documents (match degree), and size as the caller's `sizeRank` reads it. Zero means
 * the two tie on them: which one ECI picks then is not knowable from the caches, and the rest of
 * the ranking ({@link compareByAgeAndName}) is this SDK's guess.
 *
 * @example
 * ```ts
 * compareByMatchAndSize(a, b) === 0; // a tie: the selection is ambiguous
 * ```
 */
export function compareByMatchAndSize(a: ScoredCandidate, b: ScoredCandidate): number {
  if (a.matchedKeys.length !== b.matchedKeys.length) return b.matchedKeys.length - a.matchedKeys.length;
  // Stryker disable next-line EqualityOperator: equivalent, the costs differ here
  if (a.sizeCost !== b.sizeCost) return a.sizeCost < b.sizeCost ? -1 : 1;
  return 0;
}

/**
 * The last rules of the ranking, which need nothing but the caches: newest first, then name, then
 * id. Negative when `a` ranks before `b`. Without sizes, two caches holding equally many of the
 * pod's images rank by this alone, so the winner is found without scoring anyone. ECI ranks by
 * creation time too, but no source says in which direction, so an order decided here is a guess.
 *
 * @example
 * ```ts
 * tied.sort(compareByAgeAndName)[0]; // the newest
 * ```
 */
export function compareByAgeAndName(a: PreparedCache, b: PreparedCache): number {
  // Stryker disable next-line EqualityOperator: equivalent, the times differ here
  if (a.createdMs !== b.createdMs) return a.createdMs > b.createdMs ? -1 : 1;
  // Stryker disable next-line StringLiteral: unreachable, only caches with an id are ranked
  return compareStrings(a.name, b.name) || compareStrings(a.id ?? '', b.id ?? '');
}

/** The rule on which a candidate lost to the winner. */
export type LossCode = 'lower-match' | 'size' | 'older' | 'name';

function createdText(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : 'at an unknown time';
}

/**
 * Why `loser` ranks after `winner`: the first rule on which they differ, in words.
 *
 * @example
 * ```ts
 * lossOf(second, first, 'largest-matched').code; // 'lower-match'
 * ```
 */
export function lossOf(loser: ScoredCandidate, winner: ScoredCandidate, sizeRank: SizeRank): { readonly code: LossCode; readonly reason: string } {
  const w = winner.prepared.name;
  if (loser.matchedKeys.length !== winner.matchedKeys.length) {
    return {
      code: 'lower-match',
      reason: `holds ${loser.matchedKeys.length} of the pod's images; ${w} holds ${winner.matchedKeys.length}`,
    };
  }
  if (loser.sizeCost !== winner.sizeCost) {
    return {
      code: 'size',
      reason:
        sizeRank === 'largest-matched'
          ? `the pod's images it holds total ${loser.size} in size; ${w}'s total ${winner.size} (larger wins)`
          : `its images total ${loser.size} in size, ${loser.sizeCost} away from the pod's; ${w}'s are ${winner.sizeCost} away (closest wins)`,
    };
  }
  // Past match degree and size the order is this SDK's guess, and the reason says so.
  const guess = '; ECI documents no order for this tie and may pick this one';
  if (loser.prepared.createdMs !== winner.prepared.createdMs) {
    return {
      code: 'older',
      reason: `created ${createdText(loser.prepared.createdMs)}; ${w} is newer (${createdText(winner.prepared.createdMs)})${guess}`,
    };
  }
  return { code: 'name', reason: `ties with ${w} on every rule, and ${w} comes first by name${guess}` };
}
