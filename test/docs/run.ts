// Runs a README block in this process against a fresh emulator: the block becomes a module whose
// first line also reads the preamble names it uses, so its lines keep their numbers.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocBlock } from './blocks.js';
import { createDocsPreamble, setDocsPreamble } from './preamble.js';

export async function runBlock(root: string, block: DocBlock, names: readonly string[], index: number): Promise<void> {
  const directory = join(root, 'test', 'docs', '.run');
  mkdirSync(directory, { recursive: true });
  const file = join(directory, `block-${index}-${block.file.replace(/\W+/g, '-')}-${block.line}.ts`);
  const reads = names.length ? `const { ${names.join(', ')} } = docsPreamble(); ` : '';
  writeFileSync(file, `import { docsPreamble } from '../preamble.js'; ${reads}${block.code}\nexport {};\n`);
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
