import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** PEM files made by openssl for the tests, and their paths. */
export interface Pki {
  readonly dir: string;
  readonly caCert: string;
  readonly caCertPath: string;
  /** A second CA that signed nothing the server presents. */
  readonly otherCaCert: string;
  /** SAN 127.0.0.1 and DNS kube.test. */
  readonly serverCert: string;
  readonly serverKey: string;
  /** SAN DNS kube.test only: reachable at 127.0.0.1 only with tls-server-name. */
  readonly namedServerCert: string;
  readonly namedServerKey: string;
  /** CN alice, O developers. */
  readonly clientCert: string;
  readonly clientKey: string;
  readonly clientCertPath: string;
  readonly clientKeyPath: string;
}

async function key(dir: string, name: string): Promise<void> {
  await run('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', join(dir, `${name}.key`)]);
}

async function selfSigned(dir: string, name: string, subject: string): Promise<void> {
  await key(dir, name);
  await run('openssl', ['req', '-x509', '-new', '-key', join(dir, `${name}.key`), '-out', join(dir, `${name}.crt`), '-days', '2', '-subj', subject]);
}

async function signed(dir: string, name: string, subject: string, extensions: string): Promise<void> {
  await key(dir, name);
  await run('openssl', ['req', '-new', '-key', join(dir, `${name}.key`), '-out', join(dir, `${name}.csr`), '-subj', subject]);
  await writeFile(join(dir, `${name}.ext`), extensions);
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    join(dir, `${name}.csr`),
    '-CA',
    join(dir, 'ca.crt'),
    '-CAkey',
    join(dir, 'ca.key'),
    '-CAcreateserial',
    '-out',
    join(dir, `${name}.crt`),
    '-days',
    '2',
    '-extfile',
    join(dir, `${name}.ext`),
  ]);
}

/** Generates a CA, two server certificates, a client certificate and an unrelated CA in `dir`. */
export async function makePki(dir: string): Promise<Pki> {
  await selfSigned(dir, 'ca', '/CN=eci-imagecache test CA');
  await selfSigned(dir, 'other-ca', '/CN=some other CA');
  await signed(dir, 'server', '/CN=kube-apiserver', 'subjectAltName=IP:127.0.0.1,DNS:kube.test\nextendedKeyUsage=serverAuth\n');
  await signed(dir, 'named-server', '/CN=kube-apiserver', 'subjectAltName=DNS:kube.test\nextendedKeyUsage=serverAuth\n');
  await signed(dir, 'client', '/O=developers/CN=alice', 'extendedKeyUsage=clientAuth\n');
  const text = (name: string) => readFile(join(dir, name), 'utf8');
  return {
    dir,
    caCert: await text('ca.crt'),
    caCertPath: join(dir, 'ca.crt'),
    otherCaCert: await text('other-ca.crt'),
    serverCert: await text('server.crt'),
    serverKey: await text('server.key'),
    namedServerCert: await text('named-server.crt'),
    namedServerKey: await text('named-server.key'),
    clientCert: await text('client.crt'),
    clientKey: await text('client.key'),
    clientCertPath: join(dir, 'client.crt'),
    clientKeyPath: join(dir, 'client.key'),
  };
}
