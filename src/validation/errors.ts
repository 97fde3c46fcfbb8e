import { EciImageCacheError, isErrorOf } from '../errors/base.js';
/** The rule a value broke. */
export type ValidationRule =
  | 'required'
  | 'type'
  | 'integer'
  | 'minimum'
  | 'maximum'
  | 'minItems'
  | 'maxItems'
  | 'maxLength'
  | 'dns1123Subdomain'
  | 'dns1123Label'
  | 'imageReference'
  | 'imagePullSecret'
  | 'unknownField'
  | 'constant'
  | 'syntax';

/** One problem found in a value, with where it is and how to fix it. */
export interface ValidationIssue {
  /** Dotted path of the field, e.g. `spec.imageCacheSize` or `spec.images.2`; empty for the whole value. */
  readonly path: string;
  /** The rule that was broken. */
  readonly rule: ValidationRule;
  /** A message a person can act on; it names the field. */
  readonly message: string;
  /** For manifests: the 1-based line of the problem, where the parser knows it. */
  readonly line?: number | undefined;
  /** For manifests with several documents: the 0-based index of the document. */
  readonly document?: number | undefined;
}

/** The outcome of a `validate*` function. */
export type ValidationResult<T> =
  | {
      /** The value is valid. */
      readonly success: true;
      /** The value, typed. */
      readonly data: T;
    }
  | {
      /** The value is not valid. */
      readonly success: false;
      /** Every problem found, not only the first. */
      readonly issues: readonly ValidationIssue[];
    };

/** Thrown by `assertValid*` functions and by the client before it sends an invalid object. */
export class ImageCacheValidationError extends EciImageCacheError {
  /** Always `'ImageCacheValidationError'`. */
  override readonly name = 'ImageCacheValidationError';
  /** Every problem found, not only the first. */
  readonly issues: readonly ValidationIssue[];

  /** `issues` are every problem found (at least one); `subject` names what was validated in the message, `ImageCache` by default. */
  constructor(issues: readonly ValidationIssue[], subject = 'ImageCache') {
    const lines = issues.map((i) => `  - ${i.line !== undefined ? `line ${i.line}: ` : ''}${i.message}`);
    super(`invalid ${subject} (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
    this.issues = issues;
  }
}

/** True when `value` is an {@link ImageCacheValidationError}. */
export function isImageCacheValidationError(value: unknown): value is ImageCacheValidationError {
  return isErrorOf(value, ImageCacheValidationError);
}
