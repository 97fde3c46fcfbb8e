import { inspect } from 'node:util';

/** The error `promise` rejects with; throws when it resolves or rejects with a non-Error. */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected a rejection');
  return error;
}

/** Everything a careless logger could print about an error: message, stack, JSON and util.inspect. */
export function everythingAbout(error: Error): string {
  return [error.message, error.stack, JSON.stringify(error), inspect(error, { depth: 10, showHidden: true })].join('\n');
}
