// @ts-check
import { mutationGroup } from './shared.mjs';

// The client's pure decision modules: retry decisions and backoff, redaction of secrets, what an
// answer means (transport/responses) and the retry loop of one request (transport/with-retry).
export default mutationGroup({
  group: 'client',
  mutate: ['src/client/{backoff,redaction,retry*,scrub*,secret*}.ts', 'src/client/transport/{responses,with-retry,retry*,backoff*}.ts'],
});
