// AssemblyScript, compiled to WebAssembly by `npm run generate` into src/client/lazy/skip-value.wasm.ts.
// Two walks for the informer's scan (src/client/lazy/scan.ts): `skip` steps over a value, `cache`
// reads an ordinary ImageCache's identity (see its section below).
//
// The same walk as `skipValue` in src/client/lazy/json-skip.ts: steps over one JSON value, checking
// its grammar, and answers the position after it, or -1 where JSON.parse would refuse the value (or
// it nests deeper than MAX_DEPTH). The two must answer alike for every input and start position; a
// property test drives both. This one exists for speed: stepping over `status.events` is most of an
// informer sync, and here a string's body is searched 16 bytes at a time (SIMD).
//
// The caller copies its input to `base()` and writes at least PADDING zero bytes after it. A zero
// byte is a control character, so every walk stops at the end: inside a string it is refused, and
// outside one it is no token. The padding also keeps every read (16 bytes for a string's body, 6 for
// an escape, 5 for a literal) inside the memory.

const QUOTE: u32 = 0x22;
const BACKSLASH: u32 = 0x5c;
const COLON: u32 = 0x3a;
const COMMA: u32 = 0x2c;
const OPEN_BRACE: u32 = 0x7b;
const CLOSE_BRACE: u32 = 0x7d;
const OPEN_BRACKET: u32 = 0x5b;
const CLOSE_BRACKET: u32 = 0x5d;
/** Containers nest at most this deep (a bit per level in a u32 stack, as the JavaScript walk). */
const MAX_DEPTH: u32 = 30;
/** Refused, as a position; the input starts at `base()`, which is never 0. */
const MALFORMED: usize = 0;

/** Where the caller puts its input: after the module's own data, 16-byte aligned. */
export function base(): usize {
  return (__heap_base + 15) & ~15;
}

@inline function isSpace(c: u32): bool {
  return c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09;
}

@inline function isDigit(c: u32): bool {
  return c - 0x30 < 10;
}

@inline function isHex(c: u32): bool {
  return c - 0x30 < 10 || (c | 0x20) - 0x61 < 6;
}

/** The position after the closing quote of the string whose body starts at `p`. */
function skipString(p: usize): usize {
  const quotes = i8x16.splat(<i8>QUOTE);
  const backslashes = i8x16.splat(<i8>BACKSLASH);
  const controls = i8x16.splat(0x20);
  while (true) {
    // 16 bytes at a time: a bit for each quote, backslash and control character (below 0x20).
    const chunk = v128.load(p);
    const stops = i8x16.bitmask(v128.or(v128.or(i8x16.eq(chunk, quotes), i8x16.eq(chunk, backslashes)), i8x16.lt_u(chunk, controls)));
    if (stops == 0) {
      p += 16;
      continue;
    }
    p += ctz(stops);
    const c: u32 = load<u8>(p);
    if (c == QUOTE) return p + 1;
    if (c != BACKSLASH) return MALFORMED; // a raw control character, or the end of the input
    const e: u32 = load<u8>(p + 1);
    if (e == 0x75) {
      if (!(isHex(load<u8>(p + 2)) && isHex(load<u8>(p + 3)) && isHex(load<u8>(p + 4)) && isHex(load<u8>(p + 5)))) return MALFORMED;
      p += 6;
    } else if (e == QUOTE || e == BACKSLASH || e == 0x2f || e == 0x62 || e == 0x66 || e == 0x6e || e == 0x72 || e == 0x74) {
      p += 2;
    } else {
      return MALFORMED;
    }
  }
}

