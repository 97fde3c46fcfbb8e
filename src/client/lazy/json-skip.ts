/**
 * Stepping over a JSON value in UTF-8 bytes, checking its grammar as `JSON.parse` would, without
 * building anything: the bulk of what the informer's scan does (every value but the few fields it
 * reads). The plain JavaScript walk, which `wasm-skip.ts` matches in WebAssembly where it can.
 * @packageDocumentation
 */

export const QUOTE = 0x22;
const BACKSLASH = 0x5c;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LETTER_U = 0x75;

/** Thrown inside the scan and caught at its entry points; created once, so throwing captures no stack. */
export const MALFORMED = new Error('not scannable');

/** Containers nest at most this deep in a skipped value (a bit per level); deeper bodies take the slow path. */
export const MAX_DEPTH = 30;

/**
 * 1 for the bytes that end a plain run inside a string: the quote, the backslash and the raw control
 * characters JSON forbids there. Every other byte, 0x80 and above included, is part of the string.
 */
export const STRING_STOP = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STRING_STOP[c] = 1;
STRING_STOP[QUOTE] = 1;
STRING_STOP[BACKSLASH] = 1;

/** {@link STRING_STOP} plus the non-ASCII bytes: a string the scan decodes is read noting whether it is all ASCII. */
export const TOKEN_STOP = STRING_STOP.map((stop, c) => (c >= 0x80 ? 1 : stop));

/** 1 for the bytes JSON allows after a backslash other than `u`; 2 for the hex digits of `\uXXXX`. */
const ESCAPE_CLASS = new Uint8Array(256);
for (const c of '"\\/bfnrt') ESCAPE_CLASS[c.charCodeAt(0)] = 1;
for (const c of '0123456789abcdefABCDEF') ESCAPE_CLASS[c.charCodeAt(0)] = ESCAPE_CLASS[c.charCodeAt(0)]! | 2;

export function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

// ---- Stepping over a value: the bulk of every page (status.events), so plain functions over the
// bytes, with the common path written out inline in one loop and the rare ones (escapes, whitespace
// before a colon, literals, numbers) in small functions of their own. Folding the rare paths into the
// loop through more helpers made V8 inline less of the hot path: measured 25% slower.

/**
 * Steps over the rest of the string whose body starts at `p`; returns the position after its closing
 * quote. Past the end `b[p]` is undefined and so is its table entry, so the run stops there too.
 */
function skipString(b: Uint8Array, p: number): number {
  for (;;) {
    let c = b[p]!;
    while (STRING_STOP[c] === 0) c = b[++p]!;
    if (c === QUOTE) return p + 1;
    p = escapeEnd(b, p, c);
  }
}

/** Checks the escape at `p` (`c`, the byte there, must be a backslash); returns the position after it. */
export function escapeEnd(b: Uint8Array, p: number, c: number): number {
  if (c !== BACKSLASH) throw MALFORMED; // a raw control character, or the end of the body
  const e = b[p + 1]!;
  if (e === LETTER_U) {
    // Past the end the lookups give undefined, and `&` turns that into 0.
    if ((ESCAPE_CLASS[b[p + 2]!]! & ESCAPE_CLASS[b[p + 3]!]! & ESCAPE_CLASS[b[p + 4]!]! & ESCAPE_CLASS[b[p + 5]!]! & 2) === 0) throw MALFORMED;
    return p + 6;
  }
  if ((ESCAPE_CLASS[e]! & 1) === 0) throw MALFORMED;
  return p + 2;
}

/** The position after the colon at or after `q`, past whitespace (compact JSON has none: the caller checks `q` first). */
function colonAfterSpace(b: Uint8Array, q: number): number {
  let c = b[q]!;
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++q]!;
  if (c !== COLON) throw MALFORMED;
  return q + 1;
}

/** Steps over the literal or number at `p` (`c` is the byte there); returns the position after it. */
function skipScalar(b: Uint8Array, p: number, c: number): number {
  if (c === 0x6e) {
    if (b[p + 1] !== 0x75 || b[p + 2] !== 0x6c || b[p + 3] !== 0x6c) throw MALFORMED;
    return p + 4;
  }
  if (c === 0x74) {
    if (b[p + 1] !== 0x72 || b[p + 2] !== 0x75 || b[p + 3] !== 0x65) throw MALFORMED;
    return p + 4;
  }
  if (c === 0x66) {
    if (b[p + 1] !== 0x61 || b[p + 2] !== 0x6c || b[p + 3] !== 0x73 || b[p + 4] !== 0x65) throw MALFORMED;
    return p + 5;
  }
  return skipNumber(b, p, c);
}

/** Steps over the number at `p` (`c` is the byte there): `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`. */
function skipNumber(b: Uint8Array, p: number, c: number): number {
  if (c === MINUS) c = b[++p]!;
  if (c === ZERO) c = b[++p]!;
  else if (c >= ZERO && c <= NINE) while ((c = b[++p]!) >= ZERO && c <= NINE);
  else throw MALFORMED;
  if (c === DOT) {
    c = b[++p]!;
    if (!(c >= ZERO && c <= NINE)) throw MALFORMED;
    while ((c = b[++p]!) >= ZERO && c <= NINE);
  }
  if (c === 0x65 || c === 0x45) {
    c = b[++p]!;
    if (c === PLUS || c === MINUS) c = b[++p]!;
    if (!(c >= ZERO && c <= NINE)) throw MALFORMED;
    while ((c = b[++p]!) >= ZERO && c <= NINE);
  }
  return p;
}

/**
 * Steps over the value at `p` (whitespace before it allowed), checking its grammar; returns the
 * position after it. One loop with the nesting as a bit stack (1 for an object, 0 for an array).
 */
export function skipValue(b: Uint8Array, p: number): number {
  let stack = 1; // the sentinel bit under the innermost container
  let depth = 0;
  let c = b[p]!;
  for (;;) {
    // A value starts at p (whitespace allowed).
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++p]!;
    if (c === QUOTE) {
      p = skipString(b, p + 1);
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const isObject = c === OPEN_BRACE;
      c = b[++p]!;
      while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++p]!;
      if (c === (isObject ? CLOSE_BRACE : CLOSE_BRACKET)) {
        p++;
      } else {
        if (++depth > MAX_DEPTH) throw MALFORMED;
        stack = stack * 2 + (isObject ? 1 : 0);
        if (isObject) {
          // The first key and its colon.
          if (c !== QUOTE) throw MALFORMED;
          p = skipString(b, p + 1);
          p = b[p] === COLON ? p + 1 : colonAfterSpace(b, p);
          c = b[p]!;
        }
        continue;
      }
    } else {
      p = skipScalar(b, p, c);
    }
    // After a value: close containers, or go on to the next element or member.
    for (;;) {
      if (depth === 0) return p;
      c = b[p]!;
      while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++p]!;
      const inObject = (stack & 1) === 1;
      if (c === COMMA) {
        c = b[++p]!;
        if (inObject) {
          while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++p]!;
          if (c !== QUOTE) throw MALFORMED;
          p = skipString(b, p + 1);
          p = b[p] === COLON ? p + 1 : colonAfterSpace(b, p);
          c = b[p]!;
        }
        break;
      }
      if (c !== (inObject ? CLOSE_BRACE : CLOSE_BRACKET)) throw MALFORMED;
      p++;
      stack = (stack - (stack & 1)) / 2;
      depth--;
    }
  }
}
