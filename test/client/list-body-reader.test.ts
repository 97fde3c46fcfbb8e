/**
 * The incremental list-body reader behind `listAll`: whatever the chunking, it hands out exactly the
 * items `JSON.parse` finds in the body, in order, and the other top-level fields; and it refuses what
 * `JSON.parse` refuses, with the problem named.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ListBodyError, ListBodyReader, valueEnd } from '../../src/client/paging/list-body-reader.js';
import { propertyRuns } from '../support/property-runs.js';

interface ReadResult {
  readonly items: unknown[];
  readonly fields: Record<string, unknown>;
  readonly itemsArray: boolean;
}

/** Feeds `body` cut at `cuts` (sorted byte offsets), pulling items after every chunk, as listAll does. */
function readInChunks(body: Buffer, cuts: readonly number[]): ReadResult {
  const reader = new ListBodyReader();
  const items: unknown[] = [];
  const drain = (): void => {
    for (let item = reader.next(); item !== undefined; item = reader.next()) items.push(item);
  };
  let from = 0;
  for (const cut of [...cuts, body.length]) {
    reader.push(body.subarray(from, cut));
    drain();
    from = cut;
  }
  reader.close();
  drain();
  // Object.fromEntries defines each key as its own property, as JSON.parse does.
  return { items, fields: Object.fromEntries(reader.fields()), itemsArray: reader.hasItemsArray };
}

function problemOf(body: Buffer | string, cuts: readonly number[] = []): string {
  try {
    readInChunks(Buffer.isBuffer(body) ? body : Buffer.from(body), cuts);
  } catch (error) {
    if (error instanceof ListBodyError) return error.problem;
    throw error;
  }
  return 'accepted';
}

/** What the reader must agree with: JSON.parse's items and the other members. */
function expected(text: string): ReadResult {
  const parsed = JSON.parse(text) as Record<string, unknown>;
  const { items, ...fields } = parsed;
  return { items: items as unknown[], fields, itemsArray: true };
}

const cache = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: 'eci.alibabacloud.com/v1',
  kind: 'ImageCache',
  metadata: { name, resourceVersion: String(name.length) },
  spec: { images: [`${name}:1`] },
  ...extra,
});

/** Every way to cut `body` in two or three pieces, at `step`. */
function* cutsOf(length: number, step: number): Generator<number[]> {
  for (let a = 0; a <= length; a++) {
    yield [a];
    for (let b = a + step; b < length; b += step) yield [a, b];
  }
}

const jsonValue = fc.jsonValue({ maxDepth: 4 });
const cacheLike = fc.record({
  apiVersion: fc.constant('eci.alibabacloud.com/v1'),
  kind: fc.constant('ImageCache'),
  metadata: fc.record({ name: fc.string(), annotations: fc.dictionary(fc.string(), fc.string()) }),
  spec: jsonValue,
  status: fc.option(jsonValue),
});

