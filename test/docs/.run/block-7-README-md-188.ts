import { docsPreamble } from '../preamble.js';
import { ImageCacheClient, PlainHttpCredentialsError, isPlainHttpCredentialsError } from 'eci-imagecache';

try {
  new ImageCacheClient({ server: 'http://127.0.0.1:8001', token: 'T' });
} catch (err) {
  if (isPlainHttpCredentialsError(err)) console.error(err.fields); // ['token']; err instanceof PlainHttpCredentialsError
}
const local = new ImageCacheClient({ server: 'http://127.0.0.1:8001', token: 'T' }, { allowCredentialsOverHttp: true });
export {};
