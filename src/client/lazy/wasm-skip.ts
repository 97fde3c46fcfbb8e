/**
 * `skipValue` (json-skip.ts) in WebAssembly, compiled from wasm/skip-value.ts: the same answers,
 * about twice as fast, because a string's body is searched 16 bytes at a time. Stepping over
 * `status.events` is most of an informer sync's scan. Also the scan's reading of an ImageCache's
 * identity (kind, apiVersion, name, resourceVersion) in the common case, which leaves every
 * unusual item to the JavaScript scan.
 *
 * The module is compiled on first use, from bytes embedded in the package (no file is read, nothing
 * is fetched). Where WebAssembly is missing (`node --jitless`) or refuses the module, the scan steps
 * over values in JavaScript instead, with the same answers.
 * @packageDocumentation
 */
import { SKIP_VALUE_WASM } from './skip-value.wasm.js';

/** The WebAssembly walks over the bytes they were made for; a walk made for earlier bytes answers -1 and false. */
export interface WasmWalk {
  /** Steps over the JSON value at `p`: the position after it, or -1 where JSON.parse would refuse it (as `skipValue`). */
  skip(p: number): number;
  /**
   * Reads the ImageCache at `p` (its opening brace) in the common case: true with {@link report}
   * filled in; false when not sure (an escaped key, kind or apiVersion, a missing or mistyped
   * field, a malformed value), and then the caller reads the item itself and decides.
   */
  cache(p: number): boolean;
  /**
   * After `cache` answered true: the item's end, then the name's string body (from, to, flags) and
   * the resourceVersion's (from -1 when it has none). Flags: 1 has a backslash, 2 has a byte over 0x7f.
   */
  readonly report: Int32Array;
}

/**
 * Larger inputs are stepped over in JavaScript: a WebAssembly memory grows to hold the largest input
 * it was given and never shrinks, so one huge list page would stay resident for the process's life.
 * An informer's page of 500 caches is about 1.5 MB.
 */
export const MAX_WASM_INPUT = 8 * 1024 * 1024;

/** Zero bytes written after the input: the walk stops at a zero byte, and reads at most 16 bytes ahead. */
const PADDING = 32;
const WASM_PAGE = 64 * 1024;

/** The exports of wasm/skip-value.ts. */
interface SkipModule {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  base(): number;
  skip(offset: number): number;
  cache(offset: number): number;
  out(): number;
}

/** The part of the WebAssembly global this module uses (Node's typings do not declare it). */
interface WebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object) => { readonly exports: object };
}

/** The instance; null once it could not be made. */
let instance: SkipModule | null | undefined;
/** Views of the instance's memory (all of it, and the report), made again when growing replaces its buffer. */
let memoryBytes = new Uint8Array(0);
let report = new Int32Array(0);
/** Counts loads, so that a skip made for earlier bytes refuses to walk bytes loaded since. */
let loads = 0;

function instantiate(): SkipModule | null {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (api === undefined) return null;
  try {
    return new api.Instance(new api.Module(Buffer.from(SKIP_VALUE_WASM, 'base64'))).exports as SkipModule;
  } catch {
    // An engine without SIMD, or one that forbids compiling: JavaScript steps over values instead.
    return null;
  }
}

/**
 * Copies `bytes` into the module's memory and answers the walks over them; undefined when
 * WebAssembly is unavailable or `bytes` is larger than {@link MAX_WASM_INPUT} (the caller then
 * walks in JavaScript). A walk answers -1 and false once other bytes have been loaded, so a stale
 * walk can only refuse, never read the wrong bytes.
 *
 * @example
 * ```ts
 * const walk = wasmWalk(Buffer.from('{"a":[1,2]} '));
 * walk?.skip(0); // 11
 * ```
 */
export function wasmWalk(bytes: Uint8Array): WasmWalk | undefined {
  if (bytes.length > MAX_WASM_INPUT) return undefined;
  if (instance === undefined) instance = instantiate();
  const module = instance;
  if (module === null) return undefined;
  const base = module.base();
  const needed = base + bytes.length + PADDING;
  const { memory } = module;
  try {
    if (memory.buffer.byteLength < needed) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / WASM_PAGE));
  } catch {
    return undefined; // the memory cannot grow: JavaScript steps over this input
  }
  if (memoryBytes.buffer !== memory.buffer) {
    memoryBytes = new Uint8Array(memory.buffer);
    report = new Int32Array(memory.buffer, module.out(), 7);
  }
  memoryBytes.set(bytes, base);
  memoryBytes.fill(0, base + bytes.length, needed);
  return new LoadedWalk(module, ++loads, report);
}

// A class, not closures: a streaming list makes one walk per event, and the build names every
// closure it makes (keepNames), which cost more than the walk's own work.
class LoadedWalk implements WasmWalk {
  constructor(
    private readonly module: SkipModule,
    private readonly load: number,
    readonly report: Int32Array,
  ) {}

  skip(p: number): number {
    return this.load === loads ? this.module.skip(p) : -1;
  }

  cache(p: number): boolean {
    return this.load === loads && this.module.cache(p) === 1;
  }
}
