import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { IMAGE_CACHE_CRD_SCHEMA, IMAGE_CACHE_NAMES, IMAGE_CACHE_PRINTER_COLUMNS } from '../../src/testing/emulator/crd-schema.js';

const crd = parse(readFileSync(new URL('../../crds/imagecache.v1.yaml', import.meta.url), 'utf8'));
const version = crd.spec.versions.find((v: { name: string }) => v.name === 'v1');

function withoutDescriptions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDescriptions);
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node)
        .filter(([k]) => k !== 'description')
        .map(([k, v]) => [k, withoutDescriptions(v)]),
    );
  }
  return node;
}

describe('the emulator schema is the CRD manifest', () => {
  it('has the same openAPIV3Schema, descriptions aside', () => {
    expect(IMAGE_CACHE_CRD_SCHEMA).toEqual(withoutDescriptions(version.schema.openAPIV3Schema));
  });

  it('has the same printer columns and names', () => {
    expect(IMAGE_CACHE_PRINTER_COLUMNS).toEqual(version.additionalPrinterColumns);
    expect(IMAGE_CACHE_NAMES.singular).toBe(crd.spec.names.singular);
    expect(IMAGE_CACHE_NAMES.shortNames).toEqual(crd.spec.names.shortNames);
    expect(IMAGE_CACHE_NAMES.categories).toEqual(crd.spec.names.categories);
    expect(crd.spec.scope).toBe('Cluster');
    expect(version.subresources).toEqual({ status: {} });
  });
});
