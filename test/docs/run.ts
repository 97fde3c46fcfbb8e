// Runs a README block in this process against a fresh emulator: the block becomes a module whose
// first line also reads the preamble names it uses, so its lines keep their numbers.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocBlock } from './blocks.js';
import { createDocsPreamble, setDocsPreamble } from './preamble.js';

let directory: string | undefined;

export async function runBlock(root: string, block: DocBlock, names: readonly string[], index: number): Promise<void> {
  // In the git-ignored .cache/, outside what `npm run typecheck` reads, but inside the package, so
  // that `import.meta.resolve('eci-imagecache/...')` finds it as it does for users.
  if (directory === undefined) {
    mkdirSync(join(root, '.cache'), { recursive: true });
    directory = mkdtempSync(join(root, '.cache', 'docs-blocks-'));
  }
  const file = join(directory, `block-${index}-${block.file.replace(/\W+/g, '-')}-${block.line}.ts`);
  const preamblePath = JSON.stringify(join(root, 'test', 'docs', 'preamble.ts'));
  const reads = names.length ? `const { ${names.join(', ')} } = docsPreamble(); ` : '';
  writeFileSync(file, `import { docsPreamble } from ${preamblePath}; ${reads}${block.code}\nexport {};\n`);
  const { preamble, emulator, close } = await createDocsPreamble();
  const kubeconfig = process.env['KUBECONFIG'];
  process.env['KUBECONFIG'] = emulator.kubeconfigPath; // fromDefault() finds the emulator
  setDocsPreamble(preamble);
  try {
    await import(file);
  } finally {
    setDocsPreamble(undefined);
    if (kubeconfig === undefined) delete process.env['KUBECONFIG'];
    else process.env['KUBECONFIG'] = kubeconfig;
    await close();
  }
}

/** Removes the generated modules. */
export function removeRunFiles(): void {
  if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
  directory = undefined;
}