/** The position after the literal or number at `p` (`c` is the byte there). */
function skipScalar(p: usize, c: u32): usize {
  // Little-endian words: "null", "true", and "alse" after the f.
  if (c == 0x6e) return load<u32>(p) == 0x6c6c756e ? p + 4 : MALFORMED;
  if (c == 0x74) return load<u32>(p) == 0x65757274 ? p + 4 : MALFORMED;
  if (c == 0x66) return load<u32>(p + 1) == 0x65736c61 ? p + 5 : MALFORMED;
  // -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?
  if (c == 0x2d) c = load<u8>(++p);
  if (c == 0x30) {
    c = load<u8>(++p);
  } else if (isDigit(c)) {
    do c = load<u8>(++p);
    while (isDigit(c));
  } else {
    return MALFORMED;
  }
  if (c == 0x2e) {
    c = load<u8>(++p);
    if (!isDigit(c)) return MALFORMED;
    do c = load<u8>(++p);
    while (isDigit(c));
  }
  if ((c | 0x20) == 0x65) {
    c = load<u8>(++p);
    if (c == 0x2b || c == 0x2d) c = load<u8>(++p);
    if (!isDigit(c)) return MALFORMED;
    do c = load<u8>(++p);
    while (isDigit(c));
  }
  return p;
}

/** The position after the key at `p` (its opening quote) and the colon after it. */
@inline function skipKey(p: usize): usize {
  if (load<u8>(p) != QUOTE) return MALFORMED;
  p = skipString(p + 1);
  if (p == MALFORMED) return MALFORMED;
  let c: u32 = load<u8>(p);
  while (isSpace(c)) c = load<u8>(++p);
  return c == COLON ? p + 1 : MALFORMED;
}

/**
 * Steps over the value at `offset` from `base()` (whitespace before it allowed); answers the offset
 * after it, or -1. One loop with the nesting as a bit stack (1 for an object, 0 for an array).
 */
export function skip(offset: i32): i32 {
  const origin = base();
  let p: usize = origin + <usize>offset;
  let stack: u32 = 1; // the sentinel bit under the innermost container
  let depth: u32 = 0;
  let c: u32 = load<u8>(p);
  while (true) {
    // A value starts at p (whitespace allowed).
    while (isSpace(c)) c = load<u8>(++p);
    if (c == QUOTE) {
      p = skipString(p + 1);
    } else if (c == OPEN_BRACE || c == OPEN_BRACKET) {
      const isObject = c == OPEN_BRACE;
      c = load<u8>(++p);
      while (isSpace(c)) c = load<u8>(++p);
      if (c == (isObject ? CLOSE_BRACE : CLOSE_BRACKET)) {
        p++;
      } else {
        if (++depth > MAX_DEPTH) return -1;
        stack = (stack << 1) | <u32>isObject;
        if (isObject) {
          p = skipKey(p);
          if (p == MALFORMED) return -1;
          c = load<u8>(p);
        }
        continue;
      }
    } else {
      p = skipScalar(p, c);
    }
    if (p == MALFORMED) return -1;
    // After a value: close containers, or go on to the next element or member.
    while (true) {
      if (depth == 0) return <i32>(p - origin);
      c = load<u8>(p);
      while (isSpace(c)) c = load<u8>(++p);
      const inObject = (stack & 1) == 1;
      if (c == COMMA) {
        c = load<u8>(++p);
        if (inObject) {
          while (isSpace(c)) c = load<u8>(++p);
          p = skipKey(p);
          if (p == MALFORMED) return -1;
          c = load<u8>(p);
        }
        break;
      }
      if (c != (inObject ? CLOSE_BRACE : CLOSE_BRACKET)) return -1;
      p++;
      stack >>= 1;
      depth--;
    }
  }
}

// ---- Reading an ImageCache's identity: what the scan's `cache()` reads, for the common case only.
// It answers -1 ("not sure") for anything unusual: an escaped key, kind or apiVersion, a value of
// the wrong type, a missing field, a malformed value. The JavaScript scan then reads that item
// itself and decides (accepts, or refuses the body). So this walk only has to be right when it
// accepts: then the JavaScript walk would accept the same item with the same fields.

/** Where `cache` reports the item: its end, then the name's and the resourceVersion's string tokens. */
const OUT = memory.data(32);
const OUT_END = 0;
const OUT_NAME_FROM = 4;
const OUT_NAME_TO = 8;
const OUT_NAME_FLAGS = 12;
const OUT_RV_FROM = 16;
const OUT_RV_TO = 20;
const OUT_RV_FLAGS = 24;
/** Token flags: the string has a backslash (JavaScript decodes it with JSON.parse), or a byte over 0x7f. */
const ESCAPED: i32 = 1;
const NON_ASCII: i32 = 2;
const NONE: i32 = -1;

