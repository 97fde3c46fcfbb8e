/**
 * Errors thrown by {@link planImageCaches}: bad options and bad workloads, before anything is planned.
 * @packageDocumentation
 */
import { EciImageCacheError, isErrorOf } from '../errors/base.js';

/** Thrown when a planning option cannot be used; names the option and the rule it breaks. */
export class InvalidPlanOptionError extends EciImageCacheError {
  /** Always `'InvalidPlanOptionError'`. */
  override readonly name = 'InvalidPlanOptionError';
  /** The option's name, e.g. `maxImages` or `imageCacheSize`. */
  readonly option: string;

  /** `option` names the option, `detail` the rule its value breaks. */
  constructor(option: string, detail: string) {
    super(`invalid planning option ${option}: ${detail}`);
    this.option = option;
  }
}

/**
 * True when `value` is an {@link InvalidPlanOptionError}.
 *
 * @example
 * ```ts
 * try {
 *   planImageCaches(workloads, [], { maxImages: 50 });
 * } catch (err) {
 *   console.log(isInvalidPlanOptionError(err)); // true
 * }
 * ```
 */
export function isInvalidPlanOptionError(value: unknown): value is InvalidPlanOptionError {
  return isErrorOf(value, InvalidPlanOptionError);
}

/** Thrown when a workload cannot be planned for: no pod template, or an image that is not a reference. */
export class InvalidPlanWorkloadError extends EciImageCacheError {
  /** Always `'InvalidPlanWorkloadError'`. */
  override readonly name = 'InvalidPlanWorkloadError';
  /** The workload's position in the list given. */
  readonly index: number;
  /** Where in the workload, e.g. `spec.template.spec.containers[1].image`; empty for the whole workload. */
  readonly path: string;

  /** `index` and `label` identify the workload, `path` the place in it, `detail` the problem. */
  constructor(index: number, label: string, path: string, detail: string) {
    super(`workloads[${index}] (${label})${path ? ` ${path}` : ''}: ${detail}`);
    this.index = index;
    this.path = path;
  }
}

/**
 * True when `value` is an {@link InvalidPlanWorkloadError}.
 *
 * @example
 * ```ts
 * try {
 *   planImageCaches([{ name: 'x', images: ['Bad Ref'] }], []);
 * } catch (err) {
 *   console.log(isInvalidPlanWorkloadError(err)); // true
 * }
 * ```
 */
export function isInvalidPlanWorkloadError(value: unknown): value is InvalidPlanWorkloadError {
  return isErrorOf(value, InvalidPlanWorkloadError);
}
