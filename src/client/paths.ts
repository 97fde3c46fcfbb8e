import { IMAGE_CACHE_API_VERSION, IMAGE_CACHE_PLURAL } from '../types/constants.js';
import { ImageCacheValidationError } from '../validation/errors.js';
import { dns1123SubdomainProblem, labelValueProblem, qualifiedNameProblem } from '../validation/names.js';

/** API path of the imagecaches collection. Cluster-scoped: no namespace segment. */
export const COLLECTION_PATH = `/apis/${IMAGE_CACHE_API_VERSION}/${IMAGE_CACHE_PLURAL}`;

/**
 * API path of one ImageCache. The name is checked to be a DNS-1123 subdomain before anything is
 * sent, so a name like `../../api/v1/secrets` can never reach another resource; it is
 * URL-encoded as well, in case the rules ever widen.
 *
 * @example
 * ```ts
 * itemPath('web-1'); // '/apis/eci.alibabacloud.com/v1/imagecaches/web-1'
 * itemPath('../x');  // throws ImageCacheValidationError
 * ```
 */
export function itemPath(name: string): string {
  assertValidName(name);
  return `${COLLECTION_PATH}/${encodeURIComponent(name)}`;
}

/**
 * Throws {@link ImageCacheValidationError} unless `name` is a DNS-1123 subdomain.
 *
 * @example
 * ```ts
 * assertValidName('nginx-cache'); // ok
 * ```
 */
export function assertValidName(name: unknown): asserts name is string {
  if (typeof name !== 'string') {
    throw new ImageCacheValidationError([{ path: 'metadata.name', rule: 'type', message: `the name must be a string, got ${typeof name}` }]);
  }
  const problem = dns1123SubdomainProblem(name);
  if (problem) {
    throw new ImageCacheValidationError([
      { path: 'metadata.name', rule: 'dns1123Subdomain', message: `name ${JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}...` : name)} ${problem}` },
    ]);
  }
}

/** A label or field selector: Kubernetes syntax (`app=web,tier!=db`), or equality pairs. */
export type Selector = string | Readonly<Record<string, string>>;

/** A field selector value escaped as client-go's `fields.EscapeValue` escapes it: `\\`, `\,` and `\=`. */
function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`);
}

function selectorProblem(path: string, rule: 'type' | 'syntax', message: string): ImageCacheValidationError {
  return new ImageCacheValidationError([{ path, rule, message }]);
}

/**
 * The selector in Kubernetes syntax. A string is sent as written; the map form is built as
 * client-go builds it: label keys and values must be valid (`labels.ValidatedSelectorFromSet`),
 * field values are escaped (`fields.EscapeValue`), so `{ 'metadata.name': 'a,b' }` matches the
 * name `a,b` instead of adding a requirement.
 *
 * @throws ImageCacheValidationError naming the key, before any request is sent.
 * @example
 * ```ts
 * formatSelector({ app: 'web', tier: 'cache' }, 'label'); // 'app=web,tier=cache'
 * formatSelector({ 'metadata.name': 'a=b' }, 'field'); // 'metadata.name=a\\=b'
 * ```
 */
export function formatSelector(selector: Selector, kind: 'label' | 'field'): string {
  if (typeof selector === 'string') return selector;
  const option = `${kind}Selector`;
  return Object.entries(selector)
    .map(([key, value]) => {
      if (typeof value !== 'string')
        throw selectorProblem(`${option}.${key}`, 'type', `the value of ${JSON.stringify(key)} must be a string, got ${typeof value}`);
      if (kind === 'field') {
        if (!/^[A-Za-z0-9_.-]+$/.test(key))
          throw selectorProblem(`${option}.${key}`, 'syntax', `${JSON.stringify(key)} is not a field path such as metadata.name`);
        return `${key}=${escapeFieldValue(value)}`;
      }
      const keyProblem = qualifiedNameProblem(key);
      if (keyProblem) throw selectorProblem(`${option}.${key}`, 'syntax', `label key ${JSON.stringify(key)}: ${keyProblem}`);
      const valueProblem = labelValueProblem(value);
      if (valueProblem)
        throw selectorProblem(
          `${option}.${key}`,
          'syntax',
          `label value ${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value)} of ${JSON.stringify(key)}: ${valueProblem}`,
        );
      return `${key}=${value}`;
    })
    .join(',');
}

/** Query parameters; undefined values are left out. */
export type QueryParameters = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * An encoded query string without the leading `?`; empty when no parameter is set.
 *
 * @example
 * ```ts
 * queryString({ limit: 10, continue: undefined, labelSelector: 'app=web' }); // 'limit=10&labelSelector=app%3Dweb'
 * ```
 */
export function queryString(parameters: QueryParameters): string {
  let query = '';
  for (const key in parameters) {
    const value = parameters[key];
    if (value === undefined) continue;
    query += `${query ? '&' : ''}${key}=${encodeURIComponent(String(value))}`;
  }
  return query;
}
