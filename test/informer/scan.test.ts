// The scanner against JSON.parse: whenever it answers, JSON.parse accepts the text and agrees on
// every item's text and indexed fields; it answers for every well-formed page it is given, and
// refuses (never throws) everything JSON.parse or the client's ImageCache check would refuse.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanImageCacheList, scanWatchEvent, type ScannedCache } from '../../src/client/lazy/scan.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What the scanner must find in one parsed item, or undefined when it is not an ImageCache (boundary.ts's rules). */
function expectedCache(item: unknown): Omit<ScannedCache, 'text'> | undefined {
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

/** Fails the test when `scanned` is not what JSON.parse says `parsed` holds. */
function expectSameCache(scanned: ScannedCache, parsed: unknown): void {
  const { text, ...fields } = scanned;
  expect(JSON.stringify(JSON.parse(text))).toBe(JSON.stringify(parsed));
  expect(fields).toEqual(expectedCache(parsed));
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The soundness contract for a list page; returns whether the scanner answered. */
function checkList(text: string): boolean {
  const scanned = scanImageCacheList(text);
  if (scanned === undefined) return false;
  const parsed = parseOrUndefined(text);
  expect(isRecord(parsed)).toBe(true);
  const page = parsed as Record<string, unknown>;
  expect(page['kind']).toBe('ImageCacheList');
  const items = page['items'] as unknown[];
  expect(Array.isArray(items)).toBe(true);
  expect(scanned.items.length).toBe(items.length);
  for (const [i, item] of scanned.items.entries()) expectSameCache(item, items[i]);
  const metadata = isRecord(page['metadata']) ? page['metadata'] : {};
  const string = (value: unknown) => (typeof value === 'string' ? value : undefined);
  expect(scanned.resourceVersion).toBe(string(metadata['resourceVersion']));
  expect(scanned.continue).toBe(string(metadata['continue']));
  return true;
}

/** The soundness contract for a watch event line; returns whether the scanner answered. */
function checkEvent(line: string): boolean {
  const scanned = scanWatchEvent(line);
  if (scanned === undefined) return false;
  const parsed = parseOrUndefined(line) as Record<string, unknown>;
  expect(isRecord(parsed)).toBe(true);
  expect(['ADDED', 'MODIFIED', 'DELETED']).toContain(parsed['type']);
  expect(scanned.type).toBe(parsed['type']);
  expectSameCache(scanned.object, parsed['object']);
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
        const full = pageText(page);
        for (let end = 0; end < full.length; end++) checkList(full.slice(0, end));
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
        for (let end = 0; end < full.length; end++) checkEvent(full.slice(0, end));
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

describe('scanImageCacheList, rule by rule', () => {
  it('finds every field of a page and its items', () => {
    const page = scanImageCacheList(list(`${ITEM},${ITEM.replace('"web"', '"db"')}`));
    expect(page?.resourceVersion).toBe('10');
    expect(page?.continue).toBe('next');
    expect(page?.items.map(({ name, resourceVersion, imageCacheId, images }) => ({ name, resourceVersion, imageCacheId, images }))).toEqual([
      { name: 'web', resourceVersion: '7', imageCacheId: 'imc-1', images: ['nginx'] },
      { name: 'db', resourceVersion: '7', imageCacheId: 'imc-1', images: ['nginx'] },
    ]);
    expect(page?.items[0]?.text).toBe(ITEM);
  });

  it('accepts whitespace between tokens (a pretty-printed page) and an empty list without metadata', () => {
    const pretty = JSON.stringify(JSON.parse(list(ITEM)), null, 2);
    expect(scanImageCacheList(pretty)?.items[0]?.name).toBe('web');
    const empty = scanImageCacheList('{"kind":"ImageCacheList","items":[]}');
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
    ['a raw control character in a string', withItem('"nginx"', '"ng\u0001inx"')],
    ['a raw newline in a string', withItem('"nginx"', '"ng\ninx"')],
    ['a raw tab in a skipped string', withItem('"7"}', '"7","note":"a\tb"}')],
    ['trailing garbage', `${list(ITEM)}x`],
    ['a second value', `${list(ITEM)} {}`],
    ['a missing comma', withItem('"name":"web",', '"name":"web"')],
    ['a missing colon', withItem('"name":"web"', '"name""web"')],
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
    expect(scanImageCacheList(text)).toBeUndefined();
  });

  it('the same page without the fault is accepted (the refusals above are not vacuous)', () => {
    expect(scanImageCacheList(list(ITEM))?.items).toHaveLength(1);
    expect(scanImageCacheList(withItem('"imc-1"}', `"imc-1","deep":${'['.repeat(20)}${']'.repeat(20)}}`))?.items).toHaveLength(1);
    expect(scanImageCacheList(withItem('{"imageCacheId":"imc-1"}', 'null'))?.items[0]?.imageCacheId).toBeUndefined();
    expect(scanImageCacheList(withItem(',"spec":{"images":["nginx"]}', ''))?.items[0]?.images).toEqual([]);
  });

  it('an empty or non-string imageCacheId is no id', () => {
    expect(scanImageCacheList(withItem('"imc-1"', '""'))?.items[0]?.imageCacheId).toBeUndefined();
    expect(scanImageCacheList(withItem('"imc-1"', '17'))?.items[0]?.imageCacheId).toBeUndefined();
    expect(scanImageCacheList(withItem('{"imageCacheId":"imc-1"}', '{}'))?.items[0]?.imageCacheId).toBeUndefined();
  });

  it('keeps only the string images, in order; a non-array images is no images', () => {
    expect(scanImageCacheList(withItem('["nginx"]', '["a",1,null,{"b":"c"},["d"],"e"]'))?.items[0]?.images).toEqual(['a', 'e']);
    expect(scanImageCacheList(withItem('["nginx"]', '"nginx"'))?.items[0]?.images).toEqual([]);
  });

  it('a non-string resourceVersion or continue is none', () => {
    expect(scanImageCacheList(withItem('"7"', '7'))?.items[0]?.resourceVersion).toBeUndefined();
    const page = scanImageCacheList(list(ITEM, '{"resourceVersion":10,"continue":null}'));
    expect(page && [page.resourceVersion, page.continue]).toEqual([undefined, undefined]);
    expect(scanImageCacheList(list(ITEM, '"x"'))?.resourceVersion).toBeUndefined();
  });

  it('decodes escapes in the fields it extracts and in the keys it looks for', () => {
    const page = scanImageCacheList(list(ITEM.replace('"name":"web"', '"n\\u0061me":"w\\u00e9b\\n"').replace('"nginx"', '"a\\/b\\u003c"')));
    expect(page?.items[0]?.name).toBe('wéb\n');
    expect(page?.items[0]?.images).toEqual(['a/b<']);
  });

  it('takes the last of duplicate keys, as JSON.parse does', () => {
    const item = ITEM.replace('"name":"web"', '"name":"first","name":"web"')
      .replace('"spec":{', '"spec":null,"spec":{')
      .replace('"kind":"ImageCache"', '"kind":"Pod","kind":"ImageCache"');
    expect(scanImageCacheList(list(item))?.items[0]?.name).toBe('web');
    const later = ITEM.replace('"resourceVersion":"7"}', '"resourceVersion":"7"},"metadata":{"name":"db"}');
    expect(scanImageCacheList(list(later))?.items[0]).toMatchObject({ name: 'db', resourceVersion: undefined });
    expect(scanImageCacheList(list(ITEM.replace('"kind":"ImageCache"', '"kind":"ImageCache","kind":"Pod"')))).toBeUndefined();
  });
});

describe('scanWatchEvent, rule by rule', () => {
  it('finds the type and the object, with a trailing newline', () => {
    const event = scanWatchEvent(`{"type":"MODIFIED","object":${ITEM}}\n`);
    expect(event?.type).toBe('MODIFIED');
    expect(event?.object).toMatchObject({ text: ITEM, name: 'web', resourceVersion: '7', imageCacheId: 'imc-1', images: ['nginx'] });
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
    expect(scanWatchEvent(line)).toBeUndefined();
  });
});
