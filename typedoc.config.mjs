// `npm run docs`: the API reference (HTML in docs/api/, git-ignored) for the package's entry points.
// Warnings are errors, so an exported declaration without TSDoc, a broken {@link} or a public type
// that references an unexported one fails the build (and CI).
import { existsSync } from 'node:fs';

// The planning entry point joins as soon as it exists.
const entryPoints = ['src/index.ts', 'src/matching/index.ts', 'src/testing/index.ts', 'src/planning/index.ts'].filter((file) => existsSync(file));

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  entryPoints,
  tsconfig: 'tsconfig.json',
  out: 'docs/api',
  name: 'eci-imagecache',
  readme: 'none',
  // No links to a hosted repository: the clone CI builds from may have no usable remote.
  disableSources: true,
  excludePrivate: true,
  excludeInternal: true,
  treatWarningsAsErrors: true,
  validation: { notExported: true, invalidLink: true, invalidPath: true, rewrittenLink: true, notDocumented: true, unusedMergeModuleWith: true },
  // Every exported declaration needs TSDoc, down to each property of an option or result type and
  // each constructor; the generated types take theirs from the schema's descriptions.
  requiredToBeDocumented: ['Enum', 'EnumMember', 'Variable', 'Function', 'Class', 'Interface', 'Property', 'Method', 'Accessor', 'Constructor', 'TypeAlias'],
  // Empty on purpose: every type a public signature mentions is exported under its own name.
  intentionallyNotExported: [],
};
