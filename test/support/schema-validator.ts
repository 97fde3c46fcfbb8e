/**
 * A JSON-schema validator compiled from `schema/imagecache.openapi.yaml` with ajv, for the tests
 * and benchmarks that hold the zod validators to the document: same rules, independent code.
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

const schemaPath = fileURLToPath(new URL('../../schema/imagecache.openapi.yaml', import.meta.url));

/**
 * The normalized path's length, computed from the rule as the document states it (not with the
 * SDK's parser): drop digest, tag and registry host, then prefix library/ as Docker does.
 */
export function normalizedPathLength(ref: string): number {
  let name = ref.split('@')[0]!;
  const lastSlash = name.lastIndexOf('/');
  const tagColon = name.indexOf(':', lastSlash + 1);
  if (tagColon >= 0) name = name.slice(0, tagColon);
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const hasDomain = slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
  let domain = hasDomain ? first : 'docker.io';
  let rest = hasDomain ? name.slice(slash + 1) : name;
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !rest.includes('/')) rest = `library/${rest}`;
  return rest.length;
}

/**
 * Compiles the document's ImageCache, with a required `metadata.name` as a create request needs,
 * into an ajv validator; the document's x-eci- rules become ajv keywords.
 *
 * @example
 * ```ts
 * const validate = compileSchemaValidator();
 * validate({ apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCache', metadata: { name: 'a' }, spec: { images: ['nginx'] } }); // true
 * ```
 */
export function compileSchemaValidator(options: { readonly allErrors?: boolean } = {}): ValidateFunction {
  const doc = parse(readFileSync(schemaPath, 'utf8')) as { components: unknown };
  const ajv = new Ajv({ allErrors: options.allErrors ?? true, strict: true, strictRequired: false });
  ajv.addFormat('date-time', true);
  ajv.addKeyword({ keyword: 'x-eci-known-values' });
  ajv.addKeyword({ keyword: 'components' }); // the OpenAPI container of the schemas
  ajv.addKeyword({
    keyword: 'x-eci-max-name-length',
    type: 'string',
    validate: (max: number, ref: string) => normalizedPathLength(ref) <= max,
  });
  ajv.addKeyword({
    keyword: 'x-eci-max-secret-name-length',
    type: 'string',
    validate: (max: number, ref: string) => ref.slice(ref.indexOf(':') + 1).length <= max,
  });
  ajv.addSchema({ $id: 'imagecache.openapi', components: doc.components });
  // The document leaves name optional (ObjectMeta is shared); a create request needs one.
  return ajv.compile({
    allOf: [
      { $ref: 'imagecache.openapi#/components/schemas/ImageCache' },
      { type: 'object', required: ['metadata'], properties: { metadata: { type: 'object', required: ['name'] } } },
    ],
  });
}
