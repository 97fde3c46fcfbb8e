/**
 * Finds the ImageCaches in a list page's or watch event's JSON, given as the UTF-8 bytes of the
 * response, without decoding or parsing it: each item's bytes, name and resourceVersion, what the
 * informer's store keys and diffs by. The store keeps the bytes and parses them on first read, so a
 * sync costs a scan instead of a decode and a `JSON.parse` of every page; the fields its indexes read
 * are scanned from an item's bytes when the indexes are first queried.
 *
 * The scan is a validating walk: it answers only when `JSON.parse` of the decoded bytes would accept
 * the whole body and every item passes the client's ImageCache identity check; otherwise it answers
 * `undefined` and the caller takes the ordinary path (which also reports the error). Only the keys it
 * needs are descended into; every other value is stepped over, still checked against JSON's grammar.
 *
 * Working on bytes is sound because every byte JSON's grammar looks at (quotes, backslashes, control
 * characters, structure, digits, letters of literals) is ASCII, and UTF-8 never uses an ASCII byte
 * inside a multi-byte sequence; Node's decoder turns an invalid sequence into U+FFFD without taking
 * the ASCII byte after it. So inside a string every byte of 0x80 and above is accepted (it decodes to
 * some character, and JSON allows any character there), and outside strings none is (JSON.parse
 * refuses any non-ASCII character there, a byte order mark included).
 * @packageDocumentation
 */
import { IMAGE_CACHE_API_VERSION, IMAGE_CACHE_KIND, IMAGE_CACHE_LIST_KIND } from '../../types/constants.js';
import {
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  escapeEnd,
  isSpace,
  MALFORMED,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  STRING_STOP,
  skipValue,
  TOKEN_STOP,
} from './json-skip.js';
import { type WasmWalk, wasmWalk } from './wasm-skip.js';

/**
 * An ImageCache found in a page or event's JSON bytes, not yet parsed: where its JSON is in the
 * scanned input, and the fields the store keys and diffs by. Offsets, not a view, so that a sync of
 * 50,000 caches makes no 50,000 typed arrays.
 */
export class ScannedCache {
  constructor(
    /** The scanned input (a page or an event line); the item is `source[start, end)`. */
    readonly source: Uint8Array,
    readonly start: number,
    readonly end: number,
    /** `metadata.name` (a non-empty string, else the scan fails). */
    readonly name: string,
    /** `metadata.resourceVersion` when it is a string, else undefined. */
    readonly resourceVersion: string | undefined,
  ) {}

  /** The item's own JSON as UTF-8 bytes: a view into the input (no copy). */
  get bytes(): Uint8Array {
    return this.source.subarray(this.start, this.end);
  }
}

/**
 * The fields the store's indexes read. A sync does not read them: the store builds its indexes on
 * their first query, so they are scanned out of an item's bytes ({@link scanIndexFields}) only then.
 */
export interface IndexFields {
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

/** Buffer's own decoders of a byte range, which `toString` calls after checking its arguments. */
interface Slicing {
  latin1Slice(from: number, to: number): string;
  utf8Slice(from: number, to: number): string;
}

/**
 * The input's bytes with the decoders the scan uses for the few strings it extracts. Called directly,
 * Buffer's slice methods cost about a quarter less per short string than `toString`, and the scan
 * decodes several per item. They are not in Node's typings, so `toString` stands in where absent.
 */
function slicing(buffer: Buffer): Slicing {
  const own = buffer as unknown as Partial<Slicing>;
  if (typeof own.latin1Slice === 'function' && typeof own.utf8Slice === 'function') return buffer as unknown as Slicing;
  return { latin1Slice: (from, to) => buffer.toString('latin1', from, to), utf8Slice: (from, to) => buffer.toString('utf8', from, to) };
}

/** A key the scan looks for, as bytes (compared without decoding) and as text (for an escaped key). */
interface Key {
  readonly text: string;
  readonly bytes: Uint8Array;
}

function key(text: string): Key {
  return { text, bytes: Uint8Array.from(text, (c) => c.charCodeAt(0)) };
}

const KEYS = {
  apiVersion: key('apiVersion'),
  continue: key('continue'),
  imageCacheId: key('imageCacheId'),
  images: key('images'),
  items: key('items'),
  kind: key('kind'),
  metadata: key('metadata'),
  name: key('name'),
  object: key('object'),
  resourceVersion: key('resourceVersion'),
  spec: key('spec'),
  status: key('status'),
  type: key('type'),
};

/** The string values the scan checks for, compared as bytes like the keys. */
const LIST_KIND = key(IMAGE_CACHE_LIST_KIND);
const KIND = key(IMAGE_CACHE_KIND);
const API_VERSION = key(IMAGE_CACHE_API_VERSION);

/** Where a string token's body is: bytes `from` to `to` (exclusive), whether it holds a backslash, whether it is all ASCII. */
interface Token {
  from: number;
  to: number;
  escaped: boolean;
  ascii: boolean;
}

class Scanner {
  /** The next unread position. */
  p = 0;
  /** The last string token read (reused: one object per scan). */
  readonly token: Token = { from: 0, to: 0, escaped: false, ascii: true };
  /** The same bytes as a Buffer, for decoding the few strings the scan extracts. */
  private readonly text: Slicing;

