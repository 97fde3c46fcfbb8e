/**
 * The selection itself, written once against a {@link CacheSource}, which either scans every
 * cache ({@link selectImageCache}) or looks images up in an index ({@link createImageCacheMatcher}).
 * Both answer the same questions, and the winner is picked by one rule ({@link pickWinner}), so
 * both give the same result.
 * @packageDocumentation
 */
import type { ImageCache } from '../types/index.js';
import { CandidateList, listCandidates, matchedKeysOf, type CacheSource } from './cache-source.js';
import { explainSelection } from './explain.js';
import type { ResolvedMatchOptions } from './options.js';
import {
  decideMode,
  matchRequirement,
  notOnEciDecision,
  type InvalidImage,
  type MatchRequirement,
  type ModeDecision,
  type PodView,
  type SelectionMode,
} from './pod-view.js';
import { byName, compareStrings, type ExclusionCode, type PreparedCache } from './prepared-cache.js';
import {
  compareByAgeAndName,
  compareByMatchAndSize,
  compareCandidates,
  lossOf,
  scoreCandidate,
  type LossCode,
  type ScoredCandidate,
  type SizeContext,
} from './ranking.js';
import { pickWinner, type TieRanking } from './winner.js';

/** What happened, for the pod. */
export type SelectionOutcome =
  /** A cache is chosen (explicitly or by auto-match). */
  | 'selected'
  /** Auto-match found no qualifying cache: the pod pulls its images normally. */
  | 'no-match'
  /**
   * The explicit id names no cache in the list. ECI caches also come from the console, the OpenAPI
   * and automatic creation, with no ImageCache object: whether the pod is created is unknown.
   */
  | 'explicit-unknown'
  /** The explicit cache is not Ready: ECI would fail to create the pod. */
  | 'explicit-not-ready'
  /** The explicit cache has expired: ECI would fail to create the pod. */
  | 'explicit-expired'
  /** An auto-match annotation says `"false"`. */
  | 'disabled'
  /** No cache annotation, and `defaultAutoMatch` is false (an old cluster). */
  | 'not-requested'
  /** A DaemonSet: ECI does not run its pods, so no cache applies. */
  | 'not-on-eci';

/** Where a cache ended up. */
export type CandidateStatus = 'selected' | 'lost' | 'excluded';

/**
 * Why a cache was not chosen. Exclusions: `not-ready`, `no-id`, `expired` (never a candidate),
 * `no-images-matched`, `below-match-count`, `not-perfect-match` (fails this pod's requirement).
 * Losses: `lower-match`, `size`, `older`, `name` (the first ranking rule the winner beat it on).
 */
export type CandidateReasonCode = ExclusionCode | 'no-images-matched' | 'below-match-count' | 'not-perfect-match' | LossCode;

/** One cache's part in a selection. */
export interface CandidateReport {
  /** `metadata.name`. */
  readonly name: string;
  /** `status.imageCacheId`, when set. */
  readonly imageCacheId: string | undefined;
  /** The cache itself. */
  readonly cache: ImageCache;
  /** Selected, lost on ranking, or excluded. */
  readonly status: CandidateStatus;
  /** Why it was not selected; undefined for the selected one. */
  readonly reasonCode: CandidateReasonCode | undefined;
  /** The same, as a sentence. */
  readonly reason: string | undefined;
  /** How many of the pod's distinct images it holds. */
  readonly matchCount: number;
  /** Those images, normalized. */
  readonly matchedImages: readonly string[];
  /** The size figure it was ranked by (see {@link ImageCacheMatchOptions.sizeRank}); undefined without `imageSizes`. */
  readonly size: number | undefined;
  /** 1 for the winner, 2 for the runner-up...; undefined when excluded. */
  readonly rank: number | undefined;
}

/**
 * The answer to "will this pod get an image cache, which one, and if not, why not". `candidates`
 * and `explanation` are computed when first read, so that a matcher answering for thousands of
 * pods against thousands of caches does not build reports nobody reads.
 */
