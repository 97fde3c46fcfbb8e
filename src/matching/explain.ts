/**
 * The multi-line explanation of a selection: short enough to read in a failing test, complete
 * enough to see why each cache lost. Long candidate lists are cut and the rest counted by reason.
 * @packageDocumentation
 */
import type { CandidateReport, ImageCacheSelection } from './selection.js';

/** How many candidates the explanation lists one by one. */
const LISTED_CANDIDATES = 12;

function cacheLabel(name: string, id: string | undefined): string {
  return `${name || '(unnamed)'} (${id ?? 'no id'})`;
}

/**
 * The outcome of a selection in one sentence.
 *
 * @example
 * ```ts
 * describeOutcome(selection); // 'phase is Creating, not Ready: ECI would fail to create the pod'
 * ```
 */
export function describeOutcome(s: ImageCacheSelection): string {
  const held = `holds ${s.matchedImages.length} of the pod's ${s.images.length} image(s)`;
  const pulled = s.unmatchedImages.length > 0 ? `; pulled normally: ${s.unmatchedImages.join(', ')}` : '';
  switch (s.outcome) {
    case 'selected': {
      const guess = s.ambiguous ? ` (a guess: ECI may pick ${s.alternatives.join(', ')} instead)` : '';
      return `selected ${cacheLabel(s.cache?.metadata?.name ?? '', s.imageCacheId)}${guess}: ${held}${pulled}`;
    }
    case 'no-match':
      return "no cache qualifies; ECI pulls the pod's images and, where automatic image cache creation is on, may create a cache from them for next time";
    case 'explicit-unknown':
      return (
        `no ImageCache in the list has status.imageCacheId ${s.requestedImageCacheId}; the cache may exist outside the cluster's ` +
        'ImageCache objects (created in the console, by the OpenAPI or automatically): ECI uses it if it is Ready there, and fails to create the pod if not'
      );
    case 'explicit-not-ready':
    case 'explicit-expired': {
      const found = s.candidates[0];
      // Stryker disable next-line StringLiteral: unreachable fallbacks, these outcomes always report the cache
      return `${cacheLabel(found?.name ?? '', s.requestedImageCacheId)} ${found?.reason ?? 'is not usable'}: ECI would fail to create the pod`;
    }
    case 'disabled':
      return 'auto-match is turned off; the pod pulls its images normally';
    case 'not-requested':
      return 'the pod asks for no image cache; it pulls its images normally';
    case 'not-on-eci':
      return 'ECI does not run DaemonSet pods, so no image cache applies';
  }
}

/**
 * For an ambiguous selection, one line saying who ties and what would settle it; else undefined.
 *
 * @example
 * ```ts
 * describeAmbiguity(selection); // 'ambiguous: imc-b ties with imc-a on match degree ...; pass imageSizes to settle it'
 * ```
 */
export function describeAmbiguity(s: ImageCacheSelection): string | undefined {
  if (!s.ambiguous) return undefined;
  const sized = s.candidates[0]?.size !== undefined;
  const ties = `${s.alternatives.join(', ')} ${s.alternatives.length === 1 ? 'ties' : 'tie'} with ${s.imageCacheId} on match degree${sized ? ' and size' : ''}`;
  const settle = sized
    ? 'no source says how ECI orders such a tie (creation time, direction undocumented): name the cache with k8s.aliyun.com/eci-imc-id to be sure'
    : 'pass imageSizes to settle it (or name the cache with k8s.aliyun.com/eci-imc-id)';
  return `ambiguous: ${ties}; ${settle}`;
}

function candidateLine(c: CandidateReport, imageCount: number): string {
  const size = c.size === undefined ? '' : ` size ${c.size}`;
  const why = c.reason ? `: ${c.reason}` : '';
  return `  ${c.status.padEnd(8)} ${cacheLabel(c.name, c.imageCacheId)} ${c.matchCount}/${imageCount}${size}${why}`;
}

/**
 * Renders a selection as text.
 *
 * @example
 * ```ts
 * expect(selection.outcome, explainSelection(selection)).toBe('selected');
 * ```
 */
export function explainSelection(s: ImageCacheSelection): string {
  const target = `${s.target.kind}${s.target.name ? ` ${s.target.name}` : ''}`;
  const lines = [`${target}: ${s.mode === 'none' ? 'no image cache' : `${s.mode} mode`}, because ${s.modeReason}`];
  lines.push(`  pod images (${s.images.length}): ${s.images.length > 0 ? s.images.join(', ') : 'none'}`);
  for (const invalid of s.invalidImages) {
    lines.push(`  invalid image ${JSON.stringify(invalid.image)} at ${invalid.path}: ${invalid.reason}`);
  }
  if (s.requirement) lines.push(`  a candidate must hold ${s.requirement.description}`);
  lines.push(`  outcome ${s.outcome}: ${describeOutcome(s)}`);
  const ambiguity = describeAmbiguity(s);
  if (ambiguity) lines.push(`  ${ambiguity}`);
  const candidates = s.candidates;
  if (candidates.length > 0) {
    const counts = { selected: 0, lost: 0, excluded: 0 };
    for (const c of candidates) counts[c.status] += 1;
    lines.push(`  candidates (${candidates.length}): ${counts.selected} selected, ${counts.lost} lost, ${counts.excluded} excluded`);
    for (const c of candidates.slice(0, LISTED_CANDIDATES)) lines.push(candidateLine(c, s.images.length));
    const rest = candidates.slice(LISTED_CANDIDATES);
    if (rest.length > 0) {
      const byReason = new Map<string, number>();
      for (const c of rest) byReason.set(c.reasonCode ?? c.status, (byReason.get(c.reasonCode ?? c.status) ?? 0) + 1);
      const summary = [...byReason].map(([code, n]) => `${n} ${code}`).join(', ');
      lines.push(`  ... and ${rest.length} more (${summary}); see .candidates`);
    }
  }
  return lines.join('\n');
}
