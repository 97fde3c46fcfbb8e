// zod/mini with named imports: the same validation core without the chainable API and its
// locales, which made up two thirds of a consumer's bundle. Messages are ours (validate.ts).
import {
  array,
  int,
  literal,
  looseObject,
  maxLength,
  minLength,
  gte,
  lte,
  optional,
  record,
  strictObject,
  string,
  superRefine,
  type ZodMiniType,
  type core,
} from 'zod/mini';
import {
  IMAGE_CACHE_API_VERSION,
  IMAGE_CACHE_KIND,
  MAX_IMAGES_PER_CACHE,
  MAX_IMAGE_CACHE_SIZE_GIB,
  MAX_RETENTION_DAYS,
  MAX_SECRET_NAME_LENGTH,
  MIN_IMAGE_CACHE_SIZE_GIB,
  MIN_RETENTION_DAYS,
} from '../types/constants.js';
import type { ImageCache, ImageCacheSpec } from '../types/index.js';
import { imageReferenceProblem } from './image-reference.js';
import { dns1123LabelProblem, dns1123SubdomainProblem } from './names.js';

/** Options of the validators. */
export interface ValidationOptions {
  /**
   * The most images one cache may hold. ECI's limit is 20; raise it only for a provider that
   * accepts more.
   * @defaultValue 20
   */
  readonly maxImages?: number | undefined;
}

// A custom issue carries our rule name, so messages can say which rule was broken.
function fail(ctx: core.$RefinementCtx<string>, rule: string, message: string): void {
  ctx.addIssue({ code: 'custom', message, params: { rule } });
}

// A string checked by our own rule, which reports through fail().
function ruledString(check: (value: string, ctx: core.$RefinementCtx<string>) => void) {
  return string().check(superRefine(check));
}

const imageReference = ruledString((value, ctx) => {
  const problem = imageReferenceProblem(value);
  if (problem) fail(ctx, 'imageReference', `${JSON.stringify(value)} is not a valid image reference: ${problem}`);
});

const imagePullSecret = ruledString((value, ctx) => {
  const colon = value.indexOf(':');
  if (colon < 0) {
    fail(ctx, 'imagePullSecret', `${JSON.stringify(value)} must be namespace:secretName, e.g. default:my-registry-secret`);
    return;
  }
  const namespace = value.slice(0, colon);
  const secret = value.slice(colon + 1);
  const nsProblem = dns1123LabelProblem(namespace);
  if (nsProblem) fail(ctx, 'imagePullSecret', `namespace ${JSON.stringify(namespace)} of ${JSON.stringify(value)} ${nsProblem}`);
  const secretProblem =
    // Stryker disable next-line ConditionalExpression: equivalent while both limits are 253: dns1123SubdomainProblem reports the same
    secret.length > MAX_SECRET_NAME_LENGTH
      ? `must be no more than ${MAX_SECRET_NAME_LENGTH} characters (got ${secret.length})`
      : dns1123SubdomainProblem(secret);
  if (secretProblem) fail(ctx, 'imagePullSecret', `secret name ${JSON.stringify(secret)} of ${JSON.stringify(value)} ${secretProblem}`);
});

const objectName = ruledString((value, ctx) => {
  const problem = dns1123SubdomainProblem(value);
  if (problem) fail(ctx, 'dns1123Subdomain', `${JSON.stringify(value)} ${problem}`);
});

const stringMap = record(string(), string());

/** Builds the spec schema for the given options. */
export function createImageCacheSpecSchema(options: ValidationOptions = {}) {
  const maxImages = options.maxImages ?? MAX_IMAGES_PER_CACHE;
  return strictObject({
    /** 1 to `maxImages` (default 20) valid image references. */
    images: array(imageReference).check(minLength(1), maxLength(maxImages)),
    /** Optional `namespace:secretName` references: a DNS-1123 label, a DNS-1123 subdomain of at most 253 characters. */
    imagePullSecrets: optional(array(imagePullSecret)),
    /** Optional snapshot disk size, a whole number of GiB within ECI's limits. */
    imageCacheSize: optional(int().check(gte(MIN_IMAGE_CACHE_SIZE_GIB), lte(MAX_IMAGE_CACHE_SIZE_GIB))),
    /** Optional days the cache is kept, a whole number within ECI's limits. */
    retentionDays: optional(int().check(gte(MIN_RETENTION_DAYS), lte(MAX_RETENTION_DAYS))),
  });
}

/** Builds the ImageCache schema for the given options. */
export function createImageCacheSchema(options: ValidationOptions = {}) {
  return looseObject({
    /** `eci.alibabacloud.com/v1`, or left out. */
    apiVersion: optional(literal(IMAGE_CACHE_API_VERSION)),
    /** `ImageCache`, or left out. */
    kind: optional(literal(IMAGE_CACHE_KIND)),
    /** Metadata: `name` is checked, other fields pass unchecked. */
    metadata: looseObject({
      /** Required, a DNS-1123 subdomain. */
      name: objectName,
      /** Optional map of label keys to string values. */
      labels: optional(stringMap),
      /** Optional map of annotation keys to string values. */
      annotations: optional(stringMap),
    }),
    /** The spec, checked by {@link createImageCacheSpecSchema}. */
    spec: createImageCacheSpecSchema(options),
    /** Optional and unchecked: the controller owns status, so whatever it wrote passes, unknown phases included. */
    status: optional(looseObject({})),
  });
}

/** zod schema of an ImageCache's `spec`, with ECI's limits. */
export const ImageCacheSpecSchema: ZodMiniType<ImageCacheSpec> = createImageCacheSpecSchema() as never;
/** zod schema of an ImageCache, with ECI's limits. `apiVersion` and `kind` may be left out. */
export const ImageCacheSchema: ZodMiniType<Omit<ImageCache, 'apiVersion' | 'kind'> & Partial<Pick<ImageCache, 'apiVersion' | 'kind'>>> =
  createImageCacheSchema() as never;
