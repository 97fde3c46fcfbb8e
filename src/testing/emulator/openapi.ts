/**
 * A minimal OpenAPI v3 discovery for the resource. kubectl (`--validate=strict`, its default)
 * asks `/openapi/v3` whether the server supports the `fieldValidation` query parameter on PATCH;
 * when it does, kubectl leaves validation to the server. Without these documents kubectl falls
 * back to client-side validation, which needs `/openapi/v2`, and `kubectl create -f` fails unless
 * run with `--validate=false`.
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { IMAGE_CACHE_API_GROUP, IMAGE_CACHE_API_VERSION, IMAGE_CACHE_KIND, IMAGE_CACHE_LIST_KIND, IMAGE_CACHE_PLURAL } from '../../types/constants.js';
import { IMAGE_CACHE_CRD_SCHEMA } from './crd-schema.js';
import type { JsonObject } from './json.js';

const GV_PATH = `apis/${IMAGE_CACHE_API_VERSION}`;
const SCHEMA_NAME = 'com.alibabacloud.eci.v1.ImageCache';
const gvk = (kind: string) => [{ group: IMAGE_CACHE_API_GROUP, version: 'v1', kind }];

const queryParam = (name: string, type = 'string') => ({ name, in: 'query', schema: { type, uniqueItems: true } });
const writeParams = [queryParam('dryRun'), queryParam('fieldManager'), queryParam('fieldValidation')];
const response = { '200': { description: 'OK', content: { 'application/json': { schema: { $ref: `#/components/schemas/${SCHEMA_NAME}` } } } } };
const operation = (action: string, extra: JsonObject = {}): JsonObject => ({
  tags: [`${IMAGE_CACHE_API_GROUP}_v1`],
  responses: response,
  'x-kubernetes-action': action,
  'x-kubernetes-group-version-kind': gvk(IMAGE_CACHE_KIND)[0]!,
  ...extra,
});

function groupVersionDocument(): JsonObject {
  const objectPath = {
    parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string', uniqueItems: true } }],
    get: operation('get'),
    put: operation('put', { parameters: writeParams }),
    patch: operation('patch', { parameters: [...writeParams, queryParam('force', 'boolean')] }),
    delete: operation('delete', { parameters: [queryParam('dryRun')] }),
  };
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.33.0' },
    paths: {
      [`/apis/${IMAGE_CACHE_API_VERSION}/${IMAGE_CACHE_PLURAL}`]: {
        get: operation('list'),
        post: operation('post', { parameters: writeParams }),
      },
      [`/apis/${IMAGE_CACHE_API_VERSION}/${IMAGE_CACHE_PLURAL}/{name}`]: objectPath,
      [`/apis/${IMAGE_CACHE_API_VERSION}/${IMAGE_CACHE_PLURAL}/{name}/status`]: objectPath,
    },
    components: {
      schemas: {
        [SCHEMA_NAME]: { ...(IMAGE_CACHE_CRD_SCHEMA as unknown as JsonObject), 'x-kubernetes-group-version-kind': gvk(IMAGE_CACHE_KIND) },
        [`${SCHEMA_NAME}List`]: {
          type: 'object',
          required: ['items'],
          properties: {
            apiVersion: { type: 'string' },
            kind: { type: 'string' },
            items: { type: 'array', items: { $ref: `#/components/schemas/${SCHEMA_NAME}` } },
            metadata: { type: 'object' },
          },
          'x-kubernetes-group-version-kind': gvk(IMAGE_CACHE_LIST_KIND),
        },
      },
    },
  };
}

const GROUP_VERSION_DOCUMENT = groupVersionDocument();
const HASH = createHash('sha512').update(JSON.stringify(GROUP_VERSION_DOCUMENT)).digest('hex').toUpperCase().slice(0, 128);

/**
 * The OpenAPI v3 document served at `path`, or undefined when there is none.
 *
 * @example
 * ```ts
 * openApiDocument('/openapi/v3'); // { paths: { 'apis/eci.alibabacloud.com/v1': { serverRelativeURL: '/openapi/v3/apis/...?hash=...' } } }
 * ```
 */
export function openApiDocument(path: string): JsonObject | undefined {
  if (path === '/openapi/v3') return { paths: { [GV_PATH]: { serverRelativeURL: `/openapi/v3/${GV_PATH}?hash=${HASH}` } } };
  if (path === `/openapi/v3/${GV_PATH}`) return GROUP_VERSION_DOCUMENT;
  return undefined;
}
