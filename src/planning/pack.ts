/**
 * Consolidation: packs image sets into caches of at most `maxImages` images so that the total
 * weight stored (bytes, or image slots) is small. Best-fit decreasing, then local search (move a
 * set to the cache where it adds least; merge caches that share images), then dropping caches
 * whose sets all fit in others, and last putting caches that share nothing together where they fit
 * (the same bytes, fewer builds). Deterministic: only the sets' canonical order decides ties, so
 * the input order of workloads never changes the result.
 * @packageDocumentation
 */

/** What {@link packSets} packs. */
export interface PackInput {
  /** Each set: distinct image ids. Sets are distinct, in canonical order (ties break by position). */
  readonly sets: readonly (readonly number[])[];
  /** The weight of each image id: bytes when sizes are known, else 1. */
  readonly weight: ArrayLike<number>;
  /** The most images one cache may hold. */
  readonly maxImages: number;
  /** The most weight one cache may hold (Infinity for none). */
  readonly weightLimit: number;
}

/** The most bins one popular image adds as candidates; see `#share`. */
const SCAN_LIMIT = 64;

class Bin {
  readonly sets = new Set<number>();
  readonly count = new Map<number, number>();
  weight = 0;
  constructor(readonly id: number) {}
  get size(): number {
    return this.count.size;
  }
}

/** A saving or cost: weight first, then image slots. */
function better(w1: number, c1: number, w2: number, c2: number): boolean {
  return w1 !== w2 ? w1 > w2 : c1 > c2;
}

class Packer {
  readonly #in: PackInput;
  readonly #postings: Set<Bin>[];
  readonly #binOf: Bin[] = [];
  readonly #bins: Bin[] = [];
  readonly #setWeight: number[];
  // Scratch space for "how much does each bin share with this set".
  readonly #sharedW: Float64Array;
  readonly #sharedC: Int32Array;
  readonly #touched: Bin[] = [];

  constructor(input: PackInput) {
    this.#in = input;
    this.#postings = Array.from({ length: input.weight.length }, () => new Set<Bin>());
    this.#setWeight = input.sets.map((set) => set.reduce((sum, id) => sum + (input.weight[id] as number), 0));
    this.#sharedW = new Float64Array(input.sets.length + 1);
    this.#sharedC = new Int32Array(input.sets.length + 1);
  }

