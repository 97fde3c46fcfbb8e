// Compiles every documentation block in ONE TypeScript program under the project's tsconfig
// (strict, exactOptionalPropertyTypes, ...). Each block is its own module; the names of the
// preamble (test/docs/preamble.ts) are declared as globals, so a block that declares a name
// itself shadows the preamble's.
import { join } from 'node:path';
import ts from 'typescript';
import type { DocBlock, PackageExport } from './blocks.js';

export interface CompiledBlocks {
  program: ts.Program;
  /** Problems as `README.md:57: TS2304 Cannot find name 'x'.`, in the documentation's own lines. */
  problems: string[];
  /** For each block, the preamble names it uses without declaring them (what a run must provide). */
  preambleNamesUsed: Map<DocBlock, string[]>;
}

export function projectOptions(root: string): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error('cannot read tsconfig.json');
  return { ...parsed.options, noEmit: true };
}

/** The virtual file name of a block: under test/docs so that the tsconfig's paths resolve. */
function blockFileName(root: string, index: number): string {
  return join(root, 'test', 'docs', '.blocks', `block-${index}.ts`);
}

/** Names a block declares or imports at its top level (an import of the package must not clash with them). */
function topLevelNames(code: string): Set<string> {
  const names = new Set<string>();
  const source = ts.createSourceFile('block.ts', code, ts.ScriptTarget.ES2022, false);
  const bind = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name) names.add(clause.name.text);
      if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)) names.add(clause.namedBindings.name.text);
      if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) for (const e of clause.namedBindings.elements) names.add(e.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) bind(d.name);
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement)) &&
      statement.name
    ) {
      names.add(statement.name.text);
    }
  }
  return names;
}

/** One line of imports of the package's names, put before a TSDoc example's first line (so lines stay the same). */
function importLine(code: string, exports: readonly PackageExport[]): string {
  const own = topLevelNames(code);
  const bySpecifier = new Map<string, string[]>();
  for (const e of exports) {
    if (own.has(e.name)) continue;
    bySpecifier.set(e.specifier, [...(bySpecifier.get(e.specifier) ?? []), e.isValue ? e.name : `type ${e.name}`]);
  }
  return [...bySpecifier].map(([specifier, names]) => `import { ${names.join(', ')} } from '${specifier}';`).join(' ');
}

export function compileBlocks(
  root: string,
  blocks: readonly DocBlock[],
  preambleNames: readonly string[],
  options: { extraRoots?: readonly string[]; exports?: readonly PackageExport[]; oldProgram?: ts.Program } = {},
): CompiledBlocks {
  const { extraRoots = [], exports = [], oldProgram } = options;
  const compilerOptions = projectOptions(root);
  const files = new Map<string, string>();
  const owner = new Map<string, DocBlock>();
  const globalsFile = join(root, 'test', 'docs', '.blocks', 'preamble-globals.d.ts');
  files.set(
    globalsFile,
    `import type { DocsPreamble } from '../preamble.js';\ndeclare global {\n${preambleNames.map((n) => `  const ${n}: DocsPreamble['${n}'];`).join('\n')}\n}\nexport {};\n`,
  );
  blocks.forEach((block, index) => {
    const name = blockFileName(root, index);
    // `export {}` makes every block a module, so its names never clash with another block's.
    const imports = block.autoImport ? `${importLine(block.code, exports)} ` : '';
    files.set(name, `${imports}${block.code}\nexport {};\n`);
    owner.set(name, block);
  });
  const host = ts.createCompilerHost(compilerOptions);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const text = files.get(fileName);
    return text !== undefined ? ts.createSourceFile(fileName, text, languageVersion, true) : getSourceFile.call(host, fileName, languageVersion, ...rest);
  };
  host.fileExists = (fileName) => files.has(fileName) || fileExists.call(host, fileName);
  host.readFile = (fileName) => files.get(fileName) ?? readFile.call(host, fileName);

  const program = ts.createProgram({ rootNames: [...files.keys(), ...extraRoots], options: compilerOptions, host, ...(oldProgram ? { oldProgram } : {}) });
  const problems: string[] = [];
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...[...files.keys()].flatMap((f) => {
      const source = program.getSourceFile(f);
      return source ? [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)] : [];
    }),
  ];
  for (const diagnostic of diagnostics) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ');
    const block = diagnostic.file && owner.get(diagnostic.file.fileName);
    if (block && diagnostic.file && diagnostic.start !== undefined) {
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      problems.push(`${block.file}:${block.line + line}: TS${diagnostic.code} ${message}`);
    } else {
      problems.push(`${diagnostic.file?.fileName ?? 'program'}: TS${diagnostic.code} ${message}`);
    }
  }

  const checker = program.getTypeChecker();
  const preambleNamesUsed = new Map<DocBlock, string[]>();
  for (const [fileName, block] of owner) {
    const used = new Set<string>();
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node)) {
        // `{ now }` names the property; the variable it reads is the shorthand's value symbol.
        const symbol = ts.isShorthandPropertyAssignment(node.parent)
          ? checker.getShorthandAssignmentValueSymbol(node.parent)
          : checker.getSymbolAtLocation(node);
        const declaration = symbol?.declarations?.[0];
        if (declaration?.getSourceFile().fileName === globalsFile) used.add(node.text);
      }
      ts.forEachChild(node, visit);
    };
    const source = program.getSourceFile(fileName);
    if (source) visit(source);
    preambleNamesUsed.set(block, [...used].sort());
  }
  return { program, problems, preambleNamesUsed };
}

/** The property names of `DocsPreamble` in test/docs/preamble.ts (read without type-checking). */
export function preambleNames(root: string): string[] {
  const file = join(root, 'test', 'docs', 'preamble.ts');
  const source = ts.createSourceFile(file, ts.sys.readFile(file) ?? '', ts.ScriptTarget.ES2022, true);
  const names: string[] = [];
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'DocsPreamble') {
      for (const member of node.members) if (member.name && ts.isIdentifier(member.name)) names.push(member.name.text);
    }
  });
  return names;
}
