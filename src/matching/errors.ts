/**
 * Errors thrown by the matching functions. Everything else they report (why no cache was chosen,
 * what lint found) is data in their results, not an exception.
 * @packageDocumentation
 */
import { EciImageCacheError, isErrorOf } from '../errors/base.js';

/** Thrown when the target is neither a Pod, a pod template, nor a workload holding one. */
export class UnsupportedTargetError extends EciImageCacheError {
  /** Always `'UnsupportedTargetError'`. */
  override readonly name = 'UnsupportedTargetError';
  /** The target's `kind`, when it has one. */
  readonly kind: string | undefined;

  /** `kind` is the target's kind, if any; `detail` says what was missing. */
  constructor(kind: string | undefined, detail: string) {
    super(`cannot read a pod template from ${kind ? `kind ${kind}` : 'this object'}: ${detail}`);
    this.kind = kind;
  }
}

/**
 * True when `value` is an {@link UnsupportedTargetError}.
 *
 * @example
 * ```ts
 * try { selectImageCache({ kind: 'Service' }, caches); } catch (err) { if (isUnsupportedTargetError(err)) console.log(err.kind); }
 * ```
 */
export function isUnsupportedTargetError(value: unknown): value is UnsupportedTargetError {
  return isErrorOf(value, UnsupportedTargetError);
}

/** Thrown when a matching option has a value that cannot be used (a `now` that is not a time, a negative size). */
export class InvalidMatchOptionError extends EciImageCacheError {
  /** Always `'InvalidMatchOptionError'`. */
  override readonly name = 'InvalidMatchOptionError';
  /** The option's name, e.g. `now` or `imageSizes`. */
  readonly option: string;

  /** `option` names the option, `detail` the rule its value breaks. */
  constructor(option: string, detail: string) {
    super(`invalid matching option ${option}: ${detail}`);
    this.option = option;
  }
}

/**
 * True when `value` is an {@link InvalidMatchOptionError}.
 *
 * @example
 * ```ts
 * try { createImageCacheMatcher(caches, { now: 'yesterday' }); } catch (err) { console.log(isInvalidMatchOptionError(err)); } // true
 * ```
 */
export function isInvalidMatchOptionError(value: unknown): value is InvalidMatchOptionError {
  return isErrorOf(value, InvalidMatchOptionError);
}
