// Issue #12, defects 2 and 6 and the connection-secrets risk: credentials never travel over plain
// http (kubectl's rule, after every override), and a server that echoes them back never gets them
// quoted in an error, an error's Status, or the CLI's stderr.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ImageCacheClient,
  PlainHttpCredentialsError,
  isPlainHttpCredentialsError,
  type ClusterConnection,
  type ImageCacheClientOptions,
} from '../../src/client/index.js';
import { loadKubeConfig } from '../../src/client/kubeconfig/index.js';
import { serverImageCache } from '../client/helpers/fixtures.js';
import { sendJson, startTestServer, type TestServer } from '../client/helpers/test-server.js';
import { runCliIn, type CliRun } from '../support/cli.js';

const fixture = (name: string): string => readFileSync(new URL(`../client/fixtures/${name}`, import.meta.url), 'utf8');
const CA = fixture('ca.crt');
// Not JWT-shaped and sent bare: only the scrubber's knowledge of the client's own secrets can mask them.
const TOKEN = 'plain-static-token-7f3a9c2e51';
const PASSWORD = 'basic-password-d41d8cd98f';
const EXEC_TOKEN = 'exec-plugin-token-0c4e2b9a77';
const KEY_PEM = fixture('client.key');
const KEY_LINE = KEY_PEM.split('\n').find((line) => /^[A-Za-z0-9+/=]{40,}$/.test(line))!;
const SECRETS = [TOKEN, PASSWORD, EXEC_TOKEN, KEY_LINE];

/** Every way an error gets printed or serialized. */
function views(error: unknown): string[] {
  const err = error as Error & { status?: unknown; causes?: unknown };
  return [
    String(err),
    err.message,
    err.stack ?? '',
    JSON.stringify(err),
    JSON.stringify(err.status ?? null),
    JSON.stringify(err.causes ?? null),
    inspect(err, { depth: 10, showHidden: true }),
  ];
}

function expectScrubbed(error: unknown): void {
  expect(error).toBeInstanceOf(Error);
  for (const view of views(error)) for (const secret of SECRETS) expect(view).not.toContain(secret);
  expect(views(error).join('\n')).toContain('[REDACTED]');
}

