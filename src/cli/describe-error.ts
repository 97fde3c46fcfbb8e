import { isNetworkError } from '../client/errors.js';
import { scrubSecrets } from '../client/redaction.js';

/**
 * One line for an error. The SDK's errors are scrubbed where they are built; anything shaped like
 * a credential is masked once more here, since errors from elsewhere reach stderr too. A refused
 * connection names the server the way kubectl does.
 */
export function describeError(err: unknown): string {
  if (isNetworkError(err) && err.code === 'ECONNREFUSED') {
    const cause = err.cause as { address?: string; port?: number } | undefined;
    const server = cause?.address ? `${cause.address}${cause.port ? `:${cause.port}` : ''}` : err.message;
    return `the connection to the server ${server} was refused - is the API server running, and did you specify the right host or port?`;
  }
  if (err instanceof Error) return scrubSecrets(err.message.split('\n').filter(Boolean).join('; '));
  return scrubSecrets(String(err));
}
