/**
 * A list response's body read as it arrives: the items each chunk completes, parsed together and
 * handed out one by one as the caller asks, the other top-level fields (kind, apiVersion, metadata)
 * kept whole. So neither a page's text nor its objects are ever held at once: only the bytes of the
 * chunk at hand (off V8's heap) and that chunk's items. Pure: bytes in, values out.
 *
 * Items are parsed by `JSON.parse`, so what it refuses still fails. Where they end is found the
 * cheap way when it can be (the last place the bytes repeat the first item's opening, confirmed by
 * the parse), otherwise by following strings and nesting.
 * @packageDocumentation
 */
import { CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, OPEN_BRACE, OPEN_BRACKET, QUOTE, STRING_STOP, isSpace } from '../lazy/json-skip.js';

/** Why a body cannot be read as a list: not JSON, cut short, JSON but not an object with one `items`. */
export type ListBodyProblem = 'not-json' | 'truncated' | 'not-a-list';

/** What {@link ListBodyReader} throws. `excerpt` is raw body text near the fault: scrub it before showing it. */
export class ListBodyError extends Error {
  /** `problem` says what is wrong; `excerpt` quotes the body near it. */
  constructor(
    readonly problem: ListBodyProblem,
    readonly excerpt: string,
  ) {
    super(`list body: ${problem}`);
  }
}

// Where the reader is in the body: each state starts reading at the first byte it has not taken.
const OPENING = 0; // before the top-level `{`
const FIRST_KEY = 1; // after `{`: a key or `}`
const KEY = 2; // a key, after a comma
const VALUE = 3; // a member's value other than the items
const ITEMS = 4; // the `[` of the items
const FIRST_ITEM = 5; // after `[`: an item or `]`
const ITEM = 6; // an item, after a comma
const AFTER_ITEM = 7; // `,` or `]`
const AFTER_MEMBER = 8; // `,` or `}`
const CLOSED = 9; // only whitespace may follow

const BACKSLASH = 0x5c;
const BOM = [0xef, 0xbb, 0xbf];
/** Raw text quoted in an error: enough to show what is there, never a whole body. */
const EXCERPT_BYTES = 800;
/** The first bytes that may start a JSON value other than an object (then the body is JSON, but not a list). */
const OTHER_VALUE_START = new Set([...'["-0123456789tfn'].map((c) => c.charCodeAt(0)));

/**
 * Follows one JSON value's strings and nesting, chunk after chunk, each byte once: where it ends,
 * without checking its grammar (`JSON.parse` does that). A scalar at the top ends at a delimiter,
 * or at the end of the bytes when they are final.
 *
 * @example
 * ```ts
 * const scan = new ValueEndScan();
 * scan.next(Buffer.from('{"a":"}'), 0, false); // -1: the value goes on
 * scan.next(Buffer.from('"},'), 0, false); // 2: it ends before the comma of this chunk
 * ```
 */
export class ValueEndScan {
  #depth = 0;
  #inString = false;
  #escaped = false;
  #inScalar = false;

  /** Scans `b` from `p` on, going on from where the last call stopped: the position after the value, or -1 when it goes on past `b`. */
  next(b: Uint8Array, p: number, final: boolean): number {
    const n = b.length;
    let depth = this.#depth;
    let inString = this.#inString;
    let escaped = this.#escaped;
    let end = -1;
    while (p < n) {
      let c = b[p]!;
      if (inString) {
        if (escaped) {
          escaped = false;
          p++;
          continue;
        }
        while (p < n && STRING_STOP[(c = b[p]!)] === 0) p++;
        if (p >= n) break;
        p++;
        // A raw control character is stepped over: JSON.parse refuses it later.
        if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (depth === 0) {
            end = p;
            break;
          }
        }
      } else if (this.#inScalar || (depth === 0 && c !== QUOTE && c !== OPEN_BRACE && c !== OPEN_BRACKET)) {
        this.#inScalar = true;
        while (p < n && !isDelimiter(b[p]!)) p++;
        if (p < n || final) end = p;
        break;
      } else if (c === QUOTE) {
        inString = true;
        p++;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        depth++;
        p++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        p++;
        if (--depth <= 0) {
          end = p;
          break;
        }
      } else {
        p++;
      }
    }
    if (end < 0 && final && this.#inScalar) end = p;
    this.#depth = depth;
    this.#inString = inString;
    this.#escaped = escaped;
    return end;
  }
}

