// @ts-check
import { mutationGroup } from './shared.mjs';

// The client's pure decision modules: retry decisions, backoff, and redaction of secrets.
export default mutationGroup({ group: 'client', mutate: ['src/client/{backoff,redaction,retry*,scrub*,secret*}.ts'] });