  /** `wasm` walks in WebAssembly (loaded with these bytes); without it, the scan walks in JavaScript. */
  constructor(
    readonly b: Uint8Array,
    private readonly wasm: WasmWalk | undefined,
  ) {
    this.text = slicing(Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  }

  fail(): never {
    throw MALFORMED;
  }

  ws(): number {
    const b = this.b;
    let p = this.p;
    let c = b[p]!;
    if (c > 0x20) return c; // compact JSON: no whitespace to step over
    while (isSpace(c)) c = b[++p]!;
    this.p = p;
    return c;
  }

  expect(code: number): void {
    if (this.ws() !== code) this.fail();
    this.p++;
  }

  /** Reads the string token at `p` (which must be a quote) into {@link token}; `p` ends after it. */
  string(): Token {
    const b = this.b;
    let p = this.p;
    if (b[p] !== QUOTE) this.fail();
    const from = ++p;
    let escaped = false;
    let ascii = true;
    let c = b[p]!;
    for (;;) {
      while (TOKEN_STOP[c] === 0) c = b[++p]!;
      if (c === QUOTE) break;
      if (c >= 0x80) {
        ascii = false;
        c = b[++p]!;
        continue;
      }
      escaped = true;
      p = escapeEnd(b, p, c);
      c = b[p]!;
    }
    const token = this.token;
    token.from = from;
    token.to = p;
    token.escaped = escaped;
    token.ascii = ascii;
    this.p = p + 1;
    return token;
  }

  /** The value of the string token just read: JSON.parse decides escapes, the UTF-8 decoder the rest. */
  decode(token: Token): string {
    const text = this.text;
    if (token.escaped) return JSON.parse(text.utf8Slice(token.from - 1, token.to + 1)) as string;
    return token.ascii ? text.latin1Slice(token.from, token.to) : text.utf8Slice(token.from, token.to);
  }

  /** Whether the string token just read equals `key`, comparing bytes unless the token has escapes. */
  is(token: Token, key: Key): boolean {
    if (token.escaped) return this.decode(token) === key.text;
    const bytes = key.bytes;
    const n = bytes.length;
    if (token.to - token.from !== n) return false;
    const b = this.b;
    for (let i = 0, p = token.from; i < n; i++, p++) if (b[p] !== bytes[i]) return false;
    return true;
  }

  /** Steps over the value at `p` and answers `result` (what a field of the wrong type counts as). */
  skipped<T>(result: T): T {
    this.value();
    return result;
  }

  /** Steps over one value of any kind, checking its grammar. */
  value(): void {
    const wasm = this.wasm;
    if (wasm === undefined) {
      this.p = skipValue(this.b, this.p);
      return;
    }
    const end = wasm.skip(this.p);
    if (end < 0) this.fail();
    this.p = end;
  }

  /** Reads a string value, or steps over any other value; the string, or undefined. */
  stringOrSkip(): string | undefined {
    if (this.ws() === QUOTE) return this.decode(this.string());
    this.value();
    return undefined;
  }

  /** Whether the value at `p` is a string equal to `expected` (compared as {@link is} does); steps over it either way. */
  stringIs(expected: Key): boolean {
    if (this.ws() === QUOTE) return this.is(this.string(), expected);
    this.value();
    return false;
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
    // The usual key (compact, no escape) in one pass; anything else the general way.
    const b = this.b;
    const from = this.p + 1;
    let p = from;
    if (b[from - 1] === QUOTE) {
      let c = b[p]!;
      while (STRING_STOP[c] === 0) c = b[++p]!;
      if (c === QUOTE && b[p + 1] === COLON) {
        const token = this.token;
        token.from = from;
        token.to = p;
        token.escaped = false;
        token.ascii = false; // not noted: a key is compared, never decoded unless escaped
        this.p = p + 2;
        return token;
      }
    }
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
    if (this.p !== this.b.length) this.fail();
  }

  /**
   * Scans the ImageCache at `p`; fails when it is not one (the checks of boundary.ts's imageCacheProblem).
   * `spec` and `status` are only stepped over: their fields are read later, if ever, by {@link indexFields}.
   */
  cache(): ScannedCache {
    const start = this.ws() === OPEN_BRACE ? this.p : this.fail();
    const wasm = this.wasm;
    if (wasm?.cache(start)) return this.reportedCache(start, wasm.report);
    let kindOk = false;
    let apiVersionOk = false;
    let name: string | undefined;
    let resourceVersion: string | undefined;
    let specOk = true;
    let statusOk = true;
    for (let key = this.firstMember(); key; key = this.nextMember()) {
      if (this.is(key, KEYS.metadata)) {
        [name, resourceVersion] = this.stringFields(KEYS.name, KEYS.resourceVersion);
      } else if (this.is(key, KEYS.spec)) {
        specOk = this.ws() === OPEN_BRACE;
        this.value();
      } else if (this.is(key, KEYS.status)) {
        const c = this.ws();
        statusOk = c === OPEN_BRACE || c === 0x6e;
        this.value();
      } else if (this.is(key, KEYS.kind)) {
        kindOk = this.stringIs(KIND);
      } else if (this.is(key, KEYS.apiVersion)) {
        apiVersionOk = this.stringIs(API_VERSION);
      } else {
        this.value();
      }
    }
    if (!kindOk || !apiVersionOk || !name || !specOk || !statusOk) this.fail();
    return new ScannedCache(this.b, start, this.p, name, resourceVersion);
  }

  /** The cache the WebAssembly walk read at `start` (its report: see {@link WasmWalk.report}); `p` ends after it. */
  private reportedCache(start: number, report: Int32Array): ScannedCache {
    const end = report[0] as number;
    const name = this.decodeRange(report[1] as number, report[2] as number, report[3] as number);
    const rvFrom = report[4] as number;
    const resourceVersion = rvFrom < 0 ? undefined : this.decodeRange(rvFrom, report[5] as number, report[6] as number);
    this.p = end;
    return new ScannedCache(this.b, start, end, name, resourceVersion);
  }

  private decodeRange(from: number, to: number, flags: number): string {
    const token = this.token;
    token.from = from;
    token.to = to;
    token.escaped = (flags & 1) !== 0;
    token.ascii = (flags & 2) === 0;
    return this.decode(token);
  }

  /** Reads the index fields of the ImageCache at `p`, whose bytes a scan already vouched for (the last of repeated keys wins). */
  indexFields(): IndexFields {
    let images: string[] = [];
    let imageCacheId: string | undefined;
    for (let key = this.firstMember(); key; key = this.nextMember()) {
      if (this.is(key, KEYS.spec)) images = this.ws() === OPEN_BRACE ? this.spec() : this.skipped([]);
      else if (this.is(key, KEYS.status)) imageCacheId = this.ws() === OPEN_BRACE ? this.status() : this.skipped(undefined);
      else this.value();
    }
    return { imageCacheId, images };
  }

  /** Scans the array of ImageCaches at `p`. */
  caches(): ScannedCache[] {
    const caches: ScannedCache[] = [];
    for (let more = this.firstElement(); more; more = this.nextElement()) caches.push(this.cache());
    return caches;
  }

  /**
   * The string values of the keys `first` and `second` of the object at `p` (the last of repeated
   * keys wins; a value of another type counts as none); both undefined when the value there is no
   * object, which is stepped over.
   */
  stringFields(first: Key, second: Key): [string | undefined, string | undefined] {
    if (this.ws() !== OPEN_BRACE) return this.skipped([undefined, undefined]);
    let one: string | undefined;
    let two: string | undefined;
    for (let key = this.firstMember(); key; key = this.nextMember()) {
      if (this.is(key, first)) one = this.stringOrSkip();
      else if (this.is(key, second)) two = this.stringOrSkip();
      else this.value();
    }
    return [one, two];
  }

  private spec(): string[] {
    let images: string[] = [];
    for (let key = this.firstMember(); key; key = this.nextMember()) {
      if (!this.is(key, KEYS.images)) {
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
      if (this.is(key, KEYS.imageCacheId)) imageCacheId = this.stringOrSkip() || undefined;
      else this.value();
    }
    return imageCacheId;
  }
}

/** How a scan steps over the values it does not read. */
export interface ScanOptions {
  /**
   * `'auto'` (the default): in WebAssembly where it is available and the input is at most
   * `MAX_WASM_INPUT` bytes, else in JavaScript; both give the same answers. `'javascript'`: always in
   * JavaScript.
   */
  readonly stepOver?: 'auto' | 'javascript';
}

function scannerFor(bytes: Uint8Array, options: ScanOptions): Scanner {
  return new Scanner(bytes, options.stepOver === 'javascript' ? undefined : wasmWalk(bytes));
}

// The readers are plain functions handed to `attempt`, not closures: a streaming list scans one
// event per line, and the build names every closure it makes (keepNames), which costs per call.
function attempt<T>(read: (scanner: Scanner) => T | undefined, scanner: Scanner): T | undefined {
  try {
    return read(scanner);
  } catch {
    // MALFORMED, or a stack overflow on absurd nesting: either way the ordinary path decides.
    return undefined;
  }
}

/**
 * Scans one ImageCacheList page, given as the response body's UTF-8 bytes. Undefined when the scanner
 * cannot vouch for it: the body is not JSON, it is not an ImageCacheList with an `items` array, or an
 * item is not an ImageCache. The caller then decodes and parses the page the ordinary way, which
 * reports the error. Each item's `bytes` is a view into `body`, so `body` must not be reused.
 *
 * @example
 * ```ts
 * const page = scanImageCacheList(body);
 * if (page) for (const item of page.items) console.log(item.name, item.end - item.start);
 * ```
 */
export function scanImageCacheList(body: Uint8Array, options: ScanOptions = {}): ScannedList | undefined {
  return attempt(readList, scannerFor(body, options));
}

function readList(scanner: Scanner): ScannedList | undefined {
  let kindOk = false;
  let items: ScannedCache[] | undefined;
  let resourceVersion: string | undefined;
  let token: string | undefined;
  for (let key = scanner.firstMember(); key; key = scanner.nextMember()) {
    if (scanner.is(key, KEYS.items)) {
      items = scanner.ws() === OPEN_BRACKET ? scanner.caches() : scanner.skipped(undefined);
    } else if (scanner.is(key, KEYS.metadata)) {
      [resourceVersion, token] = scanner.stringFields(KEYS.resourceVersion, KEYS.continue);
    } else if (scanner.is(key, KEYS.kind)) {
      kindOk = scanner.stringIs(LIST_KIND);
    } else {
      scanner.value();
    }
  }
  scanner.end();
  if (!kindOk || items === undefined) return undefined;
  return { items, resourceVersion, continue: token };
}

/**
 * Scans one watch event line's UTF-8 bytes (`{"type":"ADDED","object":{...}}`). Undefined for any
 * type other than ADDED, MODIFIED and DELETED (BOOKMARK, ERROR, ...), and for anything the scanner
 * cannot vouch for. The object's `bytes` is a view into `line`.
 *
 * @example
 * ```ts
 * const event = scanWatchEvent(line);
 * if (event?.type === 'DELETED') store.remove(event.object.name);
 * ```
 */
export function scanWatchEvent(line: Uint8Array, options: ScanOptions = {}): ScannedWatchEvent | undefined {
  return attempt(readEvent, scannerFor(line, options));
}

function readEvent(scanner: Scanner): ScannedWatchEvent | undefined {
  let type: string | undefined;
  let object: ScannedCache | undefined;
  for (let key = scanner.firstMember(); key; key = scanner.nextMember()) {
    if (scanner.is(key, KEYS.type)) type = scanner.stringOrSkip();
    // Only an ImageCache is vouched for; a later duplicate `object` key replaces it.
    else if (scanner.is(key, KEYS.object)) object = scanner.cache();
    else scanner.value();
  }
  scanner.end();
  if (object === undefined || (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED')) return undefined;
  return { type, object };
}

/**
 * The index fields of the item at `start` in `source`, as {@link scanImageCacheList} or
 * {@link scanWatchEvent} found it; undefined only for bytes no scan vouched for.
 *
 * @example
 * ```ts
 * const item = page.items[0];
 * const { images, imageCacheId } = scanIndexFields(item.source, item.start) ?? { images: [], imageCacheId: undefined };
 * ```
 */
export function scanIndexFields(source: Uint8Array, start = 0): IndexFields | undefined {
  // In JavaScript: one item is read from a whole page, which WebAssembly would first copy.
  const scanner = new Scanner(source, undefined);
  scanner.p = start;
  return attempt(readIndexFields, scanner);
}

function readIndexFields(scanner: Scanner): IndexFields {
  return scanner.indexFields();
}
