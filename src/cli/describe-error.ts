import { isNetworkError } from '../client/errors.js';

/**
 * One line for an error; secrets never reach it because the SDK's errors redact them. A refused
 * connection names the server the way kubectl does.
 */
export function describeError(err: unknown): string {
  if (isNetworkError(err) && err.code === 'ECONNREFUSED') {
    const cause = err.cause as { address?: string; port?: number } | undefined;
    const server = cause?.address ? `${cause.address}${cause.port ? `:${cause.port}` : ''}` : err.message;
    return `the connection to the server ${server} was refused - is the API server running, and did you specify the right host or port?`;
  }
  if (err instanceof Error) return err.message.split('\n').filter(Boolean).join('; ');
  return String(err);
}
