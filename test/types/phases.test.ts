import { describe, expect, it } from 'vitest';
import { isKnownPhase, KNOWN_IMAGE_CACHE_PHASES } from 'eci-imagecache';

describe('isKnownPhase', () => {
  it('accepts every phase the schema documents', () => {
    for (const phase of KNOWN_IMAGE_CACHE_PHASES) expect(isKnownPhase(phase)).toBe(true);
  });

  it('rejects typos, other spellings, phases from a newer controller and a missing phase', () => {
    for (const phase of ['Readyy', 'ready', 'READY', ' Ready', 'Ready ', 'Deleting', '', undefined, null]) {
      expect(isKnownPhase(phase)).toBe(false);
    }
  });

  it('does not accept names inherited from Object.prototype', () => {
    expect(isKnownPhase('constructor')).toBe(false);
    expect(isKnownPhase('toString')).toBe(false);
  });
});
