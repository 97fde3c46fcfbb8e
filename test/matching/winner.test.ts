// pickWinner, the one winner rule every cache source uses, against a sort-based oracle: the best
// count, then the ranking; ambiguous when a candidate with another id ties with the winner.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CandidateList } from '../../src/matching/cache-source.js';
import type { PreparedCache } from '../../src/matching/prepared-cache.js';
import { pickWinner, type TieRanking } from '../../src/matching/winner.js';
import { propertyRuns } from '../support/property-runs.js';

interface Fake {
  readonly name: string;
  readonly id: string;
  readonly size: number;
}

// Only what the ranking and the tie check read.
const asPrepared = (fake: Fake) => fake as unknown as PreparedCache;
const fakeOf = (prepared: PreparedCache) => prepared as unknown as Fake;
const BY_SIZE_THEN_NAME: TieRanking = {
  compare: (a, b) => fakeOf(a).size - fakeOf(b).size || (fakeOf(a).name < fakeOf(b).name ? -1 : fakeOf(a).name > fakeOf(b).name ? 1 : 0),
  ties: (a, b) => fakeOf(a).size === fakeOf(b).size,
};

const entriesArb = fc.uniqueArray(
  fc.record({
    name: fc.string({ minLength: 1, maxLength: 3 }),
    id: fc.constantFrom('imc-a', 'imc-b', 'imc-c'),
    size: fc.integer({ min: 0, max: 3 }),
    count: fc.integer({ min: 1, max: 3 }),
  }),
  { selector: (e) => e.name, maxLength: 8 },
);

describe('pickWinner', () => {
  it('agrees with sorting: most images, then the ranking; ambiguous when another id ties on the documented rules, in any order', () => {
    fc.assert(
      fc.property(entriesArb, fc.integer({ min: 1, max: 3 }), fc.func(fc.integer()), (entries, min, shuffleKey) => {
        const shuffled = [...entries].sort((a, b) => shuffleKey(a.name) - shuffleKey(b.name));
        const list = new CandidateList(
          shuffled.map(asPrepared),
          shuffled.map((e) => e.count),
        );
        const found = pickWinner(list, min, BY_SIZE_THEN_NAME);
        const eligible = entries.filter((e) => e.count >= min);
        const sorted = [...eligible].sort((a, b) => b.count - a.count || BY_SIZE_THEN_NAME.compare(asPrepared(a), asPrepared(b)));
        const top = sorted[0];
        if (!top) {
          expect(found).toBeUndefined();
          return;
        }
        expect(fakeOf(found?.best as PreparedCache).name).toBe(top.name);
        expect(found?.count).toBe(top.count);
        const tied = eligible.filter((e) => e.count === top.count && e.size === top.size && e.id !== top.id);
        expect(found?.tiedWithOtherId).toBe(tied.length > 0);
      }),
      { numRuns: propertyRuns(500), seed: 16 },
    );
  });

  it('forgets earlier ties when a better, untied candidate comes later', () => {
    const list = new CandidateList(
      [asPrepared({ name: 'a', id: 'imc-a', size: 2 }), asPrepared({ name: 'b', id: 'imc-b', size: 2 }), asPrepared({ name: 'c', id: 'imc-c', size: 1 })],
      [2, 2, 2],
    );
    const found = pickWinner(list, 1, BY_SIZE_THEN_NAME);
    expect(fakeOf(found?.best as PreparedCache).name).toBe('c');
    expect(found?.tiedWithOtherId).toBe(false);
  });
});