// The keys and values compared, as bytes.
const KEY_METADATA = memory.data<u8>([0x6d, 0x65, 0x74, 0x61, 0x64, 0x61, 0x74, 0x61]);
const KEY_SPEC = memory.data<u8>([0x73, 0x70, 0x65, 0x63]);
const KEY_STATUS = memory.data<u8>([0x73, 0x74, 0x61, 0x74, 0x75, 0x73]);
const KEY_KIND = memory.data<u8>([0x6b, 0x69, 0x6e, 0x64]);
const KEY_API_VERSION = memory.data<u8>([0x61, 0x70, 0x69, 0x56, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e]);
const KEY_NAME = memory.data<u8>([0x6e, 0x61, 0x6d, 0x65]);
const KEY_RESOURCE_VERSION = memory.data<u8>([0x72, 0x65, 0x73, 0x6f, 0x75, 0x72, 0x63, 0x65, 0x56, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e]);
// "ImageCache" and "eci.alibabacloud.com/v1"
const KIND = memory.data<u8>([0x49, 0x6d, 0x61, 0x67, 0x65, 0x43, 0x61, 0x63, 0x68, 0x65]);
const API_VERSION = memory.data<u8>([
  0x65, 0x63, 0x69, 0x2e, 0x61, 0x6c, 0x69, 0x62, 0x61, 0x62, 0x61, 0x63, 0x6c, 0x6f, 0x75, 0x64, 0x2e, 0x63, 0x6f, 0x6d, 0x2f, 0x76, 0x31,
]);

/** Where the cache report is, for the caller to read. */
export function out(): usize {
  return OUT;
}

/** Whether the string body [from, to) is the `length` bytes at `literal`. */
@inline function bytesAre(from: usize, to: usize, literal: usize, length: usize): bool {
  return to - from == length && memory.compare(from, literal, length) == 0;
}

/** Whether the string body [from, to) has a backslash (it may, as its end was found by skipString). */
function hasBackslash(from: usize, to: usize): bool {
  for (let p = from; p < to; p++) if (load<u8>(p) == BACKSLASH) return true;
  return false;
}

/** The token flags of the string body [from, to). */
function flagsOf(from: usize, to: usize): i32 {
  let flags: i32 = 0;
  for (let p = from; p < to; p++) {
    const c: u32 = load<u8>(p);
    if (c == BACKSLASH) flags |= ESCAPED;
    else if (c >= 0x80) flags |= NON_ASCII;
  }
  return flags;
}

/** Skips whitespace from `p`. */
@inline function spaceEnd(p: usize): usize {
  while (isSpace(load<u8>(p))) p++;
  return p;
}

/** Whether the value at `p` (after whitespace) is a string equal to `length` bytes at `literal`, with no escape. Sets `valueEnd`. */
let valueEnd: usize = 0;
function stringValueIs(p: usize, literal: usize, length: usize): bool {
  if (load<u8>(p) != QUOTE) return false;
  valueEnd = skipString(p + 1);
  return valueEnd != MALFORMED && bytesAre(p + 1, valueEnd - 1, literal, length) && !hasBackslash(p + 1, valueEnd - 1);
}

/** The offset after the value at absolute `p`, or MALFORMED. */
@inline function skipAt(p: usize, origin: usize): usize {
  const end = skip(<i32>(p - origin));
  return end < 0 ? MALFORMED : origin + <usize>end;
}

/**
 * Reads `metadata` at `p` (an object: its caller checked the brace): the name and resourceVersion
 * tokens into OUT (the last of repeated keys wins; a non-string value is none). The position after
 * it, or MALFORMED for anything else (an escaped key included).
 */
