/**
 * Finds the ImageCaches in a list page's or watch event's JSON text without parsing it: each item's
 * text slice and the few fields the informer's store indexes. The store keeps the slice and parses it
 * on first read, so a sync costs a scan instead of a `JSON.parse` of every page.
 *
 * The scan is a validating walk: it answers only when `JSON.parse` would accept the whole text and
 * every item passes the client's ImageCache identity check; otherwise it answers `undefined` and the
 * caller takes the ordinary path (which also reports the error). Only the keys it needs are
 * descended into; every other value is stepped over, still checked against JSON's grammar.
 * @packageDocumentation
 */
import { IMAGE_CACHE_API_VERSION, IMAGE_CACHE_KIND, IMAGE_CACHE_LIST_KIND } from '../../types/constants.js';

/** An ImageCache found in a page or event's JSON text, not yet parsed. */
export interface ScannedCache {
  /** The item's own JSON text, a slice of the input: `JSON.parse(text)` is the item. */
  readonly text: string;
  /** `metadata.name` (a non-empty string, else the scan fails). */
  readonly name: string;
  /** `metadata.resourceVersion` when it is a string, else undefined. */
  readonly resourceVersion: string | undefined;
  /** `status.imageCacheId` when it is a non-empty string, else undefined. */
  readonly imageCacheId: string | undefined;
  /** The string elements of `spec.images`, in order, when `spec.images` is an array; else []. */
  readonly images: readonly string[];
}

/** A scanned ImageCacheList page. */
export interface ScannedList {
  readonly items: ScannedCache[];
  /** The list's `metadata.resourceVersion` when it is a string. */
  readonly resourceVersion: string | undefined;
  /** The list's `metadata.continue` when it is a string. */
  readonly continue: string | undefined;
}

/** A scanned watch event that carries an ImageCache. */
export interface ScannedWatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: ScannedCache;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/** Thrown inside the scan and caught at its entry points; created once, so throwing captures no stack. */
const MALFORMED = new Error('not scannable');

// JSON forbids raw U+0000-U+001F inside strings. The run up to the next one is measured once over the
// whole text (none, in Go's compact output) and again only past one (whitespace between tokens).
// A sticky run is faster than searching for the class.
const UNTIL_CONTROL = /[^\u0000-\u001f]*/y;

/** Where the first raw control character at or after `from` is, or the text's length. */
function nextControlFrom(s: string, from: number): number {
  UNTIL_CONTROL.lastIndex = from;
  UNTIL_CONTROL.test(s);
  return UNTIL_CONTROL.lastIndex;
}
/** Containers nest at most this deep in a skipped value (a bit per level); deeper texts take the slow path. */
const MAX_DEPTH = 30;

/** 1 for the characters JSON allows after a backslash (other than `u`), and the hex digits (2). */
const ESCAPE_CLASS = new Uint8Array(128);
for (const c of '"\\/bfnrt') ESCAPE_CLASS[c.charCodeAt(0)] = 1;
for (const c of '0123456789abcdefABCDEF') ESCAPE_CLASS[c.charCodeAt(0)] = ESCAPE_CLASS[c.charCodeAt(0)]! | 2;