describe('credentials over plain http (defect 2)', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const plainServers = ['http://127.0.0.1:8001', 'http://localhost:8001', 'http://[::1]:8001', 'http://k8s.example.com'];
  const credentialSets: [string, Partial<ClusterConnection>][] = [
    ['token', { token: TOKEN }],
    ['username, password', { username: 'admin', password: PASSWORD }],
    ['credentials', { credentials: { getToken: async () => EXEC_TOKEN } }],
  ];
  it.each(plainServers.flatMap((url) => credentialSets.map(([fields, c]) => [url, fields, c] as const)))(
    'new ImageCacheClient({ server: %s, %s }) refuses, naming the opt-in option; loopback is no exception',
    (url, fields, credentials) => {
      let error: unknown;
      try {
        new ImageCacheClient({ server: url, ...credentials });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PlainHttpCredentialsError);
      expect(isPlainHttpCredentialsError(error)).toBe(true);
      expect((error as PlainHttpCredentialsError).fields.join(', ')).toBe(fields);
      expect((error as Error).message).toContain('allowCredentialsOverHttp');
      for (const view of views(error)) for (const secret of SECRETS) expect(view).not.toContain(secret);
    },
  );

  it('without credentials, or over https, or with the explicit opt-in, the client is built', async () => {
    new ImageCacheClient({ server: 'http://127.0.0.1:8001' }).close();
    new ImageCacheClient({ server: 'https://127.0.0.1:8001', token: TOKEN }).close();
    server = await startTestServer((_req, res) => sendJson(res, 200, serverImageCache('web')));
    const client = new ImageCacheClient({ server: server.url, token: TOKEN }, { allowCredentialsOverHttp: true, retry: false });
    await client.get('web');
    client.close();
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  const cli = (args: string[], env: Record<string, string> = {}) => runCliIn(tmpdir(), args, env);

  it('CLI: get --server http://... --token T sends no Authorization, as kubectl', async () => {
    server = await startTestServer((_req, res) =>
      sendJson(res, 200, { apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCacheList', metadata: {}, items: [] }),
    );
    const result = await cli(['get', '--server', server.url, '--token', TOKEN]);
    expect(result.code).toBe(0);
    expect(result.err).toContain('warning: the server is plain http, so like kubectl the SDK ignores: token');
    expect(server.requests.length).toBeGreaterThan(0);
    for (const request of server.requests) expect(request.headers.authorization).toBeUndefined();
    expect(result.err + result.out).not.toContain(TOKEN);
  });

  it('CLI: a kubeconfig with an https server and a token, overridden with --server http://..., sends no Authorization', async () => {
    server = await startTestServer((_req, res) =>
      sendJson(res, 200, { apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCacheList', metadata: {}, items: [] }),
    );
    const dir = mkdtempSync(join(tmpdir(), 'i12-kubeconfig-'));
    const path = join(dir, 'config');
    writeFileSync(path, kubeconfig('https://10.255.255.1:6443', { token: TOKEN }), { mode: 0o600 });
    for (const extra of [[], ['--token', 'flag-token-9d8c7b6a5f']]) {
      const result = await cli(['get', '--kubeconfig', path, '--server', server.url, ...extra]);
      expect(result.code).toBe(0);
      expect(result.err).toContain('ignores: token');
    }
    for (const request of server.requests) expect(request.headers.authorization).toBeUndefined();
  });
});

function kubeconfig(serverUrl: string, user: Record<string, string>): string {
  const userYaml = Object.entries(user)
    .map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`)
    .join('\n');
  return `apiVersion: v1
kind: Config
current-context: c
clusters:
- name: c
  cluster:
    server: ${serverUrl}
    certificate-authority-data: ${Buffer.from(CA).toString('base64')}
users:
- name: u
  user:
${userYaml}
contexts:
- name: c
  context: {cluster: c, user: u}
`;
}

/** What the echoing server does with the secret it was sent. */
type Echo = (secret: string, req: IncomingMessage, res: ServerResponse) => void;

/** An https server that finds the credential in each request and hands it to `echo`. */
async function startEchoServer(echo: Echo): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer({ key: fixture('server.key'), cert: fixture('server.crt') }, (req, res) => {
    req.resume();
    const header = req.headers.authorization ?? '';
    const [scheme, value = ''] = header.split(' ');
    const secret = scheme === 'Basic' ? (Buffer.from(value, 'base64').toString('utf8').split(':')[1] ?? '') : value;
    // The client key is only known to the client: a careless server could still quote it.
    echo(`${secret} ${KEY_LINE}`, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const json = (res: ServerResponse, code: number, body: unknown) => {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};
const watchLines = (res: ServerResponse, lines: string[]) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(lines.map((line) => `${line}\n`).join(''));
};

const ECHOES: Record<string, Echo> = {
  'a 200 with the wrong kind': (s, _req, res) => json(res, 200, { kind: `Evil ${s}`, apiVersion: s, metadata: { name: s } }),
  'a 200 with another object than the one asked for': (s, _req, res) => json(res, 200, { ...serverImageCache('other'), metadata: { name: `other-${s}` } }),
  'a Status whose details quote it (causes, name)': (s, _req, res) =>
    json(res, 422, {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      code: 422,
      reason: 'Invalid',
      message: `invalid: ${s}`,
      details: { name: s, kind: s, causes: [{ reason: 'FieldValueInvalid', message: `bad ${s}`, field: s }] },
    }),
  'a proxy page quoting it': (s, _req, res) => {
    res.writeHead(502, { 'Content-Type': 'text/html' });
    res.end(`<html>echo ${s}</html>`);
  },
};

const WATCH_ECHOES: Record<string, Echo> = {
  'a garbled watch line': (s, _req, res) => watchLines(res, [`not json ${s}`]),
  'a watch event without a type': (s, _req, res) => watchLines(res, [JSON.stringify({ object: { leaked: s } })]),
  'a watch ERROR Status': (s, _req, res) =>
    watchLines(res, [
      JSON.stringify({
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          code: 403,
          reason: 'Forbidden',
          message: `denied ${s}`,
          details: { name: s, causes: [{ message: s, field: s }] },
        },
      }),
    ]),
  'a watch event with an object of the wrong kind': (s, _req, res) =>
    watchLines(res, [JSON.stringify({ type: 'ADDED', object: { kind: s, apiVersion: s, metadata: { name: s } } })]),
};

// Each also carries the client key, which the server echoes beside the credential it was sent.
const TLS = { caData: CA, certData: fixture('client.crt'), keyData: KEY_PEM };
const CONNECTIONS: [string, Omit<ClusterConnection, 'server'>][] = [
  ['a static token', { token: TOKEN, ...TLS }],
  ['a Basic password', { username: 'admin', password: PASSWORD, ...TLS }],
  ['an exec token', { credentials: { getToken: async () => EXEC_TOKEN }, ...TLS }],
];

describe('echoed credentials (defect 6)', () => {
  let echo: { url: string; close(): Promise<void> } | undefined;
  let client: ImageCacheClient | undefined;
  afterEach(async () => {
    client?.close();
    await echo?.close();
    client = echo = undefined;
  });
  const options: ImageCacheClientOptions = { retry: false, watchRetry: false };

  for (const [how, connection] of CONNECTIONS) {
    it.each(Object.keys(ECHOES))(`get(): %s, with ${how}`, async (name) => {
      echo = await startEchoServer(ECHOES[name]!);
      client = new ImageCacheClient({ server: echo.url, ...connection }, options);
      expectScrubbed(await client.get('web').catch((e: unknown) => e));
    });

    it.each(Object.keys(WATCH_ECHOES))(`watch(): %s, with ${how}`, async (name) => {
      echo = await startEchoServer(WATCH_ECHOES[name]!);
      client = new ImageCacheClient({ server: echo.url, ...connection }, options);
      const error = await (async () => {
        for await (const _event of client!.watch({ resourceVersion: '1' })) {
          // Nothing valid is ever sent.
        }
      })().catch((e: unknown) => e);
      expectScrubbed(error);
    });
  }

  it('the Status of an echoed error is scrubbed where callers read it: err.status, err.causes', async () => {
    echo = await startEchoServer(ECHOES['a Status whose details quote it (causes, name)']!);
    client = new ImageCacheClient({ server: echo.url, token: TOKEN, ...TLS }, options);
    const error = (await client.get('web').catch((e: unknown) => e)) as {
      status: { details: { name: string; causes: { field: string }[] } };
      causes: { message: string }[];
    };
    expect(error.status.details.name).toBe('[REDACTED] [REDACTED]');
    expect(error.status.details.causes[0]!.field).toBe('[REDACTED] [REDACTED]');
    expect(error.causes[0]!.message).toBe('bad [REDACTED] [REDACTED]');
  });

  async function cliAgainst(echoFn: Echo, args: string[]): Promise<CliRun> {
    echo = await startEchoServer(echoFn);
    const dir = mkdtempSync(join(tmpdir(), 'i12-echo-'));
    const path = join(dir, 'config');
    const clientCert = {
      'client-certificate-data': Buffer.from(fixture('client.crt')).toString('base64'),
      'client-key-data': Buffer.from(KEY_PEM).toString('base64'),
    };
    writeFileSync(path, kubeconfig(echo.url, { token: TOKEN, ...clientCert }), { mode: 0o600 });
    return runCliIn(dir, [...args, '--kubeconfig', path]);
  }

  it.each(Object.keys(ECHOES))('CLI get NAME: %s never reaches stderr', async (name) => {
    const result = await cliAgainst(ECHOES[name]!, ['get', 'web', '--verbose']);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^error: /);
    for (const secret of SECRETS) expect(result.err + result.out).not.toContain(secret);
  });

  // The failures a watch cannot retry reach stderr at once; garbled lines are retried (covered above).
  const CLI_WATCH_ECHOES: Record<string, Echo> = {
    'a watch ERROR Status': WATCH_ECHOES['a watch ERROR Status']!,
    'a 403 Status answering the watch': (s, _req, res) =>
      json(res, 403, {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        code: 403,
        reason: 'Forbidden',
        message: `forbidden ${s}`,
        details: { name: s, causes: [{ message: s }] },
      }),
  };
  it.each(Object.keys(CLI_WATCH_ECHOES))('CLI get -w: %s never reaches stderr', async (name) => {
    const list = { apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCacheList', metadata: { resourceVersion: '5' }, items: [] };
    const result = await cliAgainst(
      (s, req, res) => (req.url?.includes('watch=') ? CLI_WATCH_ECHOES[name]!(s, req, res) : json(res, 200, list)),
      ['get', '-w', '--verbose'],
    );
    expect(result.code).toBe(1);
    for (const secret of SECRETS) expect(result.err + result.out).not.toContain(secret);
  });
});

describe('resolved connections keep secrets out of enumerable own properties (risk)', () => {
  it('spreading or cloning a kubeconfig connection, then JSON.stringify, shows no token or key; the client still authenticates', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'i12-conn-'));
    const path = join(dir, 'config');
    writeFileSync(
      path,
      kubeconfig('https://127.0.0.1:6443', {
        token: TOKEN,
        'client-certificate-data': Buffer.from(fixture('client.crt')).toString('base64'),
        'client-key-data': Buffer.from(KEY_PEM).toString('base64'),
      }),
      { mode: 0o600 },
    );
    const { connection } = await loadKubeConfig({ path });
    expect(connection.token).toBe(TOKEN);
    expect(connection.keyData).toBe(KEY_PEM);
    for (const copy of [{ ...connection }, structuredClone(connection), JSON.parse(JSON.stringify(connection)) as unknown]) {
      const text = JSON.stringify(copy);
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(KEY_LINE);
    }
    expect(Object.keys(connection)).not.toContain('token');
    expect(Object.keys(connection)).not.toContain('keyData');
  });
});