  #add(bin: Bin, s: number): void {
    bin.sets.add(s);
    this.#binOf[s] = bin;
    for (const id of this.#in.sets[s] as readonly number[]) {
      const c = bin.count.get(id) ?? 0;
      bin.count.set(id, c + 1);
      if (c === 0) {
        bin.weight += this.#in.weight[id] as number;
        this.#postings[id]!.add(bin);
      }
    }
  }

  #remove(bin: Bin, s: number): void {
    bin.sets.delete(s);
    for (const id of this.#in.sets[s] as readonly number[]) {
      const c = bin.count.get(id) as number;
      if (c > 1) {
        bin.count.set(id, c - 1);
      } else {
        bin.count.delete(id);
        bin.weight -= this.#in.weight[id] as number;
        this.#postings[id]!.delete(bin);
      }
    }
  }

  /**
   * Fills the scratch arrays with what each bin shares with `ids`; returns the bins touched. An
   * image that most bins hold (a sidecar everyone runs) would make this scan every bin for every
   * set; so images are visited rarest first, and an image held by more than {@link SCAN_LIMIT}
   * bins only adds to bins found already (or, when none were, to its first {@link SCAN_LIMIT}).
   */
  #share(ids: readonly number[], skip?: Bin): Bin[] {
    for (const bin of this.#touched) {
      this.#sharedW[bin.id] = 0;
      this.#sharedC[bin.id] = 0;
    }
    this.#touched.length = 0;
    const byRarity = [...ids].sort((a, b) => this.#postings[a]!.size - this.#postings[b]!.size || a - b);
    for (const id of byRarity) {
      const w = this.#in.weight[id] as number;
      const posting = this.#postings[id]!;
      if (posting.size > SCAN_LIMIT && this.#touched.length > 0) {
        // Only bins found already; asking each of them is cheaper than walking the long posting.
        for (const bin of this.#touched) {
          if (bin.count.has(id)) {
            this.#sharedW[bin.id]! += w;
            this.#sharedC[bin.id]! += 1;
          }
        }
        continue;
      }
      let added = 0;
      for (const bin of posting) {
        if (bin === skip) continue;
        if (this.#sharedC[bin.id] === 0) {
          if (added >= SCAN_LIMIT) continue;
          added += 1;
          this.#touched.push(bin);
        }
        this.#sharedW[bin.id]! += w;
        this.#sharedC[bin.id]! += 1;
      }
    }
    return this.#touched;
  }

  #fits(bin: Bin, addedCount: number, addedWeight: number): boolean {
    return bin.size + addedCount <= this.#in.maxImages && bin.weight + addedWeight <= this.#in.weightLimit;
  }

  /** Best-fit decreasing: heaviest sets first, each into the cache it shares most with, else a new one. */
  place(): void {
    const order = this.#in.sets.map((_, i) => i);
    order.sort((a, b) => this.#setWeight[b]! - this.#setWeight[a]! || this.#in.sets[b]!.length - this.#in.sets[a]!.length || a - b);
    for (const s of order) {
      const ids = this.#in.sets[s] as readonly number[];
      let best: Bin | undefined;
      let bestW = 0;
      let bestC = 0;
      for (const bin of this.#share(ids)) {
        const w = this.#sharedW[bin.id]!;
        const c = this.#sharedC[bin.id]!;
        if (!this.#fits(bin, ids.length - c, this.#setWeight[s]! - w)) continue;
        if (!best || better(w, c, bestW, bestC) || (w === bestW && c === bestC && (bin.size < best.size || (bin.size === best.size && bin.id < best.id)))) {
          best = bin;
          bestW = w;
          bestC = c;
        }
      }
      if (!best) {
        best = new Bin(this.#bins.length);
        this.#bins.push(best);
      }
      this.#add(best, s);
    }
  }

  /** Moves sets to the cache where they add least, while that stores less; true when one moved. */
  relocate(): boolean {
    let moved = false;
    for (let s = 0; s < this.#in.sets.length; s += 1) {
      const ids = this.#in.sets[s] as readonly number[];
      const from = this.#binOf[s] as Bin;
      // What leaving frees: the images only this set brings to its cache.
      let gainW = 0;
      let gainC = 0;
      for (const id of ids) {
        if (from.count.get(id) === 1) {
          gainW += this.#in.weight[id] as number;
          gainC += 1;
        }
      }
      if (gainC === 0) continue;
      let best: Bin | undefined;
      let bestW = 0;
      let bestC = 0;
      for (const bin of this.#share(ids, from)) {
        const addW = this.#setWeight[s]! - this.#sharedW[bin.id]!;
        const addC = ids.length - this.#sharedC[bin.id]!;
        if (!this.#fits(bin, addC, addW)) continue;
        const w = gainW - addW;
        const c = gainC - addC;
        if (!better(w, c, 0, 0)) continue;
        if (!best || better(w, c, bestW, bestC) || (w === bestW && c === bestC && bin.id < best.id)) {
          best = bin;
          bestW = w;
          bestC = c;
        }
      }
      if (best) {
        this.#remove(from, s);
        this.#add(best, s);
        moved = true;
      }
    }
    return moved;
  }

  /** Merges pairs of caches that share images and fit together, largest saving first; true when one merged. */
  merge(): boolean {
    const pairs: Array<{ a: Bin; b: Bin; w: number; c: number; size: number }> = [];
    for (const a of this.#bins) {
      if (a.sets.size === 0) continue;
      for (const b of this.#share([...a.count.keys()], a)) {
        if (b.id < a.id) continue;
        const w = this.#sharedW[b.id]!;
        const c = this.#sharedC[b.id]!;
        if (this.#fits(a, b.size - c, b.weight - w)) pairs.push({ a, b, w, c, size: a.size + b.size - c });
      }
    }
    pairs.sort((x, y) => y.w - x.w || y.c - x.c || x.size - y.size || x.a.id - y.a.id || x.b.id - y.b.id);
    const used = new Set<Bin>();
    for (const { a, b } of pairs) {
      if (used.has(a) || used.has(b)) continue;
      used.add(a).add(b);
      for (const s of [...b.sets]) {
        this.#remove(b, s);
        this.#add(a, s);
      }
    }
    return used.size > 0;
  }

  /** Drops caches whose every set another cache holds whole. */
  dropRedundant(): void {
    for (const bin of this.#bins) {
      if (bin.sets.size === 0) continue;
      const homes = new Map<number, Bin>();
      for (const s of bin.sets) {
        const ids = this.#in.sets[s] as readonly number[];
        let home: Bin | undefined;
        for (const other of this.#share(ids, bin)) {
          if (this.#sharedC[other.id] === ids.length && other.sets.size > 0 && (!home || other.id < home.id)) home = other;
        }
        if (!home) break;
        homes.set(s, home);
      }
      if (homes.size !== bin.sets.size) continue;
      for (const [s, home] of homes) {
        this.#remove(bin, s);
        this.#add(home, s);
      }
    }
  }

  /**
   * Puts caches together where they fit even though they share nothing: the same weight stored,
   * fewer caches to build. Largest first, each into the first kept cache with room.
   */
  combine(): void {
    const bins = this.#bins.filter((bin) => bin.sets.size > 0).sort((a, b) => b.size - a.size || a.id - b.id);
    const kept: Bin[] = [];
    for (const bin of bins) {
      const home = kept.find((k) => {
        if (k.size + 1 > this.#in.maxImages) return false;
        let addC = 0;
        let addW = 0;
        for (const id of bin.count.keys()) {
          if (!k.count.has(id)) {
            addC += 1;
            addW += this.#in.weight[id] as number;
          }
        }
        return this.#fits(k, addC, addW);
      });
      if (!home) {
        kept.push(bin);
        continue;
      }
      for (const s of [...bin.sets]) {
        this.#remove(bin, s);
        this.#add(home, s);
      }
    }
  }

  result(): number[][] {
    return this.#bins.filter((bin) => bin.sets.size > 0).map((bin) => [...bin.sets].sort((a, b) => a - b));
  }
}

const MAX_ROUNDS = 2;

/**
 * Packs sets into caches; returns, per cache, the indices of the sets it holds.
 *
 * @example
 * ```ts
 * packSets({ sets: [[0, 1], [0, 2]], weight: [1, 1, 1], maxImages: 20, weightLimit: Infinity }); // [[0, 1]]
 * ```
 */
export function packSets(input: PackInput): number[][] {
  const packer = new Packer(input);
  packer.place();
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const moved = packer.relocate();
    const merged = packer.merge();
    if (!moved && !merged) break;
  }
  packer.dropRedundant();
  packer.combine();
  return packer.result();
}
