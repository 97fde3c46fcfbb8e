/**
 * The auto-match winner rule, written once for every cache source: most of the pod's images, then
 * the caller's ranking among caches holding equally many.
 * @packageDocumentation
 */
import type { Candidates } from './cache-source.js';
import type { PreparedCache } from './prepared-cache.js';

/** How caches holding equally many of the pod's images rank. */
export interface TieRanking {
  /** Negative when `a` ranks before `b`; never zero for two different caches. */
  compare(a: PreparedCache, b: PreparedCache): number;
  /** Whether the rules ECI documents cannot tell `a` from `b` (the rest of `compare` is this SDK's guess). */
  ties(a: PreparedCache, b: PreparedCache): boolean;
}

/** The auto-match winner, and whether ECI's documented rules cannot tell it from another id. */
export interface Winner {
  /** The winner. */
  readonly best: PreparedCache;
  /** How many of the pod's images it holds. */
  readonly count: number;
  /** True when a candidate with another id ties with it on every documented rule. */
  readonly tiedWithOtherId: boolean;
}

/**
 * The candidate holding the most of the pod's images (at least `minMatchCount`), ties on count
 * ranked by `ranking`, in one pass with no allocation but the answer.
 *
 * @example
 * ```ts
 * pickWinner(source.candidates(pod), 1, { compare: compareByAgeAndName, ties: () => true })?.best.name;
 * ```
 */
export function pickWinner(candidates: Candidates, minMatchCount: number, ranking: TieRanking): Winner | undefined {
  let best: PreparedCache | undefined;
  let bestCount = -1;
  // Whether the candidates tied with `best` carry an id other than best's. Ties on the documented
  // rules are an equivalence (same count, same size figure), and `compare` orders by them first,
  // so a candidate that beats `best` without tying starts a class nobody seen so far belongs to.
  // Stryker disable next-line BooleanLiteral: equivalent, the first candidate counted sets it
  let mixedIds = false;
  // Only candidates holding the most images can win: the rest are skipped without reading the
  // cache itself, which for an index is the costly part (a cache miss per cache).
  const floor = candidates.maxCount;
  if (floor < minMatchCount) return undefined;
  const size = candidates.size;
  for (let i = 0; i < size; i += 1) {
    const count = candidates.countAt(i);
    if (count < floor) continue;
    const prepared = candidates.cacheAt(i);
    if (count > bestCount) {
      best = prepared;
      bestCount = count;
      mixedIds = false;
      continue;
    }
    const current = best as PreparedCache;
    if (ranking.ties(prepared, current)) {
      if (prepared.id !== current.id) mixedIds = true;
      // Stryker disable next-line EqualityOperator: equivalent, compare is 0 only for the same cache listed twice (same age, name and id)
      if (ranking.compare(prepared, current) < 0) best = prepared;
    } else if (
      // Stryker disable next-line EqualityOperator: equivalent, as above
      ranking.compare(prepared, current) < 0
    ) {
      best = prepared;
      mixedIds = false;
    }
  }
  return best && { best, count: bestCount, tiedWithOtherId: mixedIds };
}