export interface ImageCacheSelection {
  /** The object the pod template was read from. */
  readonly target: {
    /** Its `kind`, e.g. `Deployment`, or `Pod`. */
    readonly kind: string;
    /** Its `metadata.name`, when it has one. */
    readonly name: string | undefined;
  };
  /** How the pod asks for a cache. */
  readonly mode: SelectionMode;
  /** Why that mode, e.g. `k8s.aliyun.com/eci-image-cache: "true"`. */
  readonly modeReason: string;
  /** What happened. */
  readonly outcome: SelectionOutcome;
  /** True when ECI would refuse to create the pod: the explicit cache is listed but not Ready, or expired. */
  readonly willFail: boolean;
  /** The chosen cache, only when `outcome` is `selected`; when `ambiguous`, this SDK's guess. */
  readonly cache: ImageCache | undefined;
  /** The chosen cache's `status.imageCacheId`, only when `outcome` is `selected`; when `ambiguous`, this SDK's guess. */
  readonly imageCacheId: string | undefined;
  /**
   * True when other caches tie with the chosen one on everything ECI documents (match degree, and
   * size when `imageSizes` was given), so ECI may pick one of `alternatives` instead. False for
   * every certain answer.
   */
  readonly ambiguous: boolean;
  /** The imageCacheIds ECI might pick instead of `imageCacheId`, in this SDK's order; `[]` when not `ambiguous`. */
  readonly alternatives: readonly string[];
  /** In explicit mode, the id the pod asks for. */
  readonly requestedImageCacheId: string | undefined;
  /** The pod's distinct valid images, normalized, containers before init containers. */
  readonly images: readonly string[];
  /** The images the chosen cache holds. */
  readonly matchedImages: readonly string[];
  /** The images it does not hold (all of them when no cache is chosen): these are pulled normally. */
  readonly unmatchedImages: readonly string[];
  /** Images that are not valid references. */
  readonly invalidImages: readonly InvalidImage[];
  /** In auto mode, what a candidate must hold. */
  readonly requirement: MatchRequirement | undefined;
  /**
   * Every cache considered: in auto mode every cache given, selected first, then the rest of the
   * ranking, then the excluded (most images held first, then by name); in explicit mode the
   * caches carrying the requested id; none otherwise.
   */
  readonly candidates: readonly CandidateReport[];
  /** The whole story in a few lines, for a failing test's message or a log. */
  readonly explanation: string;
}

const NO_IDS: readonly string[] = Object.freeze([]);

/** The usable caches that tie with `top` (itself included) on match degree and `ranking`'s documented rules: ECI's documents cannot tell them apart. */
function tiedWith(top: PreparedCache, topCount: number, matches: CandidateList, ranking: TieRanking): PreparedCache[] {
  return matches.caches.filter((prepared, i) => matches.counts[i] === topCount && ranking.ties(prepared, top));
}

/** Without sizes, caches holding equally many of the pod's images tie on everything ECI documents. */
const BY_AGE_AND_NAME: TieRanking = { compare: compareByAgeAndName, ties: () => true };

/** With sizes, they rank by size first; equal sizes tie. */
function bySize(scoreOf: (prepared: PreparedCache) => ScoredCandidate): TieRanking {
  return {
    compare: (a, b) => compareCandidates(scoreOf(a), scoreOf(b)),
    ties: (a, b) => compareByMatchAndSize(scoreOf(a), scoreOf(b)) === 0,
  };
}

/** The distinct ids of the caches tied with the winner, other than the winner's, in ranking order (asked only when there are some). */
function alternativesOf(winner: PreparedCache, tied: readonly PreparedCache[]): readonly string[] {
  const ids = new Set<string>();
  for (const prepared of [...tied].sort(compareByAgeAndName)) {
    if (prepared.id !== undefined && prepared.id !== winner.id) ids.add(prepared.id);
  }
  return [...ids];
}

/** What each kind of selection decides; the rest of the eager fields come from the pod and the mode. */
type DecidedFields = Omit<ImageCacheSelection, 'candidates' | 'explanation' | 'alternatives' | 'target' | 'mode' | 'modeReason' | 'images' | 'invalidImages'>;