/**
 * The end of the JSON value starting at `p` (not whitespace): the position after it, or -1 when the
 * bytes end first. {@link ValueEndScan} in one call.
 *
 * @example
 * ```ts
 * valueEnd(Buffer.from('{"a":"}"},'), 0, false); // 9
 * valueEnd(Buffer.from('{"a":'), 0, false); // -1
 * ```
 */
export function valueEnd(b: Uint8Array, p: number, final: boolean): number {
  return new ValueEndScan().next(b, p, final);
}

function isDelimiter(c: number): boolean {
  return c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || isSpace(c);
}

function spaceEnd(b: Uint8Array, p: number): number {
  while (p < b.length && isSpace(b[p]!)) p++;
  return p;
}

/**
 * Reads one list body pushed chunk by chunk and pulled item by item. Holds the bytes not read yet:
 * at most one unfinished value beyond the chunk at hand. An unfinished value's scan goes on with
 * each new chunk where it stopped, so every byte is scanned once (a huge item costs linear time)
 * and an item is handed out as soon as its last byte has arrived.
 *
 * @example
 * ```ts
 * const reader = new ListBodyReader();
 * reader.push(Buffer.from('{"kind":"ImageCacheList","items":[{"a":1},{"a":2}],"metadata":{}}'));
 * reader.close();
 * reader.next(); // { a: 1 }
 * reader.next(); // { a: 2 }
 * reader.next(); // undefined: no more items
 * reader.fields().get('kind'); // 'ImageCacheList'
 * ```
 */
export class ListBodyReader {
  #state = OPENING;
  /** The bytes not read yet, from `#pos` of the first part, as they came. */
  #parts: Buffer[] = [];
  #pos = 0;
  /** The scan of the value that starts at `#pos` and went on past the bytes held, and how many parts it has scanned. */
  #pending: ValueEndScan | undefined;
  #pendingParts = 0;
  /** The bytes of those parts, from `#pos`. */
  #pendingBytes = 0;
  /** Where the value at `#pos` ends, once its pending scan found it; -1 otherwise. */
  #knownEnd = -1;
  #closed = false;
  #atStart = true;
  #key = '';
  #itemsSeen = false;
  #itemsArray = false;
  readonly #fields = new Map<string, unknown>();
  /** The item the last step completed; undefined while none did. */
  #item: unknown;
  /** The items after `#item` that the same parse gave, handed out from `#batchIndex` on. */
  #batch: unknown[] | undefined;
  #batchIndex = 0;
  /**
   * The bytes that start every item after the first, with the `},` before them: the first item's
   * first two members (`{"apiVersion":"...","kind":"ImageCache"` from kube-apiserver).
   */
  #signature: Buffer | undefined;
  #signatureLearned = false;
  #signatureMisses = 0;

  /** Adds the next chunk of the body. */
  push(chunk: Buffer): void {
    if (chunk.length > 0) this.#parts.push(chunk);
  }

  /** No more chunks: the end of the bytes held is the end of the body. */
  close(): void {
    this.#closed = true;
  }

