// The scanner against JSON.parse of the decoded bytes: it answers exactly when JSON.parse accepts the
// decoded body and the client's ImageCache check passes (nesting permitting), then agrees on every
// item's bytes and indexed fields, and never throws. Inputs are UTF-8 bytes, as a response delivers them.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type IndexFields,
  type ScannedCache,
  type ScanOptions,
  scanImageCacheList as scanListWith,
  scanIndexFields,
  scanWatchEvent as scanEventWith,
} from '../../src/client/lazy/scan.js';

/** How skipped values are stepped over: every test below runs once in each way, which must answer alike. */
let stepOver: NonNullable<ScanOptions['stepOver']> = 'auto';
const scanImageCacheList = (body: Uint8Array) => scanListWith(body, { stepOver });
const scanWatchEvent = (line: Uint8Array) => scanEventWith(line, { stepOver });

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a parsing informer does with the bytes: Node's UTF-8 decoder (invalid sequences become U+FFFD). */
const decode = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
const bytesOf = (input: string | Uint8Array): Uint8Array => (typeof input === 'string' ? Buffer.from(input) : input);

/** The scanner follows skipped containers this deep; deeper bodies may be refused although JSON.parse accepts them. */
const SCANNER_DEPTH = 30;

function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let deepest = 0;
  for (const member of Object.values(value)) deepest = Math.max(deepest, depthOf(member));
  return deepest + 1;
}

/**
 * The same bytes as a view into a larger buffer, between bytes that would change the answer if the
 * scanner read past either end: its positions must be relative to the view.
 */
function inView(body: Uint8Array): Uint8Array {
  const pad = Buffer.from('"]},1');
  const whole = new Uint8Array(pad.length + body.length + pad.length);
  whole.set(pad, 0);
  whole.set(body, pad.length);
  whole.set(pad, pad.length + body.length);
  return whole.subarray(pad.length, pad.length + body.length);
}

/** What the scanner must find in one parsed item, or undefined when it is not an ImageCache (boundary.ts's rules). */
function expectedCache(item: unknown): (Pick<ScannedCache, 'name' | 'resourceVersion'> & IndexFields) | undefined {
  if (!isRecord(item) || item['kind'] !== 'ImageCache' || item['apiVersion'] !== 'eci.alibabacloud.com/v1') return undefined;
  const { metadata, spec, status } = item;
  if (!isRecord(metadata) || typeof metadata['name'] !== 'string' || metadata['name'] === '') return undefined;
  if (spec !== undefined && !isRecord(spec)) return undefined;
  if (status !== undefined && status !== null && !isRecord(status)) return undefined;
  const rv = metadata['resourceVersion'];
  const id = isRecord(status) ? status['imageCacheId'] : undefined;
  const images = isRecord(spec) && Array.isArray(spec['images']) ? spec['images'].filter((image) => typeof image === 'string') : [];
  return {
    name: metadata['name'],
    resourceVersion: typeof rv === 'string' ? rv : undefined,
    imageCacheId: typeof id === 'string' && id !== '' ? id : undefined,
    images,
  };
}

/** Fails the test when `scanned` is not what JSON.parse says `parsed` holds, or its bytes are not a view into `body`. */
function expectSameCache(scanned: ScannedCache, parsed: unknown, body: Uint8Array): void {
  const { bytes, name, resourceVersion } = scanned;
  expect(scanned.source).toBe(body);
  expect(bytes.buffer).toBe(body.buffer);
  expect(bytes.byteOffset).toBeGreaterThanOrEqual(body.byteOffset);
  expect(bytes.byteOffset + bytes.byteLength).toBeLessThanOrEqual(body.byteOffset + body.byteLength);
  expect(JSON.stringify(JSON.parse(decode(bytes)))).toBe(JSON.stringify(parsed));
  expect({ name, resourceVersion, ...scanIndexFields(bytes) }).toEqual(expectedCache(parsed));
  expect(scanIndexFields(scanned.source, scanned.start)).toEqual(scanIndexFields(bytes));
}

