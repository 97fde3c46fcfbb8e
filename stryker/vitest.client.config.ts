import { groupConfig } from './vitest-group.js';

// Retries, backoff and redaction show through the client: its unit tests and its HTTP-level
// tests against a local server (the TLS handshakes exercise none of them).
export default groupConfig(['test/client/**/*.test.ts'], ['test/client/tls.test.ts']);
