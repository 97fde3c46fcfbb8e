/**
 * A list response's body read as it arrives: its items parsed one at a time as the caller asks for
 * them, the other top-level fields (kind, apiVersion, metadata) kept whole. So neither a page's text
 * nor its objects are ever held at once: only the bytes of the chunk at hand (off V8's heap) and the
 * item being handed out. Keeping that little alive between collections is what keeps V8's young
 * generation at its smallest size. Pure: bytes in, values out.
 *
 * Each item is parsed by `JSON.parse`, so what it refuses still fails. Where an item ends is found
 * the cheap way when it can be (the next place the bytes repeat the first item's opening, confirmed
 * by the parse), otherwise by following strings and nesting.
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
 * The end of the JSON value starting at `p` (not whitespace): the position after it, or -1 when the
 * bytes end first. Only strings and nesting are followed; a scalar at the top ends at a delimiter,
 * or at the end of the bytes when `final`.
 */
export function valueEnd(b: Uint8Array, p: number, final: boolean): number {
  const n = b.length;
  let depth = 0;
  while (p < n) {
    let c = b[p]!;
    if (c === QUOTE) {
      p++;
      for (;;) {
        while (p < n && STRING_STOP[(c = b[p]!)] === 0) p++;
        if (p >= n) return -1;
        // A raw control character is stepped over: JSON.parse refuses it later.
        p += c === BACKSLASH ? 2 : 1;
        if (c === QUOTE) break;
      }
      if (depth === 0) return p;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      p++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      p++;
      if (--depth <= 0) return p;
    } else if (depth === 0) {
      while (p < n && !isDelimiter(b[p]!)) p++;
      return p < n || final ? p : -1;
    } else {
      p++;
    }
  }
  return -1;
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
 * at most one unfinished value beyond the chunk at hand. A value that spans many chunks is looked
 * for again only once the bytes held have doubled, so a huge item costs linear time, not quadratic.
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
  #held = 0;
  /** Bytes to hold before looking for the end of the unfinished value again. */
  #wanted = 0;
  #closed = false;
  #atStart = true;
  #key = '';
  #itemsSeen = false;
  #itemsArray = false;
  readonly #fields = new Map<string, unknown>();
  /** The item the last step completed; undefined while none did. */
  #item: unknown;
  /**
   * The bytes that start every item after the first, with the `},` before them: the first item's
   * first two members (`{"apiVersion":"...","kind":"ImageCache"` from kube-apiserver).
   */
  #signature: Buffer | undefined;
  #signatureLearned = false;
  #signatureMisses = 0;

  /** Adds the next chunk of the body. */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#parts.push(chunk);
    this.#held += chunk.length;
  }

  /** No more chunks: the end of the bytes held is the end of the body. */
  close(): void {
    this.#closed = true;
    this.#wanted = 0;
  }

  /**
   * The next item, parsed; undefined when more bytes are needed first (or, once closed, when the
   * items are over). Throws a {@link ListBodyError} when the body is not JSON or, closed, ended early.
   */
  next(): unknown {
    if (this.#held < this.#wanted) return undefined;
    this.#wanted = 0;
    const b = this.#bytes();
    this.#item = undefined;
    let p = this.#pos;
    while (p >= 0 && this.#item === undefined) p = this.#step(b, p);
    this.#held = b.length - this.#pos;
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
      if (bom < BOM.length) return this.#pause(b, p, false); // maybe a byte order mark: wait for its last bytes
      this.#atStart = false;
      return this.#to(OPENING, p + BOM.length);
    }
    const q = spaceEnd(b, p);
    if (q >= b.length) return this.#pause(b, q, false);
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

  /** Stops at `p` until more bytes come; `unfinished` when a value starts there, to wait until the bytes held double. */
  #pause(b: Buffer, p: number, unfinished: boolean): number {
    this.#pos = p;
    if (unfinished) this.#wanted = 2 * (b.length - p);
    return -1;
  }

  #opened(b: Buffer, p: number): number {
    this.#atStart = false;
    const q = spaceEnd(b, p);
    if (q >= b.length) return this.#pause(b, q, false);
    if (b[q] === OPEN_BRACE) return this.#to(FIRST_KEY, q + 1);
    throw this.#fault(OTHER_VALUE_START.has(b[q]!) ? 'not-a-list' : 'not-json', b, q);
  }

  #readKey(b: Buffer, p: number): number {
    if (b[p] !== QUOTE) throw this.#fault('not-json', b, p);
    const keyEnd = valueEnd(b, p, this.#closed);
    const colon = keyEnd < 0 ? -1 : spaceEnd(b, keyEnd);
    if (colon < 0 || colon >= b.length) return this.#wait(b, p);
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
    const end = valueEnd(b, p, this.#closed);
    if (end < 0) return this.#wait(b, p);
    this.#fields.set(this.#key, this.#parse(b, p, end));
    return this.#to(AFTER_MEMBER, end);
  }

  #readItem(b: Buffer, p: number): number {
    const c = b[p]!;
    if (c !== OPEN_BRACE && !OTHER_VALUE_START.has(c)) throw this.#fault('not-json', b, p);
    const cut = this.#signatureCut(b, p);
    if (cut > 0) return this.#to(AFTER_ITEM, cut);
    const end = valueEnd(b, p, this.#closed);
    if (end < 0) return this.#wait(b, p);
    if (!this.#signatureLearned) this.#learnSignature(b, p, end);
    this.#item = this.#parse(b, p, end);
    return this.#to(AFTER_ITEM, end);
  }

  /**
   * The fast path: the item at `p` taken to end where the signature next occurs, and parsed; the
   * position after it, or -1. Only a parse that succeeds counts: the bytes are then one whole value
   * (JSON values are prefix-free: one cannot end early and still parse), so where it ends is the
   * item's end. When it fails (the signature also began a nested object, or the item is malformed),
   * the item's end is found by following its strings and nesting.
   */
  #signatureCut(b: Buffer, p: number): number {
    const signature = this.#signature;
    if (signature === undefined) return -1;
    const at = b.indexOf(signature, p + 1);
    if (at < 0) return -1;
    try {
      this.#item = JSON.parse(b.toString('utf8', p, at + 1));
    } catch {
      // Two misses in a row: this server's items do not share the signature; stop looking for it.
      if (++this.#signatureMisses >= 2) this.#signature = undefined;
      return -1;
    }
    this.#signatureMisses = 0;
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
    return this.#pause(b, p, true);
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
