/**
 * The root of every error the package throws, and the guards that recognise them. A user may load
 * the ESM and the CommonJS build side by side (or several entry points of one build, each with its
 * own copy of a class), so `instanceof` alone misses errors made by the other copy: the guards also
 * check a brand kept under a `Symbol.for` key, which every copy shares, and the class names along
 * the error's prototype chain. Like ky's `isHTTPError` (`instanceof` or the same `name`).
 * @packageDocumentation
 */

/** Marks an object as one of this package's errors, whichever copy of the package made it. */
const FAMILY_BRAND = Symbol.for('eci-imagecache.error');

/**
 * Base of every error the package throws: client, kubeconfig, validation and matching errors alike.
 * It adds no fields: each subclass carries its own plain data.
 *
 * To declare a new error class, extend this one and give it a guard built on `isErrorOf` (src/errors/base.ts, internal):
 *
 * ```ts
 * export class InformerStoppedError extends EciImageCacheError {
 *   override readonly name = 'InformerStoppedError';
 * }
 * export function isInformerStoppedError(value: unknown): value is InformerStoppedError {
 *   return isErrorOf(value, InformerStoppedError);
 * }
 * ```
 *
 * A guard recognises a copy of the class from the other build by its class name, so a class name
 * must be unique in the package (the build keeps class names: `keepNames` in tsup.config.ts).
 *
 * @example
 * ```ts
 * try { await client.create(cache); } catch (err) {
 *   if (err instanceof EciImageCacheError) console.error(`${err.name}: ${err.message}`);
 *   else throw err;
 * }
 * ```
 */
export abstract class EciImageCacheError extends Error {}

Object.defineProperty(EciImageCacheError.prototype, FAMILY_BRAND, { value: true });

/**
 * True when `value` is an error thrown by this package, made by this copy or by another one (the
 * ESM and the CommonJS build loaded side by side).
 *
 * @example
 * ```ts
 * try { await client.get('web'); } catch (err) {
 *   if (isEciImageCacheError(err)) console.error(err.message); // no token, key or password in it
 *   else throw err;
 * }
 * ```
 */
export function isEciImageCacheError(value: unknown): value is EciImageCacheError {
  return value instanceof EciImageCacheError || (typeof value === 'object' && value !== null && (value as { [FAMILY_BRAND]?: unknown })[FAMILY_BRAND] === true);
}

/** A class of error, abstract ones included. */
export type ErrorClass<T extends EciImageCacheError> = abstract new (...args: never[]) => T;

/**
 * True when `value` is an instance of `errorClass` or of a subclass, from this copy of the package
 * or from another: the brand plus a class of the same name on its prototype chain.
 *
 * @example
 * ```ts
 * isErrorOf(err, KubernetesNetworkError); // true for a RequestTimeoutError too
 * ```
 */
export function isErrorOf<T extends EciImageCacheError>(value: unknown, errorClass: ErrorClass<T>): value is T {
  if (value instanceof errorClass) return true;
  if (!isEciImageCacheError(value)) return false;
  for (let proto: unknown = Object.getPrototypeOf(value); proto !== null && proto !== Error.prototype; proto = Object.getPrototypeOf(proto)) {
    const owner = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value as { name?: unknown } | undefined;
    if (owner?.name === errorClass.name) return true;
  }
  return false;
}
