import { docsPreamble } from '../preamble.js';
const { client } = docsPreamble();
import { isPaginationError, PaginationError } from 'eci-imagecache';

try {
  for await (const cache of client.listAll({ onContinueExpired: 'inconsistent' })) console.log(cache.metadata.name);
} catch (err) {
  if (isPaginationError(err))
    console.error(err.problem, err.pages); // err instanceof PaginationError
  else throw err;
}
export {};