function isHex(code: number): boolean {
  return code < 128 && (ESCAPE_CLASS[code]! & 2) !== 0;
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

/** Where a string token's body is: `text.slice(from, to)`, with `escaped` when it holds a backslash. */
interface Token {
  from: number;
  to: number;
  escaped: boolean;
}

class Scanner {
  /** The next unread position. */
  p = 0;
  /** The first backslash at or after the last place searched, or the text's length when none is left. */
  private nextBackslash = -1;
  /** The same for raw control characters. */
  private nextControl: number;
  /** The last string token read (reused: one object per scan). */
  readonly token: Token = { from: 0, to: 0, escaped: false };

  constructor(readonly s: string) {
    this.nextControl = nextControlFrom(s, 0);
  }

  fail(): never {
    throw MALFORMED;
  }

  ws(): number {
    const s = this.s;
    let p = this.p;
    let c = s.charCodeAt(p);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = s.charCodeAt(++p);
    this.p = p;
    return c;
  }

  expect(code: number): void {
    if (this.ws() !== code) this.fail();
    this.p++;
  }

  /** Reads the string token at `p` (which must be a quote) into {@link token}; `p` ends after it. */
  string(): Token {
    const s = this.s;
    if (s.charCodeAt(this.p) !== QUOTE) this.fail();
    const from = this.p + 1;
    const token = this.token;
    let end = s.indexOf('"', from);
    if (end >= 0 && end < this.nextBackslash && end < this.nextControl) {
      // The usual case: no backslash and no control character before the first quote.
      token.from = from;
      token.to = end;
      token.escaped = false;
      this.p = end + 1;
      return token;
    }
    let i = from;
    end = this.closingQuote(from, i);
    let escaped = false;
    for (;;) {
      if (this.nextBackslash < i) {
        const at = s.indexOf('\\', i);
        this.nextBackslash = at < 0 ? s.length : at;
      }
      const b = this.nextBackslash;
      if (b > end) break;
      escaped = true;
      const c = s.charCodeAt(b + 1);
      if (c === 0x75) {
        if (!isHex(s.charCodeAt(b + 2)) || !isHex(s.charCodeAt(b + 3)) || !isHex(s.charCodeAt(b + 4)) || !isHex(s.charCodeAt(b + 5))) this.fail();
        i = b + 6;
      } else if (c < 128 && (ESCAPE_CLASS[c]! & 1) !== 0) {
        i = b + 2;
      } else {
        this.fail();
      }
      if (end < i) end = this.closingQuote(from, i);
    }
    token.from = from;
    token.to = end;
    token.escaped = escaped;
    this.p = end + 1;
    return token;
  }

  /** The first quote at or after `i`, checking that the string body from `from` holds no raw control character. */
  private closingQuote(from: number, i: number): number {
    const s = this.s;
    const end = s.indexOf('"', i);
    if (end < 0) this.fail();
    if (this.nextControl < from) this.nextControl = nextControlFrom(s, from);
    if (this.nextControl < end) this.fail();
    return end;
  }

  /** The value of the string token just read. */
  decode(token: Token): string {
    return token.escaped ? (JSON.parse(this.s.slice(token.from - 1, token.to + 1)) as string) : this.s.slice(token.from, token.to);
  }

  /** Whether the string token just read equals `name` (ASCII without escapes, as every key here is). */
  is(token: Token, name: string): boolean {
    if (token.escaped) return this.decode(token) === name;
    return token.to - token.from === name.length && this.s.startsWith(name, token.from);
  }

  /** Steps over the value at `p` and answers `result` (what a field of the wrong type counts as). */
  skipped<T>(result: T): T {
    this.value();
    return result;
  }

  /** Reads a string value, or steps over any other value; the string, or undefined. */
  stringOrSkip(): string | undefined {
    if (this.ws() === QUOTE) return this.decode(this.string());
    this.value();
    return undefined;
  }

  /**
   * Steps over one value of any kind, checking its grammar. One loop with the nesting as a bit stack
   * (1 for an object, 0 for an array), because this walks the bulk of every page (status.events).
   */
  value(): void {
    const s = this.s;
    let p = this.p;
    let stack = 1; // the sentinel bit under the innermost container
    let depth = 0;
    let c = s.charCodeAt(p);
    for (;;) {
      // A value starts at p (whitespace allowed).
      while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = s.charCodeAt(++p);
      if (c === QUOTE) {
        p = this.skipString(p);
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        const isObject = c === OPEN_BRACE;
        c = s.charCodeAt(++p);
        while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = s.charCodeAt(++p);
        if (c === (isObject ? CLOSE_BRACE : CLOSE_BRACKET)) {
          p++;
        } else {
          if (++depth > MAX_DEPTH) this.fail();
          stack = stack * 2 + (isObject ? 1 : 0);
          if (isObject) {
            p = this.skipKey(p, c);
            c = s.charCodeAt(p);
          }
          continue;
        }
      } else if (c === 0x74) {
        if (!s.startsWith('true', p)) this.fail();
        p += 4;
      } else if (c === 0x66) {
        if (!s.startsWith('false', p)) this.fail();
        p += 5;
      } else if (c === 0x6e) {
        if (!s.startsWith('null', p)) this.fail();
        p += 4;
      } else {
        this.p = p;
        this.number();
        p = this.p;
      }
      // After a value: close containers, or go on to the next element or member.
      for (;;) {
        if (depth === 0) {
          this.p = p;
          return;
        }
        c = s.charCodeAt(p);
        while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = s.charCodeAt(++p);
        const inObject = (stack & 1) === 1;
        if (c === COMMA) {
          c = s.charCodeAt(++p);
          if (inObject) {
            while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = s.charCodeAt(++p);
            p = this.skipKey(p, c);
            c = s.charCodeAt(p);
          }
          break;
        }
        if (c !== (inObject ? CLOSE_BRACE : CLOSE_BRACKET)) this.fail();
        p++;
        stack = (stack - (stack & 1)) / 2;
        depth--;
      }
    }
  }

  /**
   * Steps over the string token whose opening quote is at `p`; returns the position after it. A
   * string ends at the next quote unless a backslash or control character comes first: then
   * {@link string} decides.
   */
  private skipString(p: number): number {
    const end = this.s.indexOf('"', p + 1);
    return end >= 0 && end < this.nextBackslash && end < this.nextControl ? end + 1 : this.stringAt(p);
  }

  /** Steps over a member's key (`c`, the character at `p`, must open it) and its colon; returns the position after the colon. */
  private skipKey(p: number, c: number): number {
    if (c !== QUOTE) this.fail();
    const s = this.s;
    let q = this.skipString(p);
    let d = s.charCodeAt(q);
    while (d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) d = s.charCodeAt(++q);
    if (d !== COLON) this.fail();
    return q + 1;
  }

  /** Steps over the number at `p`: `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`. */
  number(): void {
    const s = this.s;
    let p = this.p;
    let c = s.charCodeAt(p);
    if (c === MINUS) c = s.charCodeAt(++p);
    if (c === ZERO) c = s.charCodeAt(++p);
    else if (isDigit(c)) while (isDigit((c = s.charCodeAt(++p))));
    else this.fail();
    if (c === DOT) {
      if (!isDigit((c = s.charCodeAt(++p)))) this.fail();
      while (isDigit((c = s.charCodeAt(++p))));
    }
    if (c === 0x65 || c === 0x45) {
      c = s.charCodeAt(++p);
      if (c === PLUS || c === MINUS) c = s.charCodeAt(++p);
      if (!isDigit(c)) this.fail();
      while (isDigit((c = s.charCodeAt(++p))));
    }
    this.p = p;
  }

  /** Steps over the string token whose opening quote is at `p` the careful way; returns the position after it. */
  private stringAt(p: number): number {
    this.p = p;
    this.string();
    return this.p;
  }

  /**
   * Opens the object at `p` and reads its first key and colon: the key (in {@link token}, `p` before
   * the value), or undefined when the object is empty (`p` after it). The caller consumes each value.
   */
  firstMember(): Token | undefined {
    this.expect(OPEN_BRACE);
    if (this.ws() !== CLOSE_BRACE) return this.key();
    this.p++;
    return undefined;
  }

  /** After a member's value: the next key (as {@link firstMember}), or undefined at the object's end. */
  nextMember(): Token | undefined {
    const c = this.ws();
    this.p++;
    if (c === COMMA) return this.key();
    if (c !== CLOSE_BRACE) this.fail();
    return undefined;
  }

  private key(): Token {
    this.ws();
    const key = this.string();
    this.expect(COLON);
    return key;
  }

  /** Opens the array at `p`: true when an element follows (`p` before it), false when it is empty. */
  firstElement(): boolean {
    this.expect(OPEN_BRACKET);
    if (this.ws() !== CLOSE_BRACKET) return true;
    this.p++;
    return false;
  }

  /** After an element: true when another follows, false at the array's end. */
  nextElement(): boolean {
    const c = this.ws();
    this.p++;
    if (c === COMMA) return true;
    if (c !== CLOSE_BRACKET) this.fail();
    return false;
  }

  /** The end: nothing but whitespace may follow the top-level value. */
  end(): void {
    this.ws();
    if (this.p !== this.s.length) this.fail();
  }

  /** Scans the ImageCache at `p`; fails when it is not one (the checks of boundary.ts's imageCacheProblem). */
  cache(): ScannedCache {
    const start = this.ws() === OPEN_BRACE ? this.p : this.fail();
    let kind: string | undefined;
    let apiVersion: string | undefined;
    let metadata: { name: string | undefined; resourceVersion: string | undefined } | undefined;
    let specOk = true;
    let images: string[] = [];
    let statusOk = true;
    let imageCacheId: string | undefined;
    for (let key = this.firstMember(); key; key = this.nextMember()) {
      if (this.is(key, 'metadata')) {
        metadata = this.ws() === OPEN_BRACE ? this.metadata() : this.skipped(undefined);
      } else if (this.is(key, 'spec')) {
        specOk = this.ws() === OPEN_BRACE;
        images = specOk ? this.spec() : this.skipped([]);
      } else if (this.is(key, 'status')) {
        const c = this.ws();
        statusOk = c === OPEN_BRACE || c === 0x6e;
        imageCacheId = c === OPEN_BRACE ? this.status() : this.skipped(undefined);
      } else if (this.is(key, 'kind')) {
        kind = this.stringOrSkip();
      } else if (this.is(key, 'apiVersion')) {
        apiVersion = this.stringOrSkip();
      } else {
        this.value();
      }
    }
    const name = metadata?.name;
    if (kind !== IMAGE_CACHE_KIND || apiVersion !== IMAGE_CACHE_API_VERSION || !name || !specOk || !statusOk) this.fail();
    return { text: this.s.slice(start, this.p), name, resourceVersion: metadata?.resourceVersion, imageCacheId, images };
  }

  /** Scans the array of ImageCaches at `p`. */
  caches(): ScannedCache[] {
    const caches: ScannedCache[] = [];
    for (let more = this.firstElement(); more; more = this.nextElement()) caches.push(this.cache());
    return caches;
  }

  private metadata(): { name: string | undefined; resourceVersion: string | undefined } {
    let name: string | undefined;
    let resourceVersion: string | undefined;
    for (let key = this.firstMember(); key; key = this.nextMember()) {
      if (this.is(key, 'name')) name = this.stringOrSkip();
      else if (this.is(key, 'resourceVersion')) resourceVersion = this.stringOrSkip();
      else this.value();
    }
    return { name, resourceVersion };
  }

  private spec(): string[] {
    let images: string[] = [];
    for (let key = this.firstMember(); key; key = this.nextMember()) {
      if (!this.is(key, 'images')) {
        this.value();
        continue;
      }
      images = [];
      if (this.ws() !== OPEN_BRACKET) {
        this.value();
        continue;
      }
      for (let more = this.firstElement(); more; more = this.nextElement()) {
        const image = this.stringOrSkip();
        if (image !== undefined) images.push(image);
      }
    }
    return images;
  }

  private status(): string | undefined {
    let imageCacheId: string | undefined;
    for (let key = this.firstMember(); key; key = this.nextMember()) {
      if (this.is(key, 'imageCacheId')) imageCacheId = this.stringOrSkip() || undefined;
      else this.value();
    }
    return imageCacheId;
  }
}

function attempt<T>(scan: () => T): T | undefined {
  try {
    return scan();
  } catch {
    // MALFORMED, or a stack overflow on absurd nesting: either way the ordinary path decides.
    return undefined;
  }
}

/**
 * Scans one ImageCacheList page. Undefined when the scanner cannot vouch for it: the text is not
 * JSON, it is not an ImageCacheList with an `items` array, or an item is not an ImageCache. The
 * caller then parses the page the ordinary way, which reports the error.
 *
 * @example
 * ```ts
 * const page = scanImageCacheList(body);
 * if (page) for (const item of page.items) store.putRaw(item.name, item.text);
 * ```
 */
export function scanImageCacheList(text: string): ScannedList | undefined {
  return attempt(() => {
    const scanner = new Scanner(text);
    let kind: string | undefined;
    let items: ScannedCache[] | undefined;
    let resourceVersion: string | undefined;
    let token: string | undefined;
    for (let key = scanner.firstMember(); key; key = scanner.nextMember()) {
      if (scanner.is(key, 'items')) {
        items = scanner.ws() === OPEN_BRACKET ? scanner.caches() : scanner.skipped(undefined);
      } else if (scanner.is(key, 'metadata')) {
        resourceVersion = token = undefined;
        if (scanner.ws() !== OPEN_BRACE) {
          scanner.value();
          continue;
        }
        for (let field = scanner.firstMember(); field; field = scanner.nextMember()) {
          if (scanner.is(field, 'resourceVersion')) resourceVersion = scanner.stringOrSkip();
          else if (scanner.is(field, 'continue')) token = scanner.stringOrSkip();
          else scanner.value();
        }
      } else if (scanner.is(key, 'kind')) {
        kind = scanner.stringOrSkip();
      } else {
        scanner.value();
      }
    }
    scanner.end();
    if (kind !== IMAGE_CACHE_LIST_KIND || items === undefined) return undefined;
    return { items, resourceVersion, continue: token };
  });
}

/**
 * Scans one watch event line (`{"type":"ADDED","object":{...}}`). Undefined for any type other than
 * ADDED, MODIFIED and DELETED (BOOKMARK, ERROR, ...), and for anything the scanner cannot vouch for.
 *
 * @example
 * ```ts
 * const event = scanWatchEvent(line);
 * if (event?.type === 'DELETED') store.remove(event.object.name);
 * ```
 */
export function scanWatchEvent(line: string): ScannedWatchEvent | undefined {
  return attempt(() => {
    const scanner = new Scanner(line);
    let type: string | undefined;
    let object: ScannedCache | undefined;
    for (let key = scanner.firstMember(); key; key = scanner.nextMember()) {
      if (scanner.is(key, 'type')) type = scanner.stringOrSkip();
      // Only an ImageCache is vouched for; a later duplicate `object` key replaces it.
      else if (scanner.is(key, 'object')) object = scanner.cache();
      else scanner.value();
    }
    scanner.end();
    if (object === undefined || (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED')) return undefined;
    return { type, object };
  });
}
