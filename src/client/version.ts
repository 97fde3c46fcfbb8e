/**
 * The SDK's version, sent in the `User-Agent`. Kept as a literal rather than read from
 * package.json at runtime so both the ESM and CJS builds stay self-contained; a unit test fails
 * when it drifts from package.json.
 */
export const SDK_VERSION = '0.2.0';
