// The TypeScript blocks of the documentation: the README's ```ts blocks and the ```ts blocks of
// the TSDoc `@example`s of every exported name (and of its members), each with the file and line
// a failure should name.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { fencedBlocks } from './markdown.js';

export interface DocBlock {
  /** `README.md:42` or `src/client/client.ts:118`: where the block's first code line is. */
  where: string;
  file: string;
  /** 1-based line of the block's first code line in `file`. */
  line: number;
  code: string;
  /** README blocks run unless their info string says `fragment`; TSDoc examples are compiled only. */
  runs: boolean;
  /** TSDoc examples use the package's exported names without importing them. */
  autoImport: boolean;
}

/** An exported name of the package and the specifier it is imported from. */
export interface PackageExport {
  specifier: string;
  name: string;
  isValue: boolean;
}

/** Whether an `export type { X }` lies on the way from the entry point to the declaration. */
function exportedAsType(checker: ts.TypeChecker, exported: ts.Symbol): boolean {
  let symbol: ts.Symbol | undefined = exported;
  while (symbol && symbol.flags & ts.SymbolFlags.Alias) {
    const declaration = symbol.declarations?.[0];
    if (declaration && ts.isExportSpecifier(declaration) && (declaration.isTypeOnly || declaration.parent.parent.isTypeOnly)) return true;
    const next: ts.Symbol | undefined = checker.getImmediateAliasedSymbol(symbol);
    if (next === symbol) break;
    symbol = next;
  }
  return false;
}

/** Every name the entry points export, `entries` mapping each entry file to its specifier. */
export function packageExports(program: ts.Program, entries: ReadonlyMap<string, string>): PackageExport[] {
  const checker = program.getTypeChecker();
  const found = new Map<string, PackageExport>();
  for (const [entry, specifier] of entries) {
    const source = program.getSourceFile(entry);
    const module = source && checker.getSymbolAtLocation(source);
    for (const exported of module ? checker.getExportsOfModule(module) : []) {
      if (found.has(exported.getName())) continue;
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      found.set(exported.getName(), {
        specifier,
        name: exported.getName(),
        isValue: (symbol.flags & ts.SymbolFlags.Value) !== 0 && !exportedAsType(checker, exported),
      });
    }
  }
  return [...found.values()];
}

const TS_LANGS = new Set(['ts', 'typescript']);

export function readmeBlocks(root: string, file = 'README.md'): DocBlock[] {
  return fencedBlocks(readFileSync(join(root, file), 'utf8'))
    .filter((b) => TS_LANGS.has(b.lang))
    .map((b) => ({ where: `${file}:${b.bodyLine}`, file, line: b.bodyLine, code: b.code, runs: !b.flags.includes('fragment'), autoImport: false }));
}

/** Declarations of the exported names of the entry points, and of their members. */
function exportedDeclarations(program: ts.Program, entries: readonly string[]): Set<ts.Node> {
  const checker = program.getTypeChecker();
  const found = new Set<ts.Node>();
  for (const entry of entries) {
    const source = program.getSourceFile(entry);
    const module = source && checker.getSymbolAtLocation(source);
    for (const exported of module ? checker.getExportsOfModule(module) : []) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      for (const declaration of symbol.declarations ?? []) {
        found.add(declaration);
        if (ts.isVariableDeclaration(declaration)) found.add(declaration.parent.parent);
        if (ts.isClassDeclaration(declaration) || ts.isInterfaceDeclaration(declaration)) for (const member of declaration.members) found.add(member);
      }
    }
  }
  return found;
}

function commentText(comment: string | ts.NodeArray<ts.JSDocComment> | undefined): string {
  if (comment === undefined) return '';
  return typeof comment === 'string' ? comment : comment.map((part) => part.getText()).join('');
}

/** The ```ts blocks of the `@example` tags of the exported API. */
export function tsdocBlocks(program: ts.Program, root: string, entries: readonly string[]): DocBlock[] {
  const blocks: DocBlock[] = [];
  const seen = new Set<string>();
  for (const node of exportedDeclarations(program, entries)) {
    const source = node.getSourceFile();
    for (const tag of ts.getJSDocTags(node)) {
      if (tag.tagName.text !== 'example') continue;
      const file = relative(root, source.fileName);
      const text = source.text.slice(tag.pos, tag.end);
      for (const block of fencedBlocks(commentText(tag.comment)).filter((b) => TS_LANGS.has(b.lang))) {
        // The tag's text has lost the ` * ` margins; find the block's first line in the source.
        const firstLine = block.code.split('\n')[0]!.trim();
        const at = firstLine ? text.indexOf(firstLine) : -1;
        const line = source.getLineAndCharacterOfPosition(at >= 0 ? tag.pos + at : tag.pos).line + 1;
        const where = `${file}:${line}`;
        if (seen.has(where)) continue;
        seen.add(where);
        blocks.push({ where, file, line, code: block.code, runs: false, autoImport: true });
      }
    }
  }
  return blocks.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
