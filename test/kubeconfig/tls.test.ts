import { writeFile } from 'node:fs/promises';
import type https from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterConnection } from '../../src/client/connection.js';
import { createHttpsAgent, isProxyConnectError, loadKubeConfig } from '../../src/client/kubeconfig/index.js';
import { startHttpsServer, type TestHttpsServer } from './helpers/https-server.js';
import { makePki, type Pki } from './helpers/pki.js';
import { get, startConnectProxy, type TestProxy } from './helpers/request.js';
import { makeTempDir } from './helpers/tmp.js';

let pki: Pki;
let server: TestHttpsServer;
let namedServer: TestHttpsServer;
let cleanup: () => Promise<void>;
const agents: https.Agent[] = [];

function agentFor(connection: ClusterConnection): https.Agent {
  const agent = createHttpsAgent(connection);
  agents.push(agent);
  return agent;
}

beforeAll(async () => {
  const temp = await makeTempDir('tls');
  cleanup = temp.cleanup;
  pki = await makePki(temp.dir);
  server = await startHttpsServer({ cert: pki.serverCert, key: pki.serverKey, ca: pki.caCert });
  namedServer = await startHttpsServer({ cert: pki.namedServerCert, key: pki.namedServerKey, ca: pki.caCert });
});

afterAll(async () => {
  for (const agent of agents) agent.destroy();
  await server?.close();
  await namedServer?.close();
  await cleanup?.();
});

describe('createHttpsAgent against a real TLS server', () => {
  it('reaches the server with its CA and presents the client certificate', async () => {
    const agent = agentFor({ server: server.url, caData: pki.caCert, certData: pki.clientCert, keyData: pki.clientKey });
    const response = await get(`${server.url}/api`, agent);
    expect(response.status).toBe(200);
    expect(server.requests.at(-1)).toMatchObject({ path: '/api', clientCn: 'alice' });
  });

  it('sends no client certificate when the connection has none', async () => {
    const response = await get(`${server.url}/anonymous`, agentFor({ server: server.url, caData: pki.caCert }));
    expect(response.status).toBe(200);
    expect(server.requests.at(-1)).toMatchObject({ path: '/anonymous', clientCn: undefined });
  });

  it('rejects a server whose certificate another CA signed', async () => {
    await expect(get(`${server.url}/api`, agentFor({ server: server.url, caData: pki.otherCaCert }))).rejects.toMatchObject({
      code: expect.stringMatching(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER_CERT/),
    });
  });

  it('rejects the unknown CA with the system roots, and needs insecureSkipTlsVerify to reach it', async () => {
    await expect(get(`${server.url}/api`, agentFor({ server: server.url }))).rejects.toMatchObject({ code: expect.any(String) });
    const response = await get(`${server.url}/insecure`, agentFor({ server: server.url, insecureSkipTlsVerify: true }));
    expect(response.status).toBe(200);
  });

  it('honours tls-server-name: a certificate for kube.test only is accepted at 127.0.0.1 only with it', async () => {
    await expect(get(`${namedServer.url}/api`, agentFor({ server: namedServer.url, caData: pki.caCert }))).rejects.toMatchObject({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
    await expect(get(`${namedServer.url}/api`, agentFor({ server: namedServer.url, caData: pki.caCert, tlsServerName: 'wrong.test' }))).rejects.toMatchObject({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
    const response = await get(`${namedServer.url}/named`, agentFor({ server: namedServer.url, caData: pki.caCert, tlsServerName: 'kube.test' }));
    expect(response.status).toBe(200);
  });

  it('end to end: a kubeconfig with file references yields a connection that authenticates by certificate', async () => {
    const { dir, cleanup: remove } = await makeTempDir('tls-kubeconfig');
    try {
      const file = join(dir, 'config');
      await writeFile(
        file,
        JSON.stringify({
          'current-context': 'local',
          clusters: [{ name: 'local', cluster: { server: namedServer.url, 'certificate-authority': pki.caCertPath, 'tls-server-name': 'kube.test' } }],
          users: [{ name: 'alice', user: { 'client-certificate': pki.clientCertPath, 'client-key': pki.clientKeyPath } }],
          contexts: [{ name: 'local', context: { cluster: 'local', user: 'alice' } }],
        }),
      );
      const { connection } = await loadKubeConfig({ path: file, env: {} });
      const response = await get(`${namedServer.url}/from-kubeconfig`, agentFor(connection));
      expect(response.status).toBe(200);
      expect(namedServer.requests.at(-1)).toMatchObject({ path: '/from-kubeconfig', clientCn: 'alice' });
    } finally {
      await remove();
    }
  });
});

describe('createHttpsAgent through a proxy-url', () => {
  const proxies: TestProxy[] = [];
  afterAll(async () => {
    for (const proxy of proxies) await proxy.close();
  });

  it('tunnels through an http:// proxy with CONNECT and still verifies the server', async () => {
    const proxy = await startConnectProxy();
    proxies.push(proxy);
    const agent = agentFor({ server: server.url, caData: pki.caCert, certData: pki.clientCert, keyData: pki.clientKey, proxyUrl: proxy.url });
    const response = await get(`${server.url}/via-proxy`, agent);
    expect(response.status).toBe(200);
    expect(proxy.connects.map((c) => c.authority)).toContain(`127.0.0.1:${server.port}`);
    expect(server.requests.at(-1)).toMatchObject({ path: '/via-proxy', clientCn: 'alice' });

    const wrongCa = agentFor({ server: server.url, caData: pki.otherCaCert, proxyUrl: proxy.url });
    await expect(get(`${server.url}/via-proxy`, wrongCa)).rejects.toMatchObject({ code: expect.any(String) });
  });

  it('tunnels through an https:// proxy, sending the proxy-url credentials as Proxy-Authorization', async () => {
    const expected = `Basic ${Buffer.from('proxy-user:proxy-p@ss').toString('base64')}`;
    const proxy = await startConnectProxy({ tls: { cert: pki.serverCert, key: pki.serverKey }, requiredAuth: expected });
    proxies.push(proxy);
    const proxyUrl = proxy.url.replace('https://', 'https://proxy-user:proxy-p%40ss@');
    const response = await get(`${server.url}/via-https-proxy`, agentFor({ server: server.url, caData: pki.caCert, proxyUrl }));
    expect(response.status).toBe(200);
    expect(proxy.connects.at(-1)?.proxyAuthorization).toBe(expected);
  });

  it('fails with a ProxyConnectError that does not contain the proxy credentials when the proxy refuses', async () => {
    const proxy = await startConnectProxy({ requiredAuth: 'Basic never' });
    proxies.push(proxy);
    const proxyUrl = proxy.url.replace('http://', 'http://someone:hunter2-secret@');
    const error: unknown = await get(`${server.url}/refused`, agentFor({ server: server.url, caData: pki.caCert, proxyUrl })).catch((e: unknown) => e);
    expect(isProxyConnectError(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 407 });
    expect(String((error as Error).message)).not.toContain('hunter2-secret');
    expect(JSON.stringify(error)).not.toContain('hunter2-secret');
  });
});
