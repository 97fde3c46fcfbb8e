/**
 * True when `value` is a plain key-value object: not null, not an array. Decoded JSON and YAML are
 * checked with it before their fields are read.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
