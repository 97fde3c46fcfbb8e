import * as http from 'node:http';
import * as https from 'node:https';
import type { ClusterConnection } from '../connection.js';
// One CONNECT tunnel implementation for the SDK: the kubeconfig module's, which also verifies https proxies.
import { createHttpsAgent } from './tls.js';

/** The agents one client uses for its whole life, so sockets and TLS sessions are reused. */
export interface ClientAgents {
  readonly httpAgent: http.Agent;
  readonly httpsAgent: https.Agent;
  /** Destroys the agents this module created; agents the caller passed in are left alone. */
  destroy(): void;
}

// Pooled sockets get TCP keep-alive probes, so a half-open connection is noticed.
const KEEP_ALIVE = { keepAlive: true, keepAliveMsecs: 30_000 } as const;

/**
 * Builds one keep-alive agent per protocol from the connection's TLS fields; for an `https://`
 * server behind `proxyUrl`, the https agent tunnels with CONNECT.
 *
 * @example
 * ```ts
 * const agents = createAgents({ server: 'https://10.0.0.1:6443', caData }, {});
 * ```
 */
export function createAgents(
  connection: ClusterConnection,
  given: { readonly httpAgent?: http.Agent | undefined; readonly httpsAgent?: https.Agent | undefined },
): ClientAgents {
  const owned: http.Agent[] = [];
  let httpAgent = given.httpAgent;
  if (!httpAgent) {
    httpAgent = new http.Agent(KEEP_ALIVE);
    owned.push(httpAgent);
  }
  let httpsAgent = given.httpsAgent;
  if (!httpsAgent) {
    httpsAgent = createHttpsAgent(connection, { ...KEEP_ALIVE });
    owned.push(httpsAgent);
  }
  return {
    httpAgent,
    httpsAgent,
    destroy: () => {
      for (const agent of owned) agent.destroy();
    },
  };
}