/**
 * A selection whose candidate reports, alternatives and explanation are built on first read, with
 * getters on the prototype: a matcher answering thousands of pods builds no report nobody reads,
 * and gives every result the same shape. `toJSON` includes them.
 */
class LazySelection implements ImageCacheSelection {
  readonly target: ImageCacheSelection['target'];
  readonly mode: ImageCacheSelection['mode'];
  readonly modeReason: string;
  readonly outcome: ImageCacheSelection['outcome'];
  readonly willFail: boolean;
  readonly cache: ImageCacheSelection['cache'];
  readonly imageCacheId: string | undefined;
  readonly ambiguous: boolean;
  readonly requestedImageCacheId: string | undefined;
  readonly images: readonly string[];
  readonly matchedImages: readonly string[];
  readonly unmatchedImages: readonly string[];
  readonly invalidImages: ImageCacheSelection['invalidImages'];
  readonly requirement: ImageCacheSelection['requirement'];
  #candidates: readonly CandidateReport[] | undefined;
  #alternatives: readonly string[] | undefined;
  #explanation: string | undefined;
  readonly #computeCandidates: () => readonly CandidateReport[];
  readonly #computeAlternatives: () => readonly string[];

  // Fields are copied one by one, not spread: V8 builds a spread literal of this size on a slow
  // path that cost more than the whole index lookup (18 µs of a 50 µs select in the benchmark).
  constructor(pod: PodView, decision: ModeDecision, eager: DecidedFields, candidates: () => readonly CandidateReport[], alternatives: () => readonly string[]) {
    this.target = { kind: pod.resolved.kind, name: pod.resolved.name };
    this.mode = decision.mode;
    this.modeReason = decision.reason;
    this.outcome = eager.outcome;
    this.willFail = eager.willFail;
    this.cache = eager.cache;
    this.imageCacheId = eager.imageCacheId;
    this.ambiguous = eager.ambiguous;
    this.requestedImageCacheId = eager.requestedImageCacheId;
    this.images = pod.images.map((image) => image.normalized);
    this.matchedImages = eager.matchedImages;
    this.unmatchedImages = eager.unmatchedImages;
    this.invalidImages = pod.invalidImages;
    this.requirement = eager.requirement;
    this.#computeCandidates = candidates;
    this.#computeAlternatives = alternatives;
  }

