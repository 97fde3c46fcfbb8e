// src/matching must stay loadable without HTTP code, zod or YAML, and pure: follow every import
// reachable from its entry point and check what each file imports and whether it reads the clock.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importsOf, reachableFiles } from '../support/import-graph.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const entry = resolve(root, 'src/matching/index.ts');
const FORBIDDEN = /^(axios|zod|yaml|nock|node:|http$|https$|net$|fs$|child_process$|@kubernetes\/)/;

describe('eci-imagecache/matching purity', () => {
  const files = reachableFiles(entry);

  it('finds the whole module graph', () => {
    const names = [...files.keys()].map((f) => relative(root, f));
    expect(names).toContain('src/matching/matcher.ts');
    expect(names).toContain('src/validation/image-reference.ts');
    expect(names.length).toBeGreaterThan(10);
  });

  it('imports no HTTP, zod, YAML or node: module, directly or transitively', () => {
    const offending = [...files].flatMap(([file, specifiers]) =>
      specifiers.filter((s) => !s.startsWith('.') && FORBIDDEN.test(s)).map((s) => `${relative(root, file)} imports ${s}`),
    );
    expect(offending).toEqual([]);
  });

  it('imports nothing from outside the repository but what is allowed', () => {
    const external = [...files.values()].flat().filter((s) => !s.startsWith('.'));
    expect(external).toEqual([]);
  });

  it('reads the clock only for the `now` default, in options.ts', () => {
    const readers = [...files.keys()].filter((file) => /Date\.now\(|new Date\(\s*\)|performance\.now\(/.test(readFileSync(file, 'utf8')));
    expect(readers.map((f) => relative(root, f))).toEqual(['src/matching/options.ts']);
  });

  it('catches a forbidden import when there is one (the scan itself works)', () => {
    expect(importsOf("import axios from 'axios';\nexport { z } from \"zod\";\nconst y = await import('yaml');")).toEqual(['axios', 'zod', 'yaml']);
  });
});
