// toValidationIssues on its own: the ImageCache schemas reach only some of zod's issue shapes, but
// the converter promises a rule and a field for every issue zod can report, so a schema change
// (a string with a maximum, a list needing two entries, a second constant) reads as well.
import { array, literal, minLength, maxLength, number, regex, strictObject, string, type core } from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { toValidationIssues } from '../../src/validation/validate.js';

function issuesOf(schema: { safeParse(value: unknown): { success: boolean; error?: core.$ZodError } }, value: unknown, prefix?: string) {
  const result = schema.safeParse(value);
  if (result.success || !result.error) throw new Error('expected the value to be refused');
  return toValidationIssues(result.error, value, prefix);
}

/** A zod error with hand-made issues, for shapes no schema produces with a matching input. */
const errorOf = (...issues: Record<string, unknown>[]) => ({ issues }) as unknown as core.$ZodError;

describe('toValidationIssues with real zod issues', () => {
  it('a string over its maximum is maxLength, in characters', () => {
    expect(issuesOf(strictObject({ note: string().check(maxLength(3)) }), { note: 'abcd' })).toEqual([
      { path: 'note', rule: 'maxLength', message: 'note must be at most 3 characters' },
    ]);
  });

  it('a list under a minimum above one counts entries in the plural', () => {
    expect(issuesOf(strictObject({ tags: array(string()).check(minLength(2)) }), { tags: ['a'] })).toEqual([
      { path: 'tags', rule: 'minItems', message: 'tags must have at least 2 entries' },
    ]);
  });

  it('a value that is none of several constants names them all', () => {
    expect(issuesOf(strictObject({ mode: literal(['a', 'b']) }), { mode: 'c' })).toEqual([
      { path: 'mode', rule: 'constant', message: 'mode must be "a" or "b", got the string "c"' },
    ]);
  });

  it('an unknown field outside spec lists no spec fields, and a top-level one has no leading dot', () => {
    expect(issuesOf(strictObject({ a: string() }), { a: 'x', imagez: 1 })).toEqual([
      { path: 'imagez', rule: 'unknownField', message: 'imagez is not a known field (known: )' },
    ]);
    expect(issuesOf(strictObject({ images: array(string()) }), { images: [], imagez: 1 }, 'spec')).toEqual([
      { path: 'spec.imagez', rule: 'unknownField', message: 'spec.imagez is not a known field: did you mean spec.images?' },
    ]);
  });

  it('an issue code it has no words for (a format) is a type issue with zod’s message', () => {
    expect(issuesOf(strictObject({ id: string().check(regex(/^[a-z]+$/)) }), { id: 'A1' })).toEqual([
      { path: 'id', rule: 'type', message: 'id: Invalid input' },
    ]);
  });

  it('the whole value is "the value"', () => {
    expect(issuesOf(number(), 'x')).toEqual([{ path: '', rule: 'type', message: 'the value must be a number, got the string "x"' }]);
  });
});

describe('toValidationIssues with issues no ImageCache input produces', () => {
  it('says "a whole number" when zod expects an integer of something that is not one', () => {
    const error = errorOf({ code: 'invalid_type', expected: 'int', path: ['size'], message: '' });
    expect(toValidationIssues(error, { size: Number.POSITIVE_INFINITY })).toEqual([
      { path: 'size', rule: 'type', message: 'size must be a whole number, got Infinity' },
    ]);
    expect(toValidationIssues(error, { size: 'big' })).toEqual([{ path: 'size', rule: 'type', message: 'size must be a whole number, got the string "big"' }]);
  });

  it('reads a path through null or a string as a missing value, not as a character', () => {
    const error = errorOf({ code: 'invalid_type', expected: 'string', path: ['a', 0], message: '' });
    expect(toValidationIssues(error, { a: null })).toEqual([{ path: 'a.0', rule: 'required', message: 'a.0 is required' }]);
    expect(toValidationIssues(error, { a: 'xyz' })).toEqual([{ path: 'a.0', rule: 'required', message: 'a.0 is required' }]);
  });

  it('describes a missing value as nothing, and a list it cannot count as ?', () => {
    expect(toValidationIssues(errorOf({ code: 'too_small', origin: 'number', minimum: 20, path: ['size'], message: '' }), {})).toEqual([
      { path: 'size', rule: 'minimum', message: 'size must be at least 20, got nothing' },
    ]);
    expect(toValidationIssues(errorOf({ code: 'too_big', origin: 'array', maximum: 2, path: ['images'], message: '' }), { images: 'x' })).toEqual([
      { path: 'images', rule: 'maxItems', message: 'images must have at most 2 entries, got ?' },
    ]);
  });

  it('a custom issue without a rule is a type issue', () => {
    expect(toValidationIssues(errorOf({ code: 'custom', path: ['x'], message: 'is odd' }), { x: 1 })).toEqual([
      { path: 'x', rule: 'type', message: 'x: is odd' },
    ]);
  });
});
