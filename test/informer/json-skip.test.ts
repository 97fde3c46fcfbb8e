// The two walks that step over a JSON value, JavaScript (json-skip.ts) and WebAssembly
// (wasm-skip.ts, from wasm/skip-value.ts), give the same answer for every input and every start
// position: the scan may use either, so its answers (scan.test.ts runs with both) cannot depend on
// which. Inputs are JSON near the edges of the grammar, long strings across the 16-byte blocks the
// WebAssembly reads, and random bytes.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MALFORMED, MAX_DEPTH, skipValue } from '../../src/client/lazy/json-skip.js';
import { scanImageCacheList } from '../../src/client/lazy/scan.js';
import { MAX_WASM_INPUT, wasmWalk } from '../../src/client/lazy/wasm-skip.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');

function jsSkip(bytes: Uint8Array, p: number): number {
  try {
    return skipValue(bytes, p);
  } catch (error) {
    if (error !== MALFORMED) throw error;
    return -1;
  }
}

function wasmSkip(bytes: Uint8Array): (p: number) => number {
  const walk = wasmWalk(bytes);
  if (walk === undefined) throw new Error('WebAssembly is not available in this test process');
  return (p) => walk.skip(p);
}

/** Fails unless both walks answer alike from every start position (the end included). */
function expectSameEverywhere(input: string | Uint8Array): void {
  const bytes = typeof input === 'string' ? Buffer.from(input) : input;
  const skip = wasmSkip(bytes);
  for (let p = 0; p <= bytes.length; p++) {
    const js = jsSkip(bytes, p);
    const wasm = skip(p);
    if (js !== wasm) expect({ input: Buffer.from(bytes).toString('latin1'), p, wasm }).toEqual({ input: Buffer.from(bytes).toString('latin1'), p, wasm: js });
  }
}

/** Bytes that matter to the grammar, and some that must be refused or accepted only inside strings. */
const GRAMMAR = ['"', '\\', '{', '}', '[', ']', ',', ':', ' ', '\n', '\t', 'u', '0', '7', 'a', 'F', 'e', 'E', '-', '+', '.', 'n', 't', 'f', 'l', 'r', 's'];
const ODD = ['\x00', '\x1f', '\x7f', 'é', '\u2028', '中', '\uFEFF'];
const byteArb = fc.oneof(
  fc.constantFrom(...GRAMMAR, ...ODD),
  fc.integer({ min: 0, max: 0x7f }).map((code) => String.fromCharCode(code)),
);

/** A JSON text with Go's escapes of <, > and & (what kube-apiserver writes), compact or indented. */
const jsonTextArb = fc.tuple(fc.jsonValue(), fc.boolean()).map(([value, pretty]) =>
  JSON.stringify(value, null, pretty ? 1 : undefined)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003E'),
);

const editArb = fc.tuple(fc.nat(), fc.constantFrom('insert', 'replace', 'delete'), byteArb);

function edited(text: string, edits: [number, string, string][]): string {
  let out = text;
  for (const [at, kind, char] of edits) {
    const i = out.length === 0 ? 0 : at % (out.length + 1);
    if (kind === 'insert') out = out.slice(0, i) + char + out.slice(i);
    else if (kind === 'replace') out = out.slice(0, i) + char + out.slice(i + 1);
    else out = out.slice(0, i) + out.slice(i + 1);
  }
  return out;
}

