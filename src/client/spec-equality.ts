import type { ImageCacheSpec } from '../types/index.js';
import { isRecord } from '../is-record.js';

/**
 * Values a server may fill in for a field the caller left out: ECI defaults `imageCacheSize` to
 * 20 GiB, the self-managed CRD to 30 GiB. A desired spec without the field matches either.
 */
const SERVER_DEFAULTS: Readonly<Record<string, readonly unknown[]>> = { imageCacheSize: [20, 30] };

// Fields this SDK knows; a field outside them that only the server has is taken as a server default.
const KNOWN_FIELDS: ReadonlySet<string> = new Set(['images', 'imagePullSecrets', 'imageCacheSize', 'retentionDays']);

/** Deep equality that ignores key order. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
  }
  return false;
}

function sameSecrets(a: unknown, b: unknown): boolean {
  // The order of pull secrets means nothing to ECI; an empty list is the same as none.
  const left = Array.isArray(a) ? [...(a as unknown[])].map(String).sort() : [];
  const right = Array.isArray(b) ? [...(b as unknown[])].map(String).sort() : [];
  return deepEqual(left, right);
}

/**
 * The spec fields in which `existing` differs from `desired`, in a stable order; empty when they
 * mean the same cache. Images are compared as given (order and spelling), pull secrets as a set,
 * a field the caller left out matches the server's default, and a field only the server has (a
 * newer server's default) is ignored.
 *
 * @example
 * ```ts
 * specDifferences({ images: ['nginx'] }, { images: ['nginx'], imageCacheSize: 20 }); // []
 * specDifferences({ images: ['nginx'] }, { images: ['nginx:1.25'] }); // ['images']
 * ```
 */
export function specDifferences(desired: ImageCacheSpec, existing: ImageCacheSpec): string[] {
  const want = desired as unknown as Record<string, unknown>;
  const have = (isRecord(existing) ? existing : {}) as Record<string, unknown>;
  const differences: string[] = [];
  const keys = new Set([...Object.keys(want), ...Object.keys(have)]);
  for (const key of [...keys].sort()) {
    const wanted = want[key];
    const had = have[key];
    if (key === 'imagePullSecrets') {
      if (!sameSecrets(wanted, had)) differences.push(key);
      continue;
    }
    if (wanted === undefined) {
      const serverFilledIn = had === undefined || !KNOWN_FIELDS.has(key) || SERVER_DEFAULTS[key]?.includes(had) === true;
      if (!serverFilledIn) differences.push(key);
      continue;
    }
    if (!deepEqual(wanted, had)) differences.push(key);
  }
  return differences;
}
