import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without declarations
import { findDrift, generateAll } from '../scripts/generate.mjs';

describe('npm run generate', () => {
  it('leaves the committed types and CRD manifests unchanged', async () => {
    expect(await findDrift()).toEqual([]);
  });

  it('writes a structural v1 CRD that declares every status field', async () => {
    const { parse } = await import('yaml');
    const files = (await generateAll()) as Map<string, string>;
    const crd = parse(files.get('crds/imagecache.v1.yaml')!);
    const version = crd.spec.versions[0];
    expect(crd.spec.scope).toBe('Cluster');
    expect(crd.spec.names.shortNames).toContain('ic');
    expect(version.subresources).toEqual({ status: {} });
    expect(version.additionalPrinterColumns.map((c: { jsonPath: string }) => c.jsonPath)).toEqual([
      '.metadata.creationTimestamp',
      '.status.imageCacheId',
      '.status.phase',
      '.status.progress',
    ]);
    const schema = version.schema.openAPIV3Schema;
    expect(Object.keys(schema.properties.status.properties).sort()).toEqual(
      ['events', 'expireDateTime', 'imageCacheId', 'lastUpdatedTime', 'phase', 'progress', 'reason', 'startTime'].sort(),
    );
    // Structural: no $ref and none of our vendor keys anywhere.
    const text = JSON.stringify(schema);
    expect(text).not.toContain('$ref');
    expect(text).not.toMatch(/"x-eci-[^"]*":/);
    expect(schema.properties.spec.properties.imageCacheSize).toMatchObject({ minimum: 20, maximum: 32768 });
  });
});