describe('stepping over a value: JavaScript and WebAssembly agree', () => {
  it('WebAssembly is available here, so the scan tests cover both walks', () => {
    expect(wasmSkip(Buffer.from('[1, "a"] x'))(0)).toBe(8);
    expect(jsSkip(Buffer.from('[1, "a"] x'), 0)).toBe(8);
  });

  it('on JSON texts, from every position', () => {
    fc.assert(fc.property(jsonTextArb, expectSameEverywhere), { numRuns: 300 });
  });

  it('on JSON texts with random edits near the grammar, from every position', () => {
    fc.assert(
      fc.property(jsonTextArb, fc.array(editArb, { minLength: 1, maxLength: 4 }), (text, edits) => expectSameEverywhere(edited(text, edits))),
      {
        numRuns: 1000,
      },
    );
  });

  it('on strings of every length across the 16-byte blocks, with an escape, a control character or a non-ASCII byte anywhere', () => {
    const specials = ['\\"', '\\\\', '\\n', '\\u00e9', '\\u12G4', '\\x', '\x01', '\x1f', 'é', '"'];
    for (let length = 0; length <= 40; length++) {
      for (const special of specials) {
        for (const at of [0, length >> 1, length]) {
          const body = 'a'.repeat(at) + special + 'b'.repeat(length - at);
          expectSameEverywhere(`"${body}"`);
          expectSameEverywhere(`{"${body}":"${body}"}`);
          expectSameEverywhere(`"${body}`); // unterminated: the zero padding must end the walk
        }
      }
    }
  });

  it('on every single-byte replacement, insertion and deletion in texts using every construct of the grammar', () => {
    const texts = ['{"a": [1, -2.5e+3, 0.7E-2, true, false, null, "x\\u00e9\\n\\"", []], "b": {}, "c" : { "d" : 0 } }', '[{"k":"v","n":-0},[],{}]'];
    for (const text of texts) {
      const bytes = Buffer.from(text);
      for (let i = 0; i < bytes.length; i++) {
        for (let byte = 0; byte < 256; byte++) {
          const replaced = Buffer.from(bytes);
          replaced[i] = byte;
          const inserted = Buffer.concat([bytes.subarray(0, i), Buffer.of(byte), bytes.subarray(i)]);
          for (const variant of [replaced, inserted]) expect([byte, i, wasmSkip(variant)(0)]).toEqual([byte, i, jsSkip(variant, 0)]);
        }
        const deleted = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)]);
        expect([i, wasmSkip(deleted)(0)]).toEqual([i, jsSkip(deleted, 0)]);
      }
    }
  });

  it('on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), expectSameEverywhere), { numRuns: 500 });
    fc.assert(
      fc.property(fc.array(byteArb, { maxLength: 60 }), (chars) => expectSameEverywhere(chars.join(''))),
      { numRuns: 1000 },
    );
  });

  it('on literals and numbers cut or misspelt at the end of the input', () => {
    for (const text of ['null', 'true', 'false', '-0.5e+10', '12E-3', '0', '-', '1.', '1e', '01']) {
      for (let cut = 0; cut <= text.length; cut++) expectSameEverywhere(text.slice(0, cut));
      expectSameEverywhere(`[${text}]`);
      expectSameEverywhere(`${text.slice(0, -1)}x`);
    }
  });

  it(`both refuse containers nested deeper than ${MAX_DEPTH}, and accept ${MAX_DEPTH}`, () => {
    for (const depth of [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, 64]) {
      const arrays = `${'['.repeat(depth)}1${']'.repeat(depth)}`;
      const objects = `${'{"k":'.repeat(depth)}1${'}'.repeat(depth)}`;
      for (const text of [arrays, objects]) {
        const bytes = Buffer.from(text);
        expect(wasmSkip(bytes)(0)).toBe(jsSkip(bytes, 0));
        expect(jsSkip(bytes, 0)).toBe(depth <= MAX_DEPTH ? bytes.length : -1);
      }
    }
  });
});

describe('the WebAssembly walk on its own memory', () => {
  it('never reads bytes a longer earlier input left behind', () => {
    // The first input leaves a closing quote where the second, shorter one ends unterminated.
    expect(wasmSkip(Buffer.from('"abcdefghijklmnopqrstuvwxyz"'))(0)).toBe(28);
    expect(wasmSkip(Buffer.from('"abcdefghijklm'))(0)).toBe(-1);
    expect(wasmSkip(Buffer.from('[1,2,3,4,5,6,7,8,9]'))(0)).toBe(19);
    expect(wasmSkip(Buffer.from('[1,2,3'))(0)).toBe(-1);
  });

  it('a skip made for earlier bytes refuses once others are loaded, instead of walking them', () => {
    const first = wasmSkip(Buffer.from('"first"'));
    expect(first(0)).toBe(7);
    wasmSkip(Buffer.from('["second", "input"]'));
    expect(first(0)).toBe(-1);
  });

  it('grows its memory for a large input and walks it whole', () => {
    const big = Buffer.from(JSON.stringify({ events: Array.from({ length: 30_000 }, (_, i) => ({ message: `pulled image ${i} \u00e9`, count: i })) }));
    expect(big.length).toBeGreaterThan(1 << 20);
    expect(wasmSkip(big)(0)).toBe(big.length);
  });

  it(`leaves inputs over ${MAX_WASM_INPUT} bytes to JavaScript, so its memory stays small`, () => {
    expect(wasmWalk(new Uint8Array(MAX_WASM_INPUT + 1))).toBeUndefined();
    expect(wasmWalk(new Uint8Array(16))).toBeDefined();
  });
});