/** A scanned item with its index fields, scanned from its bytes as the store does on its indexes' first query. */
function indexed(item: ScannedCache | undefined): (Pick<ScannedCache, 'name' | 'resourceVersion'> & IndexFields) | undefined {
  const fields = item && scanIndexFields(item.source, item.start);
  return item && fields && { name: item.name, resourceVersion: item.resourceVersion, ...fields };
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Whether a parsed body is a page the scanner must answer for (and the only kind it may answer for). */
function acceptableList(parsed: unknown): boolean {
  if (!isRecord(parsed) || parsed['kind'] !== 'ImageCacheList' || !Array.isArray(parsed['items'])) return false;
  return parsed['items'].every((item) => expectedCache(item) !== undefined);
}

/**
 * The soundness and completeness contract, through the body and through a view of it: both answer
 * alike, an answer comes whenever JSON.parse and `acceptable` say one must (nesting permitting), and
 * only then. The parsed body and each answer with the bytes it came from, or undefined for no answer.
 */
function scanBoth<T>(
  input: string | Uint8Array,
  scan: (bytes: Uint8Array) => T | undefined,
  acceptable: (parsed: unknown) => boolean,
): { parsed: unknown; answers: (readonly [T, Uint8Array])[] } | undefined {
  const body = bytesOf(input);
  const view = inView(body);
  const scanned = scan(body);
  const viewed = scan(view);
  const parsed = parseOrUndefined(decode(body));
  const ok = acceptable(parsed);
  if (ok && depthOf(parsed) <= SCANNER_DEPTH) expect(scanned).toBeDefined();
  expect(viewed === undefined).toBe(scanned === undefined);
  if (scanned === undefined || viewed === undefined) return undefined;
  expect(ok).toBe(true);
  return {
    parsed,
    answers: [
      [scanned, body],
      [viewed, view],
    ],
  };
}

/** The contract for a list page; returns whether the scanner answered. */
function checkList(input: string | Uint8Array): boolean {
  const both = scanBoth(input, scanImageCacheList, acceptableList);
  if (!both) return false;
  const page = both.parsed as Record<string, unknown>;
  const items = page['items'] as unknown[];
  for (const [answer, body] of both.answers) {
    expect(answer.items.length).toBe(items.length);
    for (const [i, item] of answer.items.entries()) expectSameCache(item, items[i], body);
    const metadata = isRecord(page['metadata']) ? page['metadata'] : {};
    const string = (value: unknown) => (typeof value === 'string' ? value : undefined);
    expect(answer.resourceVersion).toBe(string(metadata['resourceVersion']));
    expect(answer.continue).toBe(string(metadata['continue']));
  }
  return true;
}

/** Whether a parsed line is an event the scanner must answer for (and the only kind it may answer for). */
function acceptableEvent(parsed: unknown): boolean {
  return isRecord(parsed) && ['ADDED', 'MODIFIED', 'DELETED'].includes(parsed['type'] as string) && expectedCache(parsed['object']) !== undefined;
}

/** The same contract for a watch event line; returns whether the scanner answered. */
function checkEvent(input: string | Uint8Array): boolean {
  const both = scanBoth(input, scanWatchEvent, acceptableEvent);
  if (!both) return false;
  const event = both.parsed as Record<string, unknown>;
  for (const [answer, line] of both.answers) {
    expect(answer.type).toBe(event['type']);
    expectSameCache(answer.object, event['object'], line);
  }
  return true;
}

// ---- A JSON writer with the freedoms JSON allows: whitespace, escapes, duplicate keys. ----

interface Style {
  /** A number in [0, 1) per call. */
  next(): number;
  /** Whether to pad tokens with whitespace, escape characters, and add duplicate (overridden) keys. */
  readonly whitespace: boolean;
  readonly escapes: boolean;
  readonly duplicates: boolean;
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function space(style: Style): string {
  return style.whitespace && style.next() < 0.3 ? [' ', '\n', '\t', '\r\n  '][Math.floor(style.next() * 4)]! : '';
}

function writeString(value: string, style: Style): string {
  if (!style.escapes) return JSON.stringify(value);
  let out = '"';
  for (const ch of value) {
    const roll = style.next();
    const code = ch.charCodeAt(0);
    if (ch.length === 1 && roll < 0.15) out += `\\u${roll < 0.07 ? code.toString(16).padStart(4, '0').toUpperCase() : code.toString(16).padStart(4, '0')}`;
    else if (ch === '/' && roll < 0.5) out += '\\/';
    else out += JSON.stringify(ch).slice(1, -1);
  }
  return `${out}"`;
}

/** A value that only ever appears before the real one under the same key: JSON.parse keeps the last. */
const DECOYS: Json[] = [null, 1, 'x', [], {}, { name: 'decoy' }, ['a', 2], true];

function write(value: Json, style: Style): string {
  if (typeof value === 'string') return writeString(value, style);
  if (typeof value === 'number' && style.escapes && Number.isSafeInteger(value) && style.next() < 0.3) return `${value}e0`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${space(style)}${value.map((element) => write(element, style) + space(style)).join(`,${space(style)}`)}]`;
  const members: string[] = [];
  for (const [key, member] of Object.entries(value)) {
    if (style.duplicates && style.next() < 0.2) members.push(`${writeString(key, style)}:${write(DECOYS[Math.floor(style.next() * DECOYS.length)]!, style)}`);
    members.push(`${writeString(key, style)}${space(style)}:${space(style)}${write(member, style)}`);
  }
  return `{${space(style)}${members.join(`${space(style)},${space(style)}`)}${space(style)}}`;
}

// ---- Random ImageCache-like objects. ----

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('nginx:1.25', 'a<b>&c', 'ünïcødé', '😀 emoji', 'back\\slash "quoted"', 'line\nbreak\ttab', '/path/x', ''),
);
const json: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
    text,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(text, tie('value'), { maxKeys: 4 }),
  ),
})).value;
const extras = fc.dictionary(fc.constantFrom('labels', 'uid', 'extra', 'x-y', 'items', 'type', 'object', 'kind2'), json, { maxKeys: 3 });

const cacheArb: fc.Arbitrary<Record<string, Json>> = fc
  .record({
    name: fc.oneof(fc.constantFrom('web', 'cache-a'), fc.string({ unit: 'binary', minLength: 1, maxLength: 8 })),
    resourceVersion: fc.option(fc.oneof(fc.stringMatching(/^\d{1,6}$/), text, fc.integer(), fc.constant(null)), { nil: undefined }),
    metadataExtras: extras,
    spec: fc.option(
      fc.record({
        images: fc.option(fc.oneof(fc.array(fc.oneof(text, text, json), { maxLength: 5 }), json), { nil: undefined }),
        extras,
      }),
      { nil: undefined },
    ),
    status: fc.option(
      fc.oneof(fc.constant(null), fc.record({ imageCacheId: fc.option(fc.oneof(fc.constantFrom('imc-1', ''), text, json), { nil: undefined }), extras })),
      { nil: undefined },
    ),
    topExtras: extras,
    order: fc.func(fc.integer()),
  })
  .map(({ name, resourceVersion, metadataExtras, spec, status, topExtras, order }) => {
    const metadata: Record<string, Json> = { ...metadataExtras, name };
    if (resourceVersion !== undefined) metadata['resourceVersion'] = resourceVersion;
    const cache: Record<string, Json> = { ...topExtras, apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCache', metadata };
    delete cache['items'];
    if (spec !== undefined) cache['spec'] = spec.images === undefined ? { ...spec.extras } : { ...spec.extras, images: spec.images };
    if (status !== undefined)
      cache['status'] =
        status === null ? null : status.imageCacheId === undefined ? { ...status.extras } : { ...status.extras, imageCacheId: status.imageCacheId };
    // A random member order: the scanner must not depend on Go's sorted keys.
    return Object.fromEntries(Object.entries(cache).sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b)));
  });

interface StyleSeed {
  readonly seed: number;
  readonly whitespace: boolean;
  readonly escapes: boolean;
  readonly duplicates: boolean;
}
const styleArb: fc.Arbitrary<StyleSeed> = fc.record({ seed: fc.integer(), whitespace: fc.boolean(), escapes: fc.boolean(), duplicates: fc.boolean() });
// A fresh generator per text, so a replayed counterexample writes the same text.
const styleOf = ({ seed, ...flags }: StyleSeed): Style => ({ next: seeded(seed), ...flags });

/** The top-level object, without duplicate keys: a decoy `items` or `object` that is not ImageCaches makes the scanner refuse. */
function writeTop(members: Record<string, Json>, style: Style): string {
  const body = Object.entries(members).map(([key, value]) => `${writeString(key, style)}${space(style)}:${space(style)}${write(value, style)}`);
  return `${space(style)}{${space(style)}${body.join(`,${space(style)}`)}}${space(style)}`;
}

const pageArb = fc.record({
  items: fc.array(cacheArb, { maxLength: 4 }),
  metadata: fc.option(
    fc.record({ resourceVersion: fc.option(fc.oneof(text, json), { nil: undefined }), continue: fc.option(fc.oneof(text, json), { nil: undefined }) }),
    { nil: undefined },
  ),
  style: styleArb,
});

function pageText({
  items,
  metadata,
  style,
}: {
  items: Record<string, Json>[];
  metadata: Record<string, Json | undefined> | undefined;
  style: StyleSeed;
}): string {
  const page: Record<string, Json> = { apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCacheList', items };
  if (metadata !== undefined) page['metadata'] = JSON.parse(JSON.stringify(metadata)) as Json;
  return writeTop(page, styleOf(style));
}

// 'auto' is WebAssembly here (json-skip.test.ts checks it is available); 'javascript' is the fallback.
describe.each(['auto', 'javascript'] as const)('stepping over values: %s', (mode) => {
  beforeAll(() => {
    stepOver = mode;
  });

  describe('scanImageCacheList against JSON.parse', () => {
    it('answers for every well-formed page, and every answer agrees with JSON.parse', () => {
      fc.assert(
        fc.property(pageArb, (page) => {
          expect(checkList(pageText(page))).toBe(true);
        }),
        { numRuns: 400 },
      );
    });

    it('a page cut off anywhere is refused or still agrees with JSON.parse', () => {
      fc.assert(
        fc.property(pageArb, (page) => {
          const full = Buffer.from(pageText(page));
          for (let end = 0; end < full.length; end++) checkList(full.subarray(0, end));
        }),
        { numRuns: 40 },
      );
    });

    it('a page with one character replaced, inserted or deleted is refused or still agrees with JSON.parse', () => {
      const edit = fc.record({
        at: fc.nat(),
        kind: fc.constantFrom('replace', 'insert', 'delete'),
        ch: fc.constantFrom(...'{}[],:"\\ 0123456789.eE+-tfnrlu/\u0000\u001f\n\tx'.split('')),
      });
      fc.assert(
        fc.property(pageArb, fc.array(edit, { minLength: 1, maxLength: 3 }), (page, edits) => {
          let t = pageText(page);
          for (const { at, kind, ch } of edits) {
            const i = at % (t.length + 1);
            t = kind === 'insert' ? t.slice(0, i) + ch + t.slice(i) : kind === 'delete' ? t.slice(0, i) + t.slice(i + 1) : t.slice(0, i) + ch + t.slice(i + 1);
          }
          checkList(t);
        }),
        { numRuns: 2000 },
      );
    });
  });

  describe('scanImageCacheList on bytes that are not (all) valid UTF-8', () => {
    /** Bytes no ASCII character has: continuation bytes, lead bytes, overlong and surrogate forms, 0xF5-0xFF. */
    const nonAscii = fc.uint8Array({ min: 0x80, max: 0xff, minLength: 1, maxLength: 4 });
    /** Where to put them: before or after a quote (inside or outside a string), or anywhere; inserted, or over the bytes there. */
    const placement = fc.record({ at: fc.nat(), afterQuote: fc.boolean(), nearQuote: fc.boolean(), over: fc.boolean(), bytes: nonAscii });

    function insert(
      body: Buffer,
      { at, afterQuote, nearQuote, over, bytes }: { at: number; afterQuote: boolean; nearQuote: boolean; over: boolean; bytes: Uint8Array },
    ): Buffer {
      const quotes: number[] = [];
      for (let i = 0; i < body.length; i++) if (body[i] === 0x22) quotes.push(i);
      const i = nearQuote && quotes.length > 0 ? quotes[at % quotes.length]! + (afterQuote ? 1 : 0) : at % (body.length + 1);
      return Buffer.concat([body.subarray(0, i), bytes, body.subarray(over ? i + bytes.length : i)]);
    }

    it('random non-ASCII bytes inside and outside strings: the scan agrees with JSON.parse of the decoded text', () => {
      let answered = 0;
      let refused = 0;
      fc.assert(
        fc.property(pageArb, fc.array(placement, { minLength: 1, maxLength: 3 }), (page, placements) => {
          let body: Buffer = Buffer.from(pageText(page));
          for (const where of placements) body = insert(body, where);
          if (checkList(body)) answered++;
          else refused++;
        }),
        { numRuns: 1500 },
      );
      // Both sides of the contract were exercised: bytes inside strings keep a page valid, outside they do not.
      expect(answered).toBeGreaterThan(100);
      expect(refused).toBeGreaterThan(100);
    });

    it('a truncated multi-byte sequence right before a closing quote or an escape does not swallow it', () => {
      for (const tail of [[0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xc3], [0xed, 0xa0]]) {
        const item = Buffer.concat([
          Buffer.from(ITEM.slice(0, ITEM.indexOf('"web"') + 4)),
          Buffer.from(tail),
          Buffer.from(ITEM.slice(ITEM.indexOf('"web"') + 4)),
        ]);
        const page = Buffer.concat([Buffer.from(list('').slice(0, -2)), item, Buffer.from(']}')]);
        expect(checkList(page)).toBe(true);
        expect(scanImageCacheList(page)?.items[0]?.name).toBe(`web${decode(Buffer.from(tail))}`);
        const escaped = Buffer.from(decode(page).replace('"nginx"', '"ngi'));
        const withEscape = Buffer.concat([
          escaped.subarray(0, escaped.indexOf('"ngi') + 4),
          Buffer.from(tail),
          Buffer.from('\\n"'),
          escaped.subarray(escaped.indexOf('"ngi') + 4),
        ]);
        expect(checkList(withEscape)).toBe(true);
        expect(indexed(scanImageCacheList(withEscape)?.items[0])?.images).toEqual([`ngi${decode(Buffer.from(tail))}\n`]);
      }
    });
  });

  describe('scanWatchEvent against JSON.parse', () => {
    const eventArb = fc.record({
      type: fc.constantFrom('ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR', 'added'),
      object: cacheArb,
      style: styleArb,
    });
    const eventText = ({ type, object, style }: { type: string; object: Record<string, Json>; style: StyleSeed }) =>
      `${writeTop({ type, object }, styleOf(style))}\n`;

    it('answers exactly the ADDED, MODIFIED and DELETED events, in agreement with JSON.parse', () => {
      fc.assert(
        fc.property(eventArb, (event) => {
          expect(checkEvent(eventText(event))).toBe(['ADDED', 'MODIFIED', 'DELETED'].includes(event.type));
        }),
        { numRuns: 300 },
      );
    });

    it('an event cut off or edited is refused or still agrees with JSON.parse', () => {
      fc.assert(
        fc.property(eventArb, fc.nat(), fc.constantFrom(...'{}[],:"\\ 0.e-tn\u0001'.split('')), (event, at, ch) => {
          const full = eventText(event);
          const bytes = Buffer.from(full);
          for (let end = 0; end < bytes.length; end++) checkEvent(bytes.subarray(0, end));
          const i = at % full.length;
          checkEvent(full.slice(0, i) + ch + full.slice(i + 1));
        }),
        { numRuns: 60 },
      );
    });
  });

  // ---- Each rule, by hand. ----

  const ITEM =
    '{"apiVersion":"eci.alibabacloud.com/v1","kind":"ImageCache","metadata":{"name":"web","resourceVersion":"7"},"spec":{"images":["nginx"]},"status":{"imageCacheId":"imc-1"}}';
  const list = (items: string, metadata = '{"resourceVersion":"10","continue":"next"}') =>
    `{"apiVersion":"eci.alibabacloud.com/v1","kind":"ImageCacheList","metadata":${metadata},"items":[${items}]}`;
  const withItem = (replace: string, by: string) => list(ITEM.replace(replace, by));
  const scanList = (text: string) => scanImageCacheList(Buffer.from(text));
  const scanEvent = (line: string) => scanWatchEvent(Buffer.from(line));

  describe('scanImageCacheList, rule by rule', () => {
    it('finds every field of a page and its items', () => {
      const page = scanList(list(`${ITEM},${ITEM.replace('"web"', '"db"')}`));
      expect(page?.resourceVersion).toBe('10');
      expect(page?.continue).toBe('next');
      expect(
        page?.items
          .map(indexed)
          .map((item) => item && { name: item.name, resourceVersion: item.resourceVersion, imageCacheId: item.imageCacheId, images: item.images }),
      ).toEqual([
        { name: 'web', resourceVersion: '7', imageCacheId: 'imc-1', images: ['nginx'] },
        { name: 'db', resourceVersion: '7', imageCacheId: 'imc-1', images: ['nginx'] },
      ]);
      expect(page?.items[0] && decode(page.items[0].bytes)).toBe(ITEM);
    });

    it('accepts whitespace between tokens (a pretty-printed page) and an empty list without metadata', () => {
      const pretty = JSON.stringify(JSON.parse(list(ITEM)), null, 2);
      expect(scanList(pretty)?.items[0]?.name).toBe('web');
      const empty = scanList('{"kind":"ImageCacheList","items":[]}');
      expect(empty).toEqual({ items: [], resourceVersion: undefined, continue: undefined });
    });

    it.each([
      ['cut off', list(ITEM).slice(0, -1)],
      ['a bad literal', withItem('"imc-1"', 'tru')],
      ['a number with a leading zero', withItem('"imc-1"', '01')],
      ['a number ending in a dot', withItem('"imc-1"', '1.')],
      ['a number with an empty exponent', withItem('"imc-1"', '1e')],
      ['a number starting with a dot', withItem('"imc-1"', '.5')],
      ['a number with a plus sign', withItem('"imc-1"', '+1')],
      ['a lone minus', withItem('"imc-1"', '-')],
      ['an unknown escape', withItem('"nginx"', '"ngi\\x"')],
      ['a short unicode escape', withItem('"nginx"', '"\\u12G4"')],
      ['a bad unicode escape in a skipped string', withItem('"imc-1"}', '"imc-1","note":"a\\u00G9b"}')],
      ['a unicode escape cut short in a skipped key', withItem('"imc-1"}', '"imc-1","\\u00e":1}')],
      ['an unknown escape in a skipped string', withItem('"imc-1"}', '"imc-1","note":"\\a"}')],
      ['a raw control byte right before the closing quote', withItem('"7"}', '"7","note":"ab\u001f"}')],
      ['a bad literal in a skipped value', withItem('"imc-1"}', '"imc-1","ok":nul}')],
      ['a number with a leading zero in a skipped value', withItem('"imc-1"}', '"imc-1","n":-012}')],
      ['a raw control character in a string', withItem('"nginx"', '"ng\u0001inx"')],
      ['a raw newline in a string', withItem('"nginx"', '"ng\ninx"')],
      ['a raw tab in a skipped string', withItem('"7"}', '"7","note":"a\tb"}')],
      ['trailing garbage', `${list(ITEM)}x`],
      ['a second value', `${list(ITEM)} {}`],
      ['a missing comma', withItem('"name":"web",', '"name":"web"')],
      ['a missing colon', withItem('"name":"web"', '"name""web"')],
      ['another byte for the colon after a key the scan reads', withItem('"name":"web"', '"name";"web"')],
      ['another byte for the colon after a key the scan skips', withItem('"imc-1"}', '"imc-1","x";1}')],
      ['another byte for the colon after a list key', list(ITEM).replace('"kind":', '"kind"x')],
      ['a trailing comma in an object', withItem('"imc-1"}', '"imc-1",}')],
      ['a trailing comma in an array', withItem('["nginx"]', '["nginx",]')],
      ['a leading comma in an array', withItem('["nginx"]', '[,"nginx"]')],
      ['an unclosed skipped array', withItem('"imc-1"}', '"imc-1","x":[1}')],
      ['a mismatched bracket', withItem('["nginx"]', '["nginx"}')],
      ['a single-quoted string', withItem('"imc-1"', "'imc-1'")],
      ['another kind of item', withItem('"kind":"ImageCache"', '"kind":"Pod"')],
      ['an item without a kind', withItem('"kind":"ImageCache",', '')],
      ['another apiVersion', withItem('eci.alibabacloud.com/v1', 'eci.alibabacloud.com/v1beta1')],
      ['metadata that is not an object', withItem('{"name":"web","resourceVersion":"7"}', '"web"')],
      ['no metadata.name', withItem('"name":"web",', '')],
      ['an empty metadata.name', withItem('"name":"web"', '"name":""')],
      ['a metadata.name that is a number', withItem('"name":"web"', '"name":7')],
      ['a spec that is an array', withItem('{"images":["nginx"]}', '[]')],
      ['a spec that is null', withItem('{"images":["nginx"]}', 'null')],
      ['a status that is a string', withItem('{"imageCacheId":"imc-1"}', '"Ready"')],
      ['an item that is not an object', list('"web"')],
      ['a list of another kind', list(ITEM).replace('ImageCacheList', 'PodList')],
      ['a list without a kind', list(ITEM).replace('"kind":"ImageCacheList",', '')],
      ['items that are not an array', list(ITEM).replace(`[${ITEM}]`, '{}')],
      ['no items', `{"kind":"ImageCacheList","metadata":{}}`],
      ['not an object', '[]'],
      ['an empty text', ''],
      ['a byte order mark', `\ufeff${list(ITEM)}`],
      ['nesting deeper than the scanner follows', withItem('"imc-1"}', `"imc-1","deep":${'['.repeat(40)}${']'.repeat(40)}}`)],
    ])('refuses a page with %s', (_, text) => {
      expect(scanList(text)).toBeUndefined();
    });

    it('the same page without the fault is accepted (the refusals above are not vacuous)', () => {
      expect(scanList(list(ITEM))?.items).toHaveLength(1);
      expect(scanList(withItem('"imc-1"}', `"imc-1","deep":${'['.repeat(20)}${']'.repeat(20)}}`))?.items).toHaveLength(1);
      expect(indexed(scanList(withItem('{"imageCacheId":"imc-1"}', 'null'))?.items[0])?.imageCacheId).toBeUndefined();
      expect(indexed(scanList(withItem(',"spec":{"images":["nginx"]}', ''))?.items[0])?.images).toEqual([]);
    });

    it('an empty or non-string imageCacheId is no id', () => {
      expect(indexed(scanList(withItem('"imc-1"', '""'))?.items[0])?.imageCacheId).toBeUndefined();
      expect(indexed(scanList(withItem('"imc-1"', '17'))?.items[0])?.imageCacheId).toBeUndefined();
      expect(indexed(scanList(withItem('{"imageCacheId":"imc-1"}', '{}'))?.items[0])?.imageCacheId).toBeUndefined();
    });

    it('keeps only the string images, in order; a non-array images is no images', () => {
      expect(indexed(scanList(withItem('["nginx"]', '["a",1,null,{"b":"c"},["d"],"e"]'))?.items[0])?.images).toEqual(['a', 'e']);
      expect(indexed(scanList(withItem('["nginx"]', '"nginx"'))?.items[0])?.images).toEqual([]);
    });

    it('a non-string resourceVersion or continue is none', () => {
      expect(scanList(withItem('"7"', '7'))?.items[0]?.resourceVersion).toBeUndefined();
      const page = scanList(list(ITEM, '{"resourceVersion":10,"continue":null}'));
      expect(page && [page.resourceVersion, page.continue]).toEqual([undefined, undefined]);
      expect(scanList(list(ITEM, '"x"'))?.resourceVersion).toBeUndefined();
    });

    it('decodes escapes in the fields it extracts and in the keys it looks for', () => {
      const page = scanList(list(ITEM.replace('"name":"web"', '"n\\u0061me":"w\\u00e9b\\n"').replace('"nginx"', '"a\\/b\\u003c"')));
      expect(page?.items[0]?.name).toBe('wéb\n');
      expect(indexed(page?.items[0])?.images).toEqual(['a/b<']);
    });

    it('takes the last of duplicate keys, as JSON.parse does', () => {
      const item = ITEM.replace('"name":"web"', '"name":"first","name":"web"')
        .replace('"spec":{', '"spec":null,"spec":{')
        .replace('"kind":"ImageCache"', '"kind":"Pod","kind":"ImageCache"');
      expect(scanList(list(item))?.items[0]?.name).toBe('web');
      const later = ITEM.replace('"resourceVersion":"7"}', '"resourceVersion":"7"},"metadata":{"name":"db"}');
      expect(scanList(list(later))?.items[0]).toMatchObject({ name: 'db', resourceVersion: undefined });
      expect(scanList(list(ITEM.replace('"kind":"ImageCache"', '"kind":"ImageCache","kind":"Pod"')))).toBeUndefined();
    });
  });

  describe('scanImageCacheList, byte by byte', () => {
    const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

    it('refuses a UTF-8 byte order mark before the page, as JSON.parse of the decoded text does', () => {
      const body = Buffer.concat([BOM, Buffer.from(list(ITEM))]);
      expect(() => JSON.parse(decode(body))).toThrow();
      expect(scanImageCacheList(body)).toBeUndefined();
      expect(scanImageCacheList(body.subarray(BOM.length))?.items).toHaveLength(1);
    });

    it.each([
      ['a no-break space between tokens', '\u00a0'],
      ['a line separator between tokens', '\u2028'],
      ['an ideographic space between tokens', '\u3000'],
    ])('refuses %s (non-ASCII is whitespace to neither)', (_, space) => {
      const text = list(ITEM).replace('"items":', `"items":${space}`);
      expect(() => JSON.parse(text)).toThrow();
      expect(scanList(text)).toBeUndefined();
    });

    it('refuses a lone non-ASCII byte outside strings, and accepts it inside one', () => {
      const text = list(ITEM);
      const at = text.indexOf('"items":') + '"items":'.length;
      const outside = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xff]), Buffer.from(text.slice(at))]);
      expect(scanImageCacheList(outside)).toBeUndefined();
      const inName = text.indexOf('"web"') + 1;
      const inside = Buffer.concat([Buffer.from(text.slice(0, inName)), Buffer.from([0xff]), Buffer.from(text.slice(inName))]);
      expect(scanImageCacheList(inside)?.items[0]?.name).toBe('\ufffdweb');
    });

    it.each([
      ['a skipped member', '"imc-1"}', '"imc-1","n":#}'],
      ['a skipped array element', '"imc-1"}', '"imc-1","n":[1,#]}'],
      ['an image', '["nginx"]', '["nginx",#]'],
      ['the name', '"web"', '#'],
    ])('refuses one non-ASCII byte standing for a value (%s)', (_, replace, by) => {
      const [before, after] = withItem(replace, by).split('#') as [string, string];
      for (const byte of [0x80, 0xbf, 0xc3, 0xef, 0xff]) {
        const body = Buffer.concat([Buffer.from(before), Buffer.from([byte]), Buffer.from(after)]);
        expect(() => JSON.parse(decode(body))).toThrow();
        expect(scanImageCacheList(body)).toBeUndefined();
      }
      expect(scanList(`${before}"x"${after}`)).toBeDefined();
    });

    it('reads names and images with multi-byte characters (CJK, emoji, accents), raw or escaped', () => {
      const item = ITEM.replace('"web"', '"缓存-wéb-😀"').replace('["nginx"]', '["registry.例子.com/镜像:1.0","🐳:latest","\\u00e9\\ud83d\\ude00"]');
      const body = Buffer.from(list(item));
      expect(checkList(body)).toBe(true);
      const scanned = scanImageCacheList(body)?.items[0];
      expect(scanned?.name).toBe('缓存-wéb-😀');
      expect(indexed(scanned)?.images).toEqual(['registry.例子.com/镜像:1.0', '🐳:latest', 'é😀']);
      expect(scanned && decode(scanned.bytes)).toBe(item);
    });

    it('reads a name holding any single byte over 0x7f as the UTF-8 decoder does (U+FFFD for a lone one)', () => {
      const [prefix, suffix] = list(ITEM.replace('"web"', '"w@b"')).split('@');
      for (let byte = 0x80; byte <= 0xff; byte++) {
        const body = Buffer.concat([Buffer.from(prefix as string), Buffer.of(byte), Buffer.from(suffix as string)]);
        const expected = JSON.parse(decode(body)) as { items: { metadata: { name: string } }[] };
        expect([byte, scanImageCacheList(body)?.items[0]?.name]).toEqual([byte, expected.items[0]?.metadata.name]);
      }
    });

    it('reads a view into a larger buffer relative to the view, never past its ends', () => {
      const text = list(ITEM);
      const whole = Buffer.from(`${text}${text}`);
      const second = whole.subarray(text.length);
      const page = scanImageCacheList(second);
      expect(page?.items[0]?.bytes.byteOffset).toBe(second.byteOffset + text.indexOf(ITEM));
      expect(page?.items[0] && decode(page.items[0].bytes)).toBe(ITEM);
      // The first page cut short, with the rest of it right after the view in memory: still cut short.
      expect(scanImageCacheList(whole.subarray(0, text.length - 1))).toBeUndefined();
      // A page in a view that starts inside another page's string: only the view counts.
      const inside = Buffer.from(`{"x":"${text}"}`).subarray('{"x":"'.length, '{"x":"'.length + text.length);
      expect(scanImageCacheList(inside)?.items[0]?.name).toBe('web');
    });

    it("answers each item's bytes as a view of the input (no copy)", () => {
      const body = Buffer.from(list(`${ITEM},${ITEM.replace('"web"', '"db"')}`));
      const [first, second] = scanImageCacheList(body)?.items ?? [];
      expect(first?.bytes.buffer).toBe(body.buffer);
      expect(second?.bytes.buffer).toBe(body.buffer);
      const at = body.indexOf('"db"') + 1;
      body[at] = 0x78; // d -> x
      expect(second && decode(second.bytes)).toContain('"xb"');
      expect(first && decode(first.bytes)).toBe(ITEM);
    });

    it('accepts a Uint8Array that is not a Buffer', () => {
      const buffer = Buffer.from(list(ITEM));
      const plain = new Uint8Array(buffer.length + 8).subarray(4, 4 + buffer.length);
      plain.set(buffer);
      expect(checkList(plain)).toBe(true);
      expect(scanImageCacheList(plain)?.items[0]?.bytes.buffer).toBe(plain.buffer);
    });
  });

  describe('scanWatchEvent, rule by rule', () => {
    it('finds the type and the object, with a trailing newline', () => {
      const event = scanEvent(`{"type":"MODIFIED","object":${ITEM}}\n`);
      expect(event?.type).toBe('MODIFIED');
      expect(indexed(event?.object)).toMatchObject({ name: 'web', resourceVersion: '7', imageCacheId: 'imc-1', images: ['nginx'] });
      expect(event && decode(event.object.bytes)).toBe(ITEM);
    });

    it.each([
      ['a BOOKMARK', `{"type":"BOOKMARK","object":{"kind":"ImageCache","apiVersion":"eci.alibabacloud.com/v1","metadata":{"resourceVersion":"9"}}}`],
      ['an ERROR', `{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","code":410}}`],
      ['an object that is not an ImageCache', `{"type":"ADDED","object":${ITEM.replace('"ImageCache"', '"Pod"')}}`],
      ['no object', '{"type":"ADDED"}'],
      ['no type', `{"object":${ITEM}}`],
      ['a cut-off line', `{"type":"ADDED","object":${ITEM}`],
      ['trailing garbage', `{"type":"ADDED","object":${ITEM}},`],
    ])('refuses %s', (_, line) => {
      expect(scanEvent(line)).toBeUndefined();
    });
  });
});
