// src/planning must stay loadable without HTTP code, zod or YAML, and pure, like src/matching:
// follow every import reachable from its entry point and check what each file imports, that it
// never reaches the client, and that the clock is read only where matching reads it.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { reachableFiles } from '../support/import-graph.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const entry = resolve(root, 'src/planning/index.ts');
const FORBIDDEN = /^(axios|zod|yaml|nock|node:|http$|https$|net$|fs$|crypto$|child_process$|@kubernetes\/)/;

describe('eci-imagecache/planning purity', () => {
  const files = reachableFiles(entry);
  const names = [...files.keys()].map((f) => relative(root, f));

  it('finds the whole module graph, matching included', () => {
    expect(names).toContain('src/planning/pack.ts');
    expect(names).toContain('src/matching/pod-view.ts');
  });

  it('imports no HTTP, zod, YAML or node: module, directly or transitively', () => {
    const offending = [...files].flatMap(([file, specifiers]) =>
      specifiers.filter((s) => !s.startsWith('.') && FORBIDDEN.test(s)).map((s) => `${relative(root, file)} imports ${s}`),
    );
    expect(offending).toEqual([]);
    expect([...files.values()].flat().filter((s) => !s.startsWith('.'))).toEqual([]);
  });

  it('never reaches the client, the CLI or the validation schemas', () => {
    expect(names.filter((n) => /^src\/(client|cli|testing)\/|^src\/validation\/(schemas|validate|index)\.ts$/.test(n))).toEqual([]);
  });

  it('reads the clock only for the `now` default, in matching/options.ts', () => {
    const readers = [...files.keys()].filter((file) => /Date\.now\(|new Date\(\s*\)|performance\.now\(/.test(readFileSync(file, 'utf8')));
    expect(readers.map((f) => relative(root, f))).toEqual(['src/matching/options.ts']);
  });
});