describe("the WebAssembly reading of an ImageCache's identity", () => {
  const item = (extra: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) =>
    JSON.stringify({
      apiVersion: 'eci.alibabacloud.com/v1',
      kind: 'ImageCache',
      metadata: { name: 'web-cache', labels: { a: 'b' }, resourceVersion: '42', uid: 'u', ...metadata },
      spec: { images: ['nginx:1.25'] },
      status: { phase: 'Ready', events: [{ message: 'pulled \\"x\\"' }] },
      ...extra,
    });

  /** The walk's report for `text` at `at` as [end, name, resourceVersion], or false when not sure. */
  function reported(text: string, at = 0): false | [number, string, string | undefined] {
    const bytes = Buffer.from(text);
    const walk = wasmWalk(bytes);
    if (walk === undefined) throw new Error('WebAssembly is not available in this test process');
    if (!walk.cache(at)) return false;
    const [end, nameFrom, nameTo, , rvFrom, rvTo] = walk.report;
    return [end as number, bytes.toString('utf8', nameFrom, nameTo), (rvFrom as number) < 0 ? undefined : bytes.toString('utf8', rvFrom, rvTo)];
  }

  it('reads an ordinary cache (what a sync mostly sees), compact or indented, with its end', () => {
    const text = item();
    expect(reported(`${text},{}`)).toEqual([text.length, 'web-cache', '42']);
    const pretty = JSON.stringify(JSON.parse(text), null, 2);
    expect(reported(` ${pretty}`, 0)).toEqual([pretty.length + 1, 'web-cache', '42']);
    expect(reported(item({}, { resourceVersion: 7 }))).toEqual([item({}, { resourceVersion: 7 }).length, 'web-cache', undefined]);
    expect(reported(item({ status: null }))).not.toBe(false);
  });

  it('is not sure of anything unusual, and leaves it to the JavaScript scan', () => {
    const unusual = [
      item({ kind: 'Pod' }),
      item({ apiVersion: 'v1' }),
      item({ kind: 5 }),
      item({}, { name: '' }),
      item({}, { name: 5 }),
      item({ metadata: 'x' }),
      item({ spec: [] }),
      item({ status: 'Ready' }),
      item().replace('"kind"', '"\\u006bind"'),
      item().replace('"ImageCache"', '"Image\\u0043ache"'),
      item().replace('"uid"', '"u\\u0069d"'),
      JSON.stringify({ apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCache', spec: {} }),
      item().slice(0, -1),
      '[]',
      '{}',
    ];
    for (const text of unusual) expect([text, reported(text)]).toEqual([text, false]);
  });
});

describe('without WebAssembly', () => {
  it('node --jitless (no WebAssembly global) scans in JavaScript with the same answers', async () => {
    const page = JSON.stringify({
      kind: 'ImageCacheList',
      apiVersion: 'eci.alibabacloud.com/v1',
      metadata: { resourceVersion: '9', continue: 'next' },
      items: [
        {
          kind: 'ImageCache',
          apiVersion: 'eci.alibabacloud.com/v1',
          metadata: { name: 'c1', resourceVersion: '8' },
          spec: { images: ['nginx'] },
          status: { events: [{ message: 'a\\"b' }] },
        },
      ],
    });
    const script = [
      `import { scanImageCacheList } from ${JSON.stringify(join(root, 'src/client/lazy/scan.ts'))};`,
      `import { wasmWalk } from ${JSON.stringify(join(root, 'src/client/lazy/wasm-skip.ts'))};`,
      `const page = scanImageCacheList(Buffer.from(${JSON.stringify(page)}));`,
      'console.log(JSON.stringify({ webAssembly: typeof WebAssembly, wasm: wasmWalk(Buffer.from("1")) !== undefined, page: page && { ...page, items: page.items.map((i) => [i.name, i.resourceVersion, i.start, i.end]) } }));',
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--jitless', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: root });
    const here = scanImageCacheList(Buffer.from(page));
    expect(JSON.parse(stdout)).toEqual({
      webAssembly: 'undefined',
      wasm: false,
      page: here && { ...here, items: here.items.map((i) => [i.name, i.resourceVersion, i.start, i.end]) },
    });
  }, 30_000);
});
