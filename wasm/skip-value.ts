// AssemblyScript, compiled to WebAssembly by `npm run generate` into src/client/lazy/skip-value.wasm.ts.
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
