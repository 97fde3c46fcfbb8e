// The source files reachable from an entry point through relative imports, with what each imports:
// the purity tests of the pure entries (matching, planning) walk it.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The module specifiers a TypeScript source imports, re-exports, dynamically imports or requires. */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  const pattern =
    /(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const match of source.matchAll(pattern)) found.push((match[1] ?? match[2] ?? match[3] ?? match[4]) as string);
  return found;
}

/** Every file reachable from `entry` by relative imports, mapped to the specifiers it imports. */
export function reachableFiles(entry: string): Map<string, string[]> {
  const files = new Map<string, string[]>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (files.has(file)) continue;
    const specifiers = importsOf(readFileSync(file, 'utf8'));
    files.set(file, specifiers);
    for (const specifier of specifiers) {
      if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier).replace(/\.js$/, '.ts'));
    }
  }
  return files;
}
