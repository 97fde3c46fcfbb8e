import { afterEach } from 'vitest';
import { ImageCacheClient, type ImageCacheClientOptions } from '../../../src/client/index.js';
import { startTestServer, type Handler, type TestServer } from './test-server.js';

/** The test server and client a test opened; both are closed, and forgotten, after each test. */
export interface OpenPerTest {
  server: TestServer | undefined;
  client: ImageCacheClient | undefined;
}

/** Call at the top of a `describe` (or file): what tests put in the returned object is closed after each test. */
export function closedAfterEach(): OpenPerTest {
  const open: OpenPerTest = { server: undefined, client: undefined };
  afterEach(async () => {
    open.client?.close();
    await open.server?.close();
    open.server = open.client = undefined;
  });
  return open;
}

/** {@link closedAfterEach}, plus `start`: a server answering with `handler` and a client of it (with `defaults` unless given options). */
export function clientPerTest(defaults: ImageCacheClientOptions = {}) {
  const open = closedAfterEach();
  return Object.assign(open, {
    async start(handler: Handler, options: ImageCacheClientOptions = defaults): Promise<ImageCacheClient> {
      open.server = await startTestServer(handler);
      open.client = new ImageCacheClient({ server: open.server.url }, options);
      return open.client;
    },
  });
}