  /**
   * The next item, parsed; undefined when more bytes are needed first (or, once closed, when the
   * items are over). Throws a {@link ListBodyError} when the body is not JSON or, closed, ended early.
   */
  next(): unknown {
    const batch = this.#batch;
    if (batch !== undefined) {
      const item = batch[this.#batchIndex];
      // Handed out items are dropped from the batch at once: the caller may be the last to hold them.
      batch[this.#batchIndex++] = undefined;
      if (this.#batchIndex === batch.length) this.#batch = undefined;
      return item;
    }
    if (this.#pending && !this.#resume()) return undefined;
    const b = this.#bytes();
    this.#item = undefined;
    let p = this.#pos;
    while (p >= 0 && this.#item === undefined) p = this.#step(b, p);
    return this.#item;
  }

  /**
   * Once closed and {@link next} has answered undefined: the top-level fields other than `items` (a
   * repeated key keeps its last value, as `JSON.parse` does). Throws when the body was cut short.
   */
  fields(): ReadonlyMap<string, unknown> {
    if (this.#state !== CLOSED) throw new ListBodyError('truncated', this.#bytes().toString('utf8', this.#pos, this.#pos + EXCERPT_BYTES));
    return this.#fields;
  }

  /** True once the body's `items` turned out to be an array (its items are what {@link next} returns). */
  get hasItemsArray(): boolean {
    return this.#itemsArray;
  }

  /**
   * Goes on with the pending scan over the parts it has not seen; true once the value's end is
   * known (`#knownEnd`, counted from `#pos`), or once closed (the state machine then finds the body
   * cut short). Nothing is copied until then.
   */
  #resume(): boolean {
    const scan = this.#pending!;
    let offset = this.#pendingBytes;
    for (let i = this.#pendingParts; i < this.#parts.length; i++) {
      const part = this.#parts[i]!;
      const end = scan.next(part, 0, this.#closed && i === this.#parts.length - 1);
      if (end >= 0) {
        this.#pending = undefined;
        this.#knownEnd = offset + end;
        return true;
      }
      offset += part.length;
    }
    this.#pendingParts = this.#parts.length;
    this.#pendingBytes = offset;
    if (this.#closed) {
      const end = scan.next(Buffer.alloc(0), 0, true);
      this.#pending = undefined;
      this.#knownEnd = end >= 0 ? offset : -1;
      return true;
    }
    return false;
  }

  /** The bytes held as one buffer, read from `#pos`. */
  #bytes(): Buffer {
    // A part read to its end goes without copying the next.
    while (this.#parts.length > 1 && this.#pos >= this.#parts[0]!.length) {
      this.#pos -= this.#parts[0]!.length;
      this.#parts.shift();
    }
    if (this.#parts.length > 1) {
      this.#parts = [Buffer.concat([this.#parts[0]!.subarray(this.#pos), ...this.#parts.slice(1)])];
      this.#pos = 0;
    }
    return this.#parts[0] ?? Buffer.alloc(0);
  }

  /** One step of the state machine from `p`: the next position, or -1 when more bytes are needed (or the body closed). */
  #step(b: Buffer, p: number): number {
    if (this.#state === OPENING && this.#atStart) {
      const bom = Math.min(BOM.length, b.length - p);
      for (let i = 0; i < bom; i++) if (b[p + i] !== BOM[i]) return this.#opened(b, p);
      if (bom < BOM.length) return this.#pause(p); // maybe a byte order mark: wait for its last bytes
      this.#atStart = false;
      return this.#to(OPENING, p + BOM.length);
    }
    const q = spaceEnd(b, p);
    if (q >= b.length) return this.#pause(q);
    const c = b[q]!;
    switch (this.#state) {
      case OPENING:
        return this.#opened(b, q);
      case FIRST_KEY:
        if (c === CLOSE_BRACE) return this.#to(CLOSED, q + 1);
        return this.#readKey(b, q);
      case KEY:
        return this.#readKey(b, q);
      case VALUE:
        return this.#readValue(b, q);
      case ITEMS:
        if (c !== OPEN_BRACKET) {
          this.#key = 'items';
          return this.#readValue(b, q);
        }
        this.#itemsArray = true;
        return this.#to(FIRST_ITEM, q + 1);
      case FIRST_ITEM:
        if (c === CLOSE_BRACKET) return this.#to(AFTER_MEMBER, q + 1);
        return this.#readItem(b, q);
      case ITEM:
        return this.#readItem(b, q);
      case AFTER_ITEM:
        if (c === COMMA) return this.#to(ITEM, q + 1);
        if (c === CLOSE_BRACKET) return this.#to(AFTER_MEMBER, q + 1);
        throw this.#fault('not-json', b, q);
      case AFTER_MEMBER:
        if (c === COMMA) return this.#to(KEY, q + 1);
        if (c === CLOSE_BRACE) return this.#to(CLOSED, q + 1);
        throw this.#fault('not-json', b, q);
      default:
        throw this.#fault('not-json', b, q);
    }
  }

  #to(state: number, next: number): number {
    this.#state = state;
    this.#pos = next;
    return next;
  }

  /** Stops at `p` until more bytes come. */
  #pause(p: number): number {
    this.#pos = p;
    return -1;
  }

  /**
   * Where the value at `p` ends: known already (its pending scan found it), or scanned now. When it
   * goes on past the bytes held, its scan is kept to go on with the next chunk: -1.
   */
  #endOf(b: Buffer, p: number): number {
    const known = this.#knownEnd;
    if (known >= 0 && p === this.#pos) {
      this.#knownEnd = -1;
      return p + known;
    }
    const scan = new ValueEndScan();
    const end = scan.next(b, p, this.#closed);
    if (end < 0 && !this.#closed) {
      this.#pending = scan;
      this.#pendingParts = 1;
      this.#pendingBytes = b.length - p;
    }
    return end;
  }

  #opened(b: Buffer, p: number): number {
    this.#atStart = false;
    const q = spaceEnd(b, p);
    if (q >= b.length) return this.#pause(q);
    if (b[q] === OPEN_BRACE) return this.#to(FIRST_KEY, q + 1);
    throw this.#fault(OTHER_VALUE_START.has(b[q]!) ? 'not-a-list' : 'not-json', b, q);
  }

  #readKey(b: Buffer, p: number): number {
    if (b[p] !== QUOTE) throw this.#fault('not-json', b, p);
    const keyEnd = this.#endOf(b, p);
    if (keyEnd < 0) return this.#wait(b, p);
    const colon = spaceEnd(b, keyEnd);
    // Rare: the chunk ends between a key and its colon; the key is scanned again with the next one.
    if (colon >= b.length) return this.#wait(b, p);
    if (b[colon] !== COLON) throw this.#fault('not-json', b, colon);
    const key = this.#parse(b, p, keyEnd) as string;
    if (key !== 'items') {
      this.#key = key;
      return this.#to(VALUE, colon + 1);
    }
    if (this.#itemsSeen) throw this.#fault('not-a-list', b, p);
    this.#itemsSeen = true;
    return this.#to(ITEMS, colon + 1);
  }

  #readValue(b: Buffer, p: number): number {
    const end = this.#endOf(b, p);
    if (end < 0) return this.#wait(b, p);
    this.#fields.set(this.#key, this.#parse(b, p, end));
    return this.#to(AFTER_MEMBER, end);
  }