function readMetadata(p: usize, origin: usize): usize {
  store<i32>(OUT + OUT_NAME_FROM, NONE);
  store<i32>(OUT + OUT_RV_FROM, NONE);
  p = spaceEnd(p + 1);
  if (load<u8>(p) == CLOSE_BRACE) return p + 1;
  while (true) {
    if (load<u8>(p) != QUOTE) return MALFORMED;
    const keyEnd = skipString(p + 1);
    if (keyEnd == MALFORMED || hasBackslash(p + 1, keyEnd - 1)) return MALFORMED;
    let field: usize = 0;
    if (bytesAre(p + 1, keyEnd - 1, KEY_NAME, 4)) field = OUT + OUT_NAME_FROM;
    else if (bytesAre(p + 1, keyEnd - 1, KEY_RESOURCE_VERSION, 15)) field = OUT + OUT_RV_FROM;
    p = spaceEnd(keyEnd);
    if (load<u8>(p) != COLON) return MALFORMED;
    p = spaceEnd(p + 1);
    if (field != 0 && load<u8>(p) == QUOTE) {
      const end = skipString(p + 1);
      if (end == MALFORMED) return MALFORMED;
      store<i32>(field, <i32>(p + 1 - origin));
      store<i32>(field + 4, <i32>(end - 1 - origin));
      store<i32>(field + 8, flagsOf(p + 1, end - 1));
      p = end;
    } else {
      if (field != 0) store<i32>(field, NONE);
      p = skipAt(p, origin);
      if (p == MALFORMED) return MALFORMED;
    }
    p = spaceEnd(p);
    const c: u32 = load<u8>(p);
    if (c == CLOSE_BRACE) return p + 1;
    if (c != COMMA) return MALFORMED;
    p = spaceEnd(p + 1);
  }
}

/**
 * Reads the ImageCache at `offset` (whitespace before it allowed): kind and apiVersion as expected,
 * `metadata` an object with a non-empty string name, `spec` an object, `status` an object or null.
 * Answers 1 with OUT filled in, or -1 when not sure (the JavaScript scan reads the item then).
 */
export function cache(offset: i32): i32 {
  const origin = base();
  let p = spaceEnd(origin + <usize>offset);
  if (load<u8>(p) != OPEN_BRACE) return -1;
  let kindOk = false;
  let apiVersionOk = false;
  let metadataSeen = false;
  let specOk = true;
  let statusOk = true;
  store<i32>(OUT + OUT_NAME_FROM, NONE);
  store<i32>(OUT + OUT_RV_FROM, NONE);
  p = spaceEnd(p + 1);
  if (load<u8>(p) == CLOSE_BRACE) return -1; // no name
  while (true) {
    if (load<u8>(p) != QUOTE) return -1;
    const keyEnd = skipString(p + 1);
    if (keyEnd == MALFORMED || hasBackslash(p + 1, keyEnd - 1)) return -1;
    const from = p + 1;
    const to = keyEnd - 1;
    p = spaceEnd(keyEnd);
    if (load<u8>(p) != COLON) return -1;
    p = spaceEnd(p + 1);
    const c: u32 = load<u8>(p);
    if (bytesAre(from, to, KEY_METADATA, 8)) {
      if (c != OPEN_BRACE) return -1; // not an object: no name, and the JavaScript scan refuses
      p = readMetadata(p, origin);
      metadataSeen = true;
    } else if (bytesAre(from, to, KEY_KIND, 4)) {
      kindOk = stringValueIs(p, KIND, 10);
      p = kindOk ? valueEnd : skipAt(p, origin);
    } else if (bytesAre(from, to, KEY_API_VERSION, 10)) {
      apiVersionOk = stringValueIs(p, API_VERSION, 23);
      p = apiVersionOk ? valueEnd : skipAt(p, origin);
    } else {
      if (bytesAre(from, to, KEY_SPEC, 4)) specOk = c == OPEN_BRACE;
      else if (bytesAre(from, to, KEY_STATUS, 6)) statusOk = c == OPEN_BRACE || c == 0x6e;
      p = skipAt(p, origin);
    }
    if (p == MALFORMED) return -1;
    p = spaceEnd(p);
    const next: u32 = load<u8>(p);
    if (next == CLOSE_BRACE) break;
    if (next != COMMA) return -1;
    p = spaceEnd(p + 1);
  }
  const nameFrom = load<i32>(OUT + OUT_NAME_FROM);
  if (!kindOk || !apiVersionOk || !metadataSeen || !specOk || !statusOk) return -1;
  if (nameFrom == NONE || load<i32>(OUT + OUT_NAME_TO) == nameFrom) return -1; // no name, or an empty one
  store<i32>(OUT + OUT_END, <i32>(p + 1 - origin));
  return 1;
}