describe('ListBodyReader', () => {
  it('gives the items and fields JSON.parse gives, however the body is cut (fast-check: items, other members, order, whitespace)', () => {
    const body = fc.record({
      items: fc.array(fc.oneof({ weight: 4, arbitrary: cacheLike }, { weight: 1, arbitrary: jsonValue }), { maxLength: 8 }),
      before: fc.dictionary(fc.string(), jsonValue, { maxKeys: 3 }),
      after: fc.dictionary(fc.string(), jsonValue, { maxKeys: 3 }),
      indent: fc.constantFrom(undefined, 1, '\t'),
    });
    fc.assert(
      fc.property(body, fc.array(fc.nat(), { maxLength: 12 }), ({ items, before, after, indent }, rawCuts) => {
        const { items: _dropBefore, ...restBefore } = before;
        const { items: _dropAfter, ...restAfter } = after;
        const text = JSON.stringify({ ...restBefore, items, ...restAfter }, null, indent);
        const bytes = Buffer.from(text);
        const cuts = [...new Set(rawCuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
        expect(readInChunks(bytes, cuts)).toEqual(expected(text));
      }),
      { numRuns: propertyRuns(400), seed: 15 },
    );
  });

  it('reads a body cut at every byte and every pair of bytes the same, through the fast path and its fallbacks', () => {
    // Items share their opening (the fast path's signature); one holds a nested object with the same
    // opening (a cut there does not parse and the scan takes over); strings hold braces, escaped
    // quotes and backslashes; a number and a string stand among the items.
    const nested = cache('b', { spec: { twin: [cache('x'), cache('y')] } });
    const text = JSON.stringify({
      metadata: { continue: 'c' },
      items: [cache('a"}],{'), nested, cache('c\\'), 12.5e-3, 'é}', cache('d')],
      kind: 'ImageCacheList',
    });
    const bytes = Buffer.from(`\ufeff${text}`);
    const want = expected(text);
    for (const cuts of cutsOf(bytes.length, 97)) expect(readInChunks(bytes, cuts)).toEqual(want);
  });

  it('decodes a multi-byte character cut between chunks whole', () => {
    const text = JSON.stringify({ items: [cache('ü-名前-😀'), cache('ß')], kind: 'ImageCacheList' });
    const bytes = Buffer.from(text);
    const want = expected(text);
    for (let cut = 0; cut <= bytes.length; cut++) expect(readInChunks(bytes, [cut])).toEqual(want);
    expect(readInChunks(bytes, [...Array(bytes.length).keys()])).toEqual(want);
  });

  it('keeps a __proto__ member as data, in the fields and in items', () => {
    const text = '{"__proto__":{"polluted":1},"items":[{"__proto__":{"polluted":2},"a":1}],"kind":"ImageCacheList"}';
    const read = readInChunks(Buffer.from(text), [5, 40]);
    expect(read).toEqual(expected(text));
    expect(Object.getPrototypeOf(read.fields)).toBe(Object.prototype);
    expect(Object.hasOwn(read.fields, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('hands out nothing until an item is complete, and each item as soon as its last byte is pushed', () => {
    const reader = new ListBodyReader();
    reader.push(Buffer.from('{"items":[{"a":1},{"b":'));
    expect(reader.next()).toEqual({ a: 1 });
    expect(reader.next()).toBeUndefined();
    reader.push(Buffer.from('"x'));
    expect(reader.next()).toBeUndefined();
    reader.push(Buffer.from('}"}'));
    expect(reader.next()).toEqual({ b: 'x}' });
    expect(reader.next()).toBeUndefined();
    reader.push(Buffer.from(',{"c":[1,'));
    expect(reader.next()).toBeUndefined();
    reader.push(Buffer.from('2]}]}'));
    expect(reader.next()).toEqual({ c: [1, 2] });
    reader.close();
    expect(reader.next()).toBeUndefined();
    expect(reader.hasItemsArray).toBe(true);
    expect([...reader.fields()]).toEqual([]);
  });

  it('reads a 16 MiB item pushed in 4 KiB chunks without rescanning it on every chunk', () => {
    // Rescanned from its start on every chunk, this would step over about 32 GB; the scan goes on
    // where it stopped, 16 MB in all.
    const big = 'x'.repeat(16 * 1024 * 1024);
    const bytes = Buffer.from(JSON.stringify({ items: [{ big }, { small: true }], kind: 'ImageCacheList' }));
    const reader = new ListBodyReader();
    const names: unknown[] = [];
    for (let from = 0; from < bytes.length; from += 4096) {
      reader.push(bytes.subarray(from, from + 4096));
      for (let item = reader.next(); item !== undefined; item = reader.next()) names.push(Object.keys(item as object)[0]);
    }
    reader.close();
    for (let item = reader.next(); item !== undefined; item = reader.next()) names.push(Object.keys(item as object)[0]);
    expect(names).toEqual(['big', 'small']);
  });

  it.each([
    ['an empty body', '', 'truncated'],
    ['a body cut inside an item', '{"items":[{"a":1},{"b":', 'truncated'],
    ['a body cut after the items', '{"items":[{"a":1}]', 'truncated'],
    ['a body cut inside a key', '{"items":[],"kin', 'truncated'],
    ['a body cut inside a number at the end', '{"items":[],"n":12', 'truncated'],
    ['a proxy page', '<html>502</html>', 'not-json'],
    ['a trailing comma among items', '{"items":[{"a":1},]}', 'not-json'],
    ['a bad escape in an item', '{"items":[{"a":"\\x"}]}', 'not-json'],
    ['a bad literal in an item', '{"items":[{"a":nul}]}', 'not-json'],
    ['a raw control character in an item', '{"items":[{"a":"\u0001"}]}', 'not-json'],
    ['a missing colon', '{"items" [1]}', 'not-json'],
    ['bytes after the body', '{"items":[]} x', 'not-json'],
    ['a bracket closing the body', '{"items":[]]', 'not-json'],
    ['a letter after a member', '{"items":[]x}', 'not-json'],
    ['two bodies', '{"items":[]}{"items":[]}', 'not-json'],
    ['a byte order mark not at the start', ' \ufeff{"items":[]}', 'not-json'],
    ['an array', '[{"a":1}]', 'not-a-list'],
    ['a string', '"items"', 'not-a-list'],
    ['two items members', '{"items":[],"items":[]}', 'not-a-list'],
  ])('refuses %s (%j) as %s, cut anywhere', (_what, body, problem) => {
    const bytes = Buffer.from(body);
    expect(() => JSON.parse(body.replace(/^\ufeff/, ''))).toSatisfy((parse: () => unknown) => {
      try {
        parse();
        return problem === 'not-a-list';
      } catch {
        return problem !== 'not-a-list';
      }
    });
    for (let cut = 0; cut <= bytes.length; cut++) expect(problemOf(bytes, [cut])).toBe(problem);
  });

  it('quotes the body near the fault, never more than a bounded excerpt', () => {
    const body = `{"items":[{"a":1},{"token":"${'s'.repeat(5000)}",]}`;
    try {
      readInChunks(Buffer.from(body), []);
      expect.unreachable('the body is not JSON');
    } catch (error) {
      expect(error).toBeInstanceOf(ListBodyError);
      const excerpt = (error as ListBodyError).excerpt;
      expect(excerpt.startsWith('{"token"')).toBe(true);
      expect(excerpt.length).toBeLessThanOrEqual(800);
    }
  });

  it('takes items a value of another type than an array as a member, not items', () => {
    const read = readInChunks(Buffer.from('{"items":{"a":[1]},"kind":"ImageCacheList"}'), [12]);
    expect(read).toEqual({ items: [], fields: { items: { a: [1] }, kind: 'ImageCacheList' }, itemsArray: false });
  });
});

describe('valueEnd', () => {
  it.each([
    ['{"a":"}"}x', 9],
    ['"a\\"b" ', 6],
    ['[1,[2,{"c":"]"}]]', 17],
    ['-12.5e3,', 7],
    ['true]', 4],
  ])('finds where %j ends', (text, end) => {
    expect(valueEnd(Buffer.from(text), 0, false)).toBe(end);
  });

  it.each(['{"a":"}"', '"a\\', '[1,[2]', '-12'])('answers -1 for %j, which more bytes could continue', (text) => {
    expect(valueEnd(Buffer.from(text), 0, false)).toBe(-1);
  });

  it('ends a number at the end of the bytes once they are final', () => {
    expect(valueEnd(Buffer.from('-12'), 0, true)).toBe(3);
  });
});
