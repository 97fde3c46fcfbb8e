// Every exported function and class has an example in the README or in examples/: a public
// name that no example shows is a name users have to guess how to call.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { packageExports, readmeBlocks, tsdocBlocks, type DocBlock } from './docs/blocks.js';
import { compileBlocks, preambleNames, type CompiledBlocks } from './docs/compile.js';
import { removeRunFiles, runBlock } from './docs/run.js';
import { fencedBlocks, fenceProblems, lostHeadings } from './docs/markdown.js';

const root = join(__dirname, '..');
const entries = ['src/index.ts', 'src/matching/index.ts', 'src/planning/index.ts', 'src/testing/index.ts'];

function exportedCallables(): string[] {
  const program = ts.createProgram(
    entries.map((e) => join(root, e)),
    { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true },
  );
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
  const blocks = fencedBlocks(readme).map((b) => b.code);
  const examples = readdirSync(join(root, 'examples'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(root, 'examples', f), 'utf8'));
  return [...blocks, ...examples].join('\n');
}

describe('README renders as it reads', () => {
  it('has balanced fences, each starting a line and naming a language', () => {
    expect(fenceProblems(readFileSync(join(root, 'README.md'), 'utf8'), 'README.md')).toEqual([]);
  });

  it('catches the fence mistakes that broke it', () => {
    expect(fenceProblems('Intro.\n\n```ts\nconst a = 1;\n', 'a.md')).toEqual([expect.stringMatching(/^a\.md:3: .*never closed/)]);
    const glued = fenceProblems('Builds one. ```ts\nconst a = 1;\n```\n\n## The client\n\n```ts\nconst b = 2;\n```\n', 'b.md');
    expect(glued).toEqual([
      expect.stringMatching(/^b\.md:1: a fence that does not start a line/),
      expect.stringMatching(/^b\.md:3: a fence without a language/),
      expect.stringMatching(/^b\.md:7: a fence line inside the block opened at line 3/),
    ]);
    expect(fenceProblems('````md\n```ts\nx\n```\n````\n\nUse `` ```ts fragment `` to mark one.\n', 'c.md')).toEqual([]);
  });

  it('keeps every heading a heading', () => {
    expect(lostHeadings(readFileSync(join(root, 'README.md'), 'utf8'), 'README.md')).toEqual([]);
    expect(lostHeadings('Builds one. ```ts\nconst a = 1;\n```\n\n## The client\n\n```ts\nconst b = 2;\n```\n', 'b.md')).toEqual([
      'b.md:5: "## The client" does not render as a heading',
    ]);
  });
});

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

// Every ```ts block of the README and every ```ts block of the TSDoc @examples of the exported API,
// compiled together as ONE program under the project's tsconfig (strict, exactOptionalPropertyTypes).
describe('documentation blocks', () => {
  // Entry points whose @examples are checked, and the specifier their names are imported from.
  const specifiers = new Map(
    [
      ['src/index.ts', 'eci-imagecache'],
      ['src/matching/index.ts', 'eci-imagecache/matching'],
      ['src/testing/index.ts', 'eci-imagecache/testing'],
      ['src/planning/index.ts', 'eci-imagecache/planning'],
    ]
      .map(([file, specifier]) => [join(root, file!), specifier!] as const)
      .filter(([file]) => existsSync(file)),
  );
  let blocks: DocBlock[] = [];
  let compiled: CompiledBlocks;

  beforeAll(() => {
    const names = preambleNames(root);
    const readme = readmeBlocks(root);
    // The first program finds the exported API and its @examples; the second reuses it.
    const first = compileBlocks(root, readme, names, { extraRoots: [...specifiers.keys()] });
    blocks = [...readme, ...tsdocBlocks(first.program, root, [...specifiers.keys()])];
    compiled = compileBlocks(root, [...blocks, ...canaries], names, {
      extraRoots: [...specifiers.keys()],
      exports: packageExports(first.program, specifiers),
      oldProgram: first.program,
    });
  }, 180_000);

  // Blocks that must fail, compiled in the same program: the settings are the strict ones and a
  // problem names the documentation's own line.
  const canary = (line: number, code: string): DocBlock => ({ where: `canary.md:${line}`, file: 'canary.md', line, code, runs: false, autoImport: false });
  const canaries = [
    canary(3, "const n: number = 'three';"),
    canary(10, "const token = process.env['K8S_TOKEN'];\nconst options: { token?: string } = { token };"),
    canary(20, 'console.log(client.nope);'),
  ];

  it('reports a broken block at its own line, under exactOptionalPropertyTypes', () => {
    const canaryProblems = compiled.problems.filter((p) => p.startsWith('canary.md:'));
    expect(canaryProblems).toEqual([
      expect.stringMatching(/^canary\.md:3: TS2322 /),
      expect.stringMatching(/^canary\.md:11: TS2375 /),
      expect.stringMatching(/^canary\.md:20: TS2339 Property 'nope' does not exist on type 'ImageCacheClient'/),
    ]);
  });

  it('finds the README blocks and the TSDoc examples', () => {
    expect(blocks.filter((b) => b.file === 'README.md').length).toBeGreaterThan(20);
    expect(blocks.some((b) => b.file === 'src/client/client.ts')).toBe(true);
  });

  it('compiles every block under the strict settings', () => {
    expect(compiled.problems.filter((p) => !p.startsWith('canary.md:'))).toEqual([]);
  });

  it('runs a block with the preamble names it uses, and a block that throws names its line', async () => {
    const block: DocBlock = {
      where: 'canary.md:7',
      file: 'canary.md',
      line: 7,
      code: "const list = await client.list();\nif (list.items.length === 0) throw new Error('empty');",
      runs: true,
      autoImport: false,
    };
    await expect(runBlock(root, block, ['client'], 999)).rejects.toThrow('empty');
  });

  describe('README blocks not marked `fragment` run against the emulator', () => {
    let output: string[] = [];
    beforeAll(() => {
      for (const method of ['log', 'error', 'warn'] as const)
        vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void output.push(args.map(String).join(' ')));
    });
    afterAll(() => {
      vi.restoreAllMocks();
      removeRunFiles();
    });

    const runnable = readmeBlocks(root).filter((b) => b.runs);
    it.each(runnable.map((block, index) => ({ where: block.where, block, index })))(
      '$where',
      async ({ block, index }) => {
        output = [];
        const names = [...compiled.preambleNamesUsed].find(([b]) => b.where === block.where)?.[1] ?? [];
        await runBlock(root, block, names, index).catch((error: unknown) => {
          throw new Error(
            `${block.where}: the block threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\noutput:\n${output.join('\n')}`,
          );
        });
      },
      30_000,
    );
  });
});
