/**
 * Loads the built package the way users get it: `eci-imagecache` resolves by package
 * self-reference to `dist/`, so benchmarks measure the shipped bundle, not the TypeScript sources.
 * The types still come from `src/`, so a benchmark breaks at typecheck when an API changes shape.
 * @packageDocumentation
 */

/** The root entry point's exports. */
export type Sdk = typeof import('../../src/index.js');
/** `eci-imagecache/matching`'s exports. */
export type MatchingSdk = typeof import('../../src/matching/index.js');
/** `eci-imagecache/planning`'s exports. */
export type PlanningSdk = typeof import('../../src/planning/index.js');
/** The emulator's exports, which `eci-imagecache/testing` re-exports. */
export type EmulatorSdk = typeof import('../../src/testing/emulator/index.js');
/** The REST client's exports, which the root entry point re-exports. */
export type ClientSdk = typeof import('../../src/client/index.js');

/**
 * Set to `1` to load the TypeScript sources through tsx instead of dist/: for working on a
 * benchmark before the API it measures is exported or built. Never for import cost.
 */
export const FROM_SOURCE_ENV = 'BENCH_FROM_SOURCE';

const fromSource = process.env[FROM_SOURCE_ENV] === '1';
// Held in variables so the compiler does not try to resolve the package's own name against dist/,
// which does not exist before the first build.
const ROOT = fromSource ? new URL('../../src/index.ts', import.meta.url).href : 'eci-imagecache';
const MATCHING = fromSource ? new URL('../../src/matching/index.ts', import.meta.url).href : 'eci-imagecache/matching';
const PLANNING = fromSource ? new URL('../../src/planning/index.ts', import.meta.url).href : 'eci-imagecache/planning';
const CLIENT = fromSource ? new URL('../../src/client/index.ts', import.meta.url).href : 'eci-imagecache';
const EMULATOR = fromSource ? new URL('../../src/testing/emulator/index.ts', import.meta.url).href : 'eci-imagecache/testing';

/**
 * Where the SDK is loaded from, for the notes of a report.
 *
 * @example
 * ```ts
 * notes.push(`SDK loaded from ${sdkOrigin()}`);
 * ```
 */
export function sdkOrigin(): string {
  return fromSource ? 'src/ through tsx (BENCH_FROM_SOURCE=1)' : 'dist/ (the built package)';
}

/**
 * Imports the built `eci-imagecache`.
 *
 * @example
 * ```ts
 * const { validateImageCache } = await loadSdk();
 * ```
 */
export async function loadSdk(): Promise<Sdk> {
  return (await import(ROOT)) as Sdk;
}

/**
 * Imports the built `eci-imagecache/matching`.
 *
 * @example
 * ```ts
 * const matching = await loadMatching();
 * ```
 */
export async function loadMatching(): Promise<MatchingSdk> {
  return (await import(MATCHING)) as MatchingSdk;
}

/**
 * Imports the built `eci-imagecache/planning`.
 *
 * @example
 * ```ts
 * const { planImageCaches } = await loadPlanning();
 * ```
 */
export async function loadPlanning(): Promise<PlanningSdk> {
  return (await import(PLANNING)) as PlanningSdk;
}

/**
 * The REST client from the built root entry point, or why it is not there: benchmarks that need
 * it report "skipped" with the reason rather than failing.
 *
 * @example
 * ```ts
 * const client = await loadClient();
 * if (typeof client === 'string') return skippedReport(id, title, client);
 * ```
 */
export async function loadClient(): Promise<ClientSdk | string> {
  const module = (await import(CLIENT)) as Partial<ClientSdk>;
  const missing = missingExports(module, ['ImageCacheClient']);
  if (missing.length > 0) return `the root entry point does not export ${missing.join(', ')} yet (src/index.ts needs export * from './client/index.js')`;
  return module as ClientSdk;
}

/**
 * The emulator from the built `eci-imagecache/testing`, or why it is not there.
 *
 * @example
 * ```ts
 * const testing = await loadEmulator();
 * if (typeof testing === 'string') return skippedReport(id, title, testing);
 * ```
 */
export async function loadEmulator(): Promise<EmulatorSdk | string> {
  const module = (await import(EMULATOR)) as Partial<EmulatorSdk>;
  const missing = missingExports(module, ['startImageCacheEmulator']);
  if (missing.length > 0)
    return `eci-imagecache/testing does not export ${missing.join(', ')} yet (src/testing/index.ts needs export * from './emulator/index.js')`;
  return module as EmulatorSdk;
}

/**
 * The names in `exports` that a module lacks: how a benchmark tells that the API it measures has
 * not landed yet, so it reports "skipped" instead of crashing.
 *
 * @example
 * ```ts
 * const missing = missingExports(await loadSdk(), ['ImageCacheClient']);
 * ```
 */
export function missingExports(module: object, names: readonly string[]): string[] {
  return names.filter((name) => !(name in module));
}