  get candidates(): readonly CandidateReport[] {
    return (this.#candidates ??= this.#computeCandidates());
  }

  get alternatives(): readonly string[] {
    return (this.#alternatives ??= this.ambiguous ? this.#computeAlternatives() : NO_IDS);
  }

  get explanation(): string {
    return (this.#explanation ??= explainSelection(this));
  }

  toJSON(): Omit<ImageCacheSelection, never> {
    return { ...this, alternatives: this.alternatives, candidates: this.candidates, explanation: this.explanation };
  }
}

const noAlternatives = () => NO_IDS;

function finish(
  pod: PodView,
  decision: ModeDecision,
  eager: DecidedFields,
  candidates: () => readonly CandidateReport[],
  alternatives: () => readonly string[] = noAlternatives,
): ImageCacheSelection {
  return new LazySelection(pod, decision, eager, candidates, alternatives);
}

function normalizedOf(pod: PodView, keys: readonly string[]): string[] {
  return keys.map((key) => pod.normalizedByKey.get(key) ?? key);
}

function unmatchedOf(pod: PodView, matchedKeys: readonly string[]): string[] {
  const matched = new Set(matchedKeys);
  return pod.images.filter((image) => !matched.has(image.key)).map((image) => image.normalized);
}

function report(
  pod: PodView,
  prepared: PreparedCache,
  matchedKeys: readonly string[],
  status: CandidateStatus,
  why: { code: CandidateReasonCode; reason: string } | undefined,
  extra: { size?: number | undefined; rank?: number | undefined } = {},
): CandidateReport {
  return {
    name: prepared.name,
    imageCacheId: prepared.id,
    cache: prepared.cache,
    status,
    reasonCode: why?.code,
    reason: why?.reason,
    matchCount: matchedKeys.length,
    matchedImages: normalizedOf(pod, matchedKeys),
    size: extra.size,
    rank: extra.rank,
  };
}

function explicitSelection(pod: PodView, decision: ModeDecision, id: string, source: CacheSource): ImageCacheSelection {
  // Two caches should never share an id; if they do, a usable one is preferred, then the name.
  const holders = [...source.withId(id)].sort((a, b) => Number(a.exclusion !== undefined) - Number(b.exclusion !== undefined) || byName(a, b));
  const chosen = holders[0];
  const usable = chosen !== undefined && chosen.exclusion === undefined;
  const matchedKeys = usable ? matchedKeysOf(chosen, pod) : [];
  const outcome: SelectionOutcome =
    chosen === undefined
      ? 'explicit-unknown'
      : chosen.exclusion === undefined
        ? 'selected'
        : chosen.exclusion.code === 'expired'
          ? 'explicit-expired'
          : 'explicit-not-ready';
  const eager: DecidedFields = {
    outcome,
    // A listed cache that is not usable fails the pod; an unlisted one may exist elsewhere.
    willFail: outcome === 'explicit-not-ready' || outcome === 'explicit-expired',
    cache: usable ? chosen.cache : undefined,
    imageCacheId: usable ? id : undefined,
    ambiguous: false,
    requestedImageCacheId: id,
    matchedImages: normalizedOf(pod, matchedKeys),
    unmatchedImages: unmatchedOf(pod, matchedKeys),
    requirement: undefined,
  };
  return finish(pod, decision, eager, () =>
    holders.map((prepared, i) => {
      const keys = matchedKeysOf(prepared, pod);
      if (prepared.exclusion) return report(pod, prepared, keys, 'excluded', prepared.exclusion);
      if (i === 0) return report(pod, prepared, keys, 'selected', undefined, { rank: 1 });
      return report(
        pod,
        prepared,
        keys,
        'lost',
        {
          code: 'name',
          reason: `carries the same imageCacheId as ${chosen?.name}, which comes first by name`,
        },
        { rank: i + 1 },
      );
    }),
  );
}

function requirementFailure(matchCount: number, requirement: MatchRequirement, podImageCount: number) {
  if (matchCount === 0) return { code: 'no-images-matched' as const, reason: "holds none of the pod's images" };
  if (requirement.perfectMatch) {
    return {
      code: 'not-perfect-match' as const,
      reason: `holds ${matchCount} of the pod's ${podImageCount} images; imc-perfect-match asks for all`,
    };
  }
  return {
    code: 'below-match-count' as const,
    reason: `holds ${matchCount} of the pod's images; imc-match-count-request asks for ${requirement.minMatchCount}`,
  };
}

function autoSelection(pod: PodView, decision: ModeDecision, source: CacheSource, options: ResolvedMatchOptions): ImageCacheSelection {
  const requirement = matchRequirement(pod);
  const { sizeOf } = options;
  let podTotal = 0;
  if (sizeOf) for (const image of pod.images) podTotal += sizeOf(image.key);
  const sizes: SizeContext = { sizeOf, sizeRank: options.sizeRank, podTotal };

  // Scores are kept per cache, so the lazy ranking below reuses those the winner search made.
  const scored = new Map<PreparedCache, ScoredCandidate>();
  const scoreOf = (prepared: PreparedCache): ScoredCandidate => {
    let s = scored.get(prepared);
    // Stryker disable next-line ConditionalExpression: equivalent, scoring again gives an equal score
    if (s === undefined) {
      s = scoreCandidate(prepared, matchedKeysOf(prepared, pod), sizes);
      scored.set(prepared, s);
    }
    return s;
  };
  let matches: CandidateList | undefined;
  const usableMatches = (): CandidateList => (matches ??= listCandidates(source.candidates(pod)));

  // The source hands its candidates to the one winner rule without listing them: without sizes,
  // ties on match count are broken by age and name alone, so nobody is scored; with sizes, only
  // candidates tied with the best on match count are. The full ranking is built only if someone
  // reads the candidates. Whether another id ties with the winner on ECI's documented rules is
  // known here; which ids those are (`alternatives`) is listed only when read.
  const ranking = sizeOf ? bySize(scoreOf) : BY_AGE_AND_NAME;
  const candidates = source.candidates(pod);
  // A source that lists its candidates anyway (the scan) is not asked twice.
  if (candidates instanceof CandidateList) matches = candidates;
  const found = pickWinner(candidates, requirement.minMatchCount, ranking);
  const winner = found && scoreOf(found.best);
  const ambiguous = found?.tiedWithOtherId ?? false;
  const matchedKeys = winner?.matchedKeys ?? [];
  const eager: DecidedFields = {
    outcome: winner ? 'selected' : 'no-match',
    willFail: false,
    cache: winner?.prepared.cache,
    imageCacheId: winner?.prepared.id,
    ambiguous,
    requestedImageCacheId: undefined,
    matchedImages: normalizedOf(pod, matchedKeys),
    unmatchedImages: unmatchedOf(pod, matchedKeys),
    requirement,
  };
  return finish(
    pod,
    decision,
    eager,
    () => {
      const { caches: hits, counts } = usableMatches();
      const ranked: ScoredCandidate[] = [];
      const countOf = new Map<PreparedCache, number>();
      hits.forEach((prepared, i) => {
        countOf.set(prepared, counts[i] as number);
        if ((counts[i] as number) >= requirement.minMatchCount) ranked.push(scoreOf(prepared));
      });
      ranked.sort(compareCandidates);
      const rankedSet = new Set(ranked.map((s) => s.prepared));
      const reports = ranked.map((scored, i) =>
        i === 0
          ? report(pod, scored.prepared, scored.matchedKeys, 'selected', undefined, { size: scored.size, rank: 1 })
          : report(pod, scored.prepared, scored.matchedKeys, 'lost', lossOf(scored, ranked[0] as ScoredCandidate, options.sizeRank), {
              size: scored.size,
              rank: i + 1,
            }),
      );
      const excluded: CandidateReport[] = [];
      for (const prepared of source.all) {
        if (rankedSet.has(prepared)) continue;
        // Caches that hold none of the pod's images need no scan.
        // Stryker disable next-line ConditionalExpression: equivalent, scanning a cache that holds none of the pod's images finds none
        const keys = prepared.exclusion === undefined && !countOf.has(prepared) ? [] : matchedKeysOf(prepared, pod);
        const why = prepared.exclusion ?? requirementFailure(keys.length, requirement, pod.images.length);
        excluded.push(report(pod, prepared, keys, 'excluded', why));
      }
      excluded.sort((a, b) => b.matchCount - a.matchCount || compareStrings(a.name, b.name) || compareStrings(a.imageCacheId ?? '', b.imageCacheId ?? ''));
      return [...reports, ...excluded];
    },
    () => (found ? alternativesOf(found.best, tiedWith(found.best, found.count, usableMatches(), ranking)) : NO_IDS),
  );
}

function noneSelection(pod: PodView, decision: ModeDecision): ImageCacheSelection {
  const eager: DecidedFields = {
    outcome: decision.off ?? 'not-requested',
    willFail: false,
    cache: undefined,
    imageCacheId: undefined,
    ambiguous: false,
    requestedImageCacheId: undefined,
    matchedImages: [],
    unmatchedImages: pod.images.map((image) => image.normalized),
    requirement: undefined,
  };
  return finish(pod, decision, eager, () => []);
}

/**
 * Selects a cache for a pod from `source`: nothing for a DaemonSet (ECI does not run it), else
 * explicit id first, then auto-match, else none.
 *
 * @example
 * ```ts
 * selectFrom(readPod(pod, options.keyOf), scanSource(prepared), options).outcome; // 'selected'
 * ```
 */
export function selectFrom(pod: PodView, source: CacheSource, options: ResolvedMatchOptions): ImageCacheSelection {
  const notOnEci = notOnEciDecision(pod);
  if (notOnEci) return noneSelection(pod, notOnEci);
  const decision = decideMode(pod.annotations, options.defaultAutoMatch);
  if (decision.explicitId !== undefined) {
    return explicitSelection(pod, decision, decision.explicitId, source);
  }
  if (decision.mode === 'auto') return autoSelection(pod, decision, source, options);
  return noneSelection(pod, decision);
}
