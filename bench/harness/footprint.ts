/**
 * Measures an installed `node_modules` tree: how many packages, and how many bytes, the way `du`
 * and npm would count them.
 * @packageDocumentation
 */
import { lstatSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** Size and package count of one `node_modules` tree. */
export interface Footprint {
  /** Directories holding a package.json at a package position, nested ones included. */
  readonly packages: number;
  /** Sum of file sizes, like `du --apparent-size -b`. */
  readonly apparentBytes: number;
  /** Blocks allocated on disk, like plain `du -B1`: what the "72 MB" was measured as. */
  readonly diskBytes: number;
  /** Package names (with nesting path) found, for raw output and tests. */
  readonly packageNames: readonly string[];
}

// Package positions are node_modules/<name> and node_modules/@scope/<name>; entries starting with
// a dot (.bin, .package-lock.json) are npm's bookkeeping, not packages.
function packageDirs(nodeModules: string): string[] {
  const dirs: string[] = [];
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || !(entry.isDirectory() || entry.isSymbolicLink())) continue;
    const path = join(nodeModules, entry.name);
    if (entry.name.startsWith('@')) {
      for (const scoped of readdirSync(path, { withFileTypes: true })) {
        if (!scoped.name.startsWith('.') && (scoped.isDirectory() || scoped.isSymbolicLink())) dirs.push(join(path, scoped.name));
      }
    } else {
      dirs.push(path);
    }
  }
  return dirs;
}

/**
 * The packages installed under `nodeModules`, nested `node_modules` included, as paths relative to
 * it (e.g. `axios`, `@scope/name`, `a/node_modules/b`).
 *
 * @example
 * ```ts
 * listPackages('/tmp/project/node_modules').length; // 5
 * ```
 */
export function listPackages(nodeModules: string): string[] {
  const found: string[] = [];
  const visit = (dir: string, prefix: string): void => {
    for (const pkg of packageDirs(dir)) {
      const name = pkg.slice(dir.length + 1);
      if (!existsSync(join(pkg, 'package.json'))) continue;
      const qualified = prefix ? `${prefix}/node_modules/${name}` : name;
      found.push(qualified);
      const nested = join(pkg, 'node_modules');
      if (existsSync(nested)) visit(nested, qualified);
    }
  };
  visit(nodeModules, '');
  return found.sort();
}

/**
 * Bytes under `root`, counting each inode once and not following symbolic links, as `du` does.
 *
 * @example
 * ```ts
 * const { apparentBytes, diskBytes } = directorySize('/tmp/project/node_modules');
 * ```
 */
export function directorySize(root: string): { apparentBytes: number; diskBytes: number } {
  let apparentBytes = 0;
  let diskBytes = 0;
  const seen = new Set<string>();
  const stack = [root];
  while (stack.length > 0) {
    const path = stack.pop()!;
    const stat = lstatSync(path);
    const inode = `${stat.dev}:${stat.ino}`;
    if (seen.has(inode)) continue;
    seen.add(inode);
    apparentBytes += stat.size;
    diskBytes += stat.blocks * 512;
    if (stat.isDirectory()) for (const entry of readdirSync(path)) stack.push(join(path, entry));
  }
  return { apparentBytes, diskBytes };
}

/**
 * Package count and size of `nodeModules`.
 *
 * @example
 * ```ts
 * const footprint = measureFootprint('/tmp/project/node_modules');
 * console.log(footprint.packages, footprint.diskBytes);
 * ```
 */
export function measureFootprint(nodeModules: string): Footprint {
  const packageNames = listPackages(nodeModules);
  return { packages: packageNames.length, ...directorySize(nodeModules), packageNames };
}

/** The part of npm's lockfile format (v2/v3 `packages` map) that dependency closure needs. */
export interface LockfilePackages {
  readonly packages: Readonly<
    Record<string, { readonly dependencies?: Readonly<Record<string, string>>; readonly optionalDependencies?: Readonly<Record<string, string>> }>
  >;
}

// Node's resolution over lockfile paths: from `node_modules/a/node_modules/b`, a dependency `c` is
// looked up in b's own node_modules, then a's, then the top level.
function resolveInLock(lock: LockfilePackages, fromPath: string, name: string): string | undefined {
  let base = fromPath;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (candidate in lock.packages) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

/**
 * The installed packages `name` pulls in, itself included, read from npm's hidden lockfile
 * (`node_modules/.package-lock.json`): says which dependency a package count comes from.
 *
 * @example
 * ```ts
 * dependencyClosure(lock, 'axios').length; // axios and everything it depends on
 * ```
 */
export function dependencyClosure(lock: LockfilePackages, name: string): string[] {
  const start = resolveInLock(lock, '', name);
  if (start === undefined) return [];
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const path = queue.shift()!;
    const entry = lock.packages[path];
    const deps = { ...entry?.dependencies, ...entry?.optionalDependencies };
    for (const dep of Object.keys(deps)) {
      const resolved = resolveInLock(lock, path, dep);
      if (resolved !== undefined && !seen.has(resolved)) {
        seen.add(resolved);
        queue.push(resolved);
      }
    }
  }
  return [...seen].map((path) => path.replace(/^node_modules\//, '')).sort();
}
