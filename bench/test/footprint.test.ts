import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dependencyClosure, directorySize, listPackages, measureFootprint, type LockfilePackages } from '../harness/footprint.js';

let root: string;

function pkg(dir: string, bytes = 10): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{}');
  writeFileSync(join(dir, 'index.js'), 'x'.repeat(bytes));
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'bench-footprint-'));
  const nm = join(root, 'node_modules');
  pkg(join(nm, 'a'), 1000);
  pkg(join(nm, '@scope', 'b'));
  pkg(join(nm, '@scope', 'c'));
  pkg(join(nm, 'a', 'node_modules', 'd'));
  pkg(join(nm, 'a', 'node_modules', '@s', 'e'));
  mkdirSync(join(nm, '.bin'));
  writeFileSync(join(nm, '.package-lock.json'), '{}');
  mkdirSync(join(nm, 'not-a-package'));
  // A link into a package must not be followed, or the file would count twice.
  symlinkSync(join(nm, 'a', 'index.js'), join(nm, '.bin', 'a'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('listPackages', () => {
  it('counts top-level, scoped and nested packages, and skips bookkeeping and bare directories', () => {
    expect(listPackages(join(root, 'node_modules'))).toEqual(['@scope/b', '@scope/c', 'a', 'a/node_modules/@s/e', 'a/node_modules/d']);
  });
});

describe('directorySize', () => {
  it('sums file sizes without following symbolic links', () => {
    const { apparentBytes, diskBytes } = directorySize(join(root, 'node_modules', 'a'));
    // package.json (2) + index.js (1000) + nested packages (2 x 12) + directories' own sizes.
    expect(apparentBytes).toBeGreaterThanOrEqual(1026);
    expect(diskBytes).toBeGreaterThan(0);
    const whole = directorySize(join(root, 'node_modules'));
    expect(whole.apparentBytes).toBeGreaterThan(apparentBytes);
  });
});

describe('measureFootprint', () => {
  it('reports the package count with the names', () => {
    const footprint = measureFootprint(join(root, 'node_modules'));
    expect(footprint.packages).toBe(5);
    expect(footprint.packageNames).toHaveLength(5);
  });
});

describe('dependencyClosure', () => {
  const lock: LockfilePackages = {
    packages: {
      '': {},
      'node_modules/axios': { dependencies: { 'form-data': '^4', 'follow-redirects': '^1' } },
      'node_modules/form-data': { dependencies: { 'mime-types': '^2' } },
      'node_modules/mime-types': { dependencies: { 'mime-db': '^1' } },
      // A nested copy wins over the top-level one for its parent, as Node resolves it.
      'node_modules/mime-types/node_modules/mime-db': {},
      'node_modules/mime-db': {},
      'node_modules/follow-redirects': { optionalDependencies: { debug: '*' } },
      'node_modules/debug': {},
      'node_modules/zod': {},
    },
  };

  it('follows dependencies the way Node resolves them', () => {
    expect(dependencyClosure(lock, 'axios')).toEqual(['axios', 'debug', 'follow-redirects', 'form-data', 'mime-types', 'mime-types/node_modules/mime-db']);
  });

  it('is just the package for a leaf, and empty for one not installed', () => {
    expect(dependencyClosure(lock, 'zod')).toEqual(['zod']);
    expect(dependencyClosure(lock, 'yaml')).toEqual([]);
  });
});