  #readItem(b: Buffer, p: number): number {
    const c = b[p]!;
    if (c !== OPEN_BRACE && !OTHER_VALUE_START.has(c)) throw this.#fault('not-json', b, p);
    const cut = this.#knownEnd < 0 ? this.#signatureCut(b, p) : -1;
    if (cut > 0) return this.#to(AFTER_ITEM, cut);
    const end = this.#endOf(b, p);
    if (end < 0) return this.#wait(b, p);
    if (!this.#signatureLearned) this.#learnSignature(b, p, end);
    this.#item = this.#parse(b, p, end);
    return this.#to(AFTER_ITEM, end);
  }

  /**
   * The fast path: the items from `p` up to the last place the signature occurs in the bytes held,
   * parsed at once; the position after them, or -1. Only a parse that succeeds counts: the bytes are
   * then whole values one after another (JSON values are prefix-free: one cannot end early and still
   * parse), so where they end is an item's end. When it fails (the signature also began a nested
   * object, or an item is malformed), items are found one by one by following strings and nesting.
   * A batch is at most the bytes held, about one chunk: its items are what is alive at once.
   */
  #signatureCut(b: Buffer, p: number): number {
    const signature = this.#signature;
    if (signature === undefined) return -1;
    const at = b.lastIndexOf(signature);
    if (at <= p) return -1;
    let values: unknown[];
    try {
      values = JSON.parse(`[${b.toString('utf8', p, at + 1)}]`) as unknown[];
    } catch {
      // Two misses in a row: this server's items do not share the signature; stop looking for it.
      if (++this.#signatureMisses >= 2) this.#signature = undefined;
      return -1;
    }
    this.#signatureMisses = 0;
    this.#item = values[0];
    if (values.length > 1) {
      values[0] = undefined;
      this.#batch = values;
      this.#batchIndex = 1;
    }
    return at + 1;
  }

  /** Learns the signature from the first item (bytes `[p, end)`), when it starts with two string members written compactly. */
  #learnSignature(b: Buffer, p: number, end: number): void {
    this.#signatureLearned = true;
    let q = p + 1;
    for (let member = 0; member < 2; member++) {
      if (member === 1 && b[q++] !== COMMA) return;
      if (b[q] !== QUOTE) return;
      q = valueEnd(b, q, false);
      if (q < 0 || q >= end || b[q++] !== COLON || b[q] !== QUOTE) return;
      q = valueEnd(b, q, false);
      if (q < 0 || q >= end) return;
    }
    this.#signature = Buffer.concat([Buffer.from('},'), b.subarray(p, q)]);
  }

  /** The value at `p` goes past the bytes held: wait for more, or, once closed, the body was cut short. */
  #wait(b: Buffer, p: number): number {
    if (this.#closed) throw this.#fault('truncated', b, p);
    return this.#pause(p);
  }

  /** The JSON value in bytes `[from, to)`. */
  #parse(b: Buffer, from: number, to: number): unknown {
    try {
      return JSON.parse(b.toString('utf8', from, to));
    } catch {
      throw this.#fault('not-json', b, from);
    }
  }

  #fault(problem: ListBodyProblem, b: Buffer, p: number): ListBodyError {
    return new ListBodyError(problem, b.toString('utf8', p, p + EXCERPT_BYTES));
  }
}
