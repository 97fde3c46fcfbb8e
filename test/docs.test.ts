// Every exported function and class has an example in the README or in examples/: a public
// name that no example shows is a name users have to guess how to call.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const entries = ['src/index.ts', 'src/matching/index.ts', 'src/planning/index.ts', 'src/testing/index.ts'];

function exportedCallables(): string[] {
  const program = ts.createProgram(entries.map((e) => join(root, e)), { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true });
  const checker = program.getTypeChecker();
  const names = new Set<string>();
  for (const entry of entries) {
    const source = program.getSourceFile(join(root, entry));
    const symbol = source && checker.getSymbolAtLocation(source);
    for (const exported of symbol ? checker.getExportsOfModule(symbol) : []) {
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (target.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class)) names.add(exported.getName());
    }
  }
  return [...names].sort();
}

// Code in the README (fenced blocks) and the examples, where a name shows how it is called.
function exampleCode(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```(?:ts|typescript|js|sh)?\n([\s\S]*?)```/g)].map((m) => m[1]);
  const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(join(root, 'examples', f), 'utf8'));
  return [...blocks, ...examples].join('\n');
}

describe('public API documentation', () => {
  const code = exampleCode();
  const callables = exportedCallables();

  it('finds the public functions and classes', () => {
    expect(callables).toEqual(expect.arrayContaining(['ImageCacheClient', 'selectImageCache', 'startImageCacheEmulator', 'validateImageCache']));
  });

  it('shows every exported function and class in an example', () => {
    const missing = callables.filter((name) => !new RegExp(`\\b${name}\\b`).test(code));
    expect(missing).toEqual([]);
  });
});
