// The stricter scrubbing of credential plugins' text (maskCredentials), the client's one scrubber
// (SecretScrubber) and proxy URLs in messages (redactUrlCredentials), driven directly. The exec
// plugin and kubeconfig suites reach them through processes and files; each case here is one a
// mutation of src/client/redaction.ts survived in the client group.
import { describe, expect, it } from 'vitest';
import { maskCredentials, REDACTED, redactUrlCredentials, SecretScrubber, scrubSecrets } from '../../src/client/redaction.js';

describe('maskCredentials: a scheme word', () => {
  it.each([
    ['Authorization: Bearer ab$cd!ef', `Authorization: Bearer ${REDACTED}`],
    ['Authorization: Bearer   ab$cd!ef', `Authorization: Bearer ${REDACTED}`],
    ['auth=Basic dXNlcjpwYXNz;next', `auth=Basic ${REDACTED};next`],
    ['"bearer x%y", later', `"bearer ${REDACTED}", later`],
    ["header 'Bearer a:b' sent", `header 'Bearer ${REDACTED}' sent`],
  ])('hides everything after it up to a delimiter: %j', (text, expected) => {
    expect(maskCredentials(text, [])).toBe(expected);
  });

  it('leaves a scheme word with no value alone', () => {
    expect(maskCredentials('expected Bearer, got nothing', [])).toBe('expected Bearer, got nothing');
  });
});

describe('maskCredentials: values after credential-like keys', () => {
  it.each([
    'token',
    'access_token',
    'access-token',
    'accesstoken',
    'password',
    'passwd',
    'secret',
    'api_key',
    'api-key',
    'apikey',
    'access_key',
    'access-key',
    'accesskey',
    'access_key_id',
    'access-key-id',
    'accesskeyid',
    'client_key',
    'client-key',
    'clientkey',
    'client_key_data',
    'client-key-data',
    'clientkeydata',
    'credential',
    'credentials',
    'PASSWORD',
  ])('hides the value of %s and keeps the key', (key) => {
    expect(maskCredentials(`debug: ${key}=hunter2 end`, [])).toBe(`debug: ${key}=${REDACTED} end`);
  });

  it.each([
    ['password: hunter2', `password: ${REDACTED}`],
    ['"password": "hunter2", "user": "bob"', `"password": "${REDACTED}", "user": "bob"`],
    ["{'token' = 'hunter2'}", `{'token' = '${REDACTED}'}`],
    ['{token:hunter2}', `{token:${REDACTED}}`],
    ['secret=hunter2;user=bob', `secret=${REDACTED};user=bob`],
  ])('reads the separators and quotes around the value: %j', (text, expected) => {
    expect(maskCredentials(text, [])).toBe(expected);
  });

  it('masks a known secret once, without a second marker', () => {
    expect(maskCredentials('password=hunter2x', ['hunter2x'])).toBe(`password=${REDACTED}`);
  });
});

describe('maskCredentials: long runs', () => {
  const DIGITS = '01234567890123456789012345678901';

  it('hides a long hex run, digits only included', () => {
    expect(maskCredentials(`sum ${DIGITS} ok`, [])).toBe(`sum ${REDACTED} ok`);
    expect(maskCredentials('sha 0123456789abcdef0123456789ABCDEF ok', [])).toBe(`sha ${REDACTED} ok`);
  });

  it('leaves short hex alone', () => {
    expect(maskCredentials('pid 1234 exit 0 sha deadbeef a b c', [])).toBe('pid 1234 exit 0 sha deadbeef a b c');
  });

  it('hides a long base64 run of letters and digits, padding included', () => {
    const run = 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2Rl';
    expect(maskCredentials(`key ${run} end`, [])).toBe(`key ${REDACTED} end`);
    expect(maskCredentials(`key ${run}== end`, [])).toBe(`key ${REDACTED} end`);
    expect(maskCredentials(`key ${run}= end`, [])).toBe(`key ${REDACTED} end`);
  });

  it('leaves long runs with no digit, or no letter, alone: paths and dates', () => {
    const path = '/usr/local/lib/node_modules/some-package-name/plugin';
    const date = '2026/11/29/12/00/00/000/111/222/333';
    expect(maskCredentials(`loading ${path}`, [])).toBe(`loading ${path}`);
    expect(maskCredentials(`at ${date}`, [])).toBe(`at ${date}`);
  });
});

describe('known secrets', () => {
  it('masks the longer of two overlapping secrets whole, in whichever order they come', () => {
    expect(scrubSecrets('sent abcd and abcdefgh', ['abcd', 'abcdefgh'])).toBe(`sent ${REDACTED} and ${REDACTED}`);
    expect(scrubSecrets('sent abcd and abcdefgh', ['abcdefgh', 'abcd'])).toBe(`sent ${REDACTED} and ${REDACTED}`);
    expect(maskCredentials('sent abcd and abcdefgh', ['abcd', 'abcdefgh'])).toBe(`sent ${REDACTED} and ${REDACTED}`);
  });
});

describe('SecretScrubber', () => {
  it('forgets the oldest rotating token once it has eight, and keeps its fixed secrets', () => {
    const scrubber = new SecretScrubber();
    scrubber.remember('fixed-secret');
    for (let i = 1; i <= 9; i++) scrubber.rememberRotating(`rotating-token-${i}`);
    expect([...scrubber.secrets]).toEqual(['fixed-secret', ...Array.from({ length: 8 }, (_, i) => `rotating-token-${i + 2}`)]);
    expect(scrubber.text('old rotating-token-1 new rotating-token-9 fixed-secret')).toBe(`old rotating-token-1 new ${REDACTED} ${REDACTED}`);
  });

  it('keeps exactly eight rotating tokens', () => {
    const scrubber = new SecretScrubber();
    for (let i = 1; i <= 8; i++) scrubber.rememberRotating(`rotating-token-${i}`);
    expect([...scrubber.secrets]).toHaveLength(8);
    expect([...scrubber.secrets][0]).toBe('rotating-token-1');
  });

  it('does not spend a rotating slot on a secret it already knows', () => {
    const scrubber = new SecretScrubber();
    scrubber.remember('fixed-secret');
    scrubber.rememberRotating('rotating-token-1');
    for (let i = 0; i < 10; i++) {
      scrubber.rememberRotating('fixed-secret');
      scrubber.rememberRotating('rotating-token-1');
    }
    expect([...scrubber.secrets]).toEqual(['fixed-secret', 'rotating-token-1']);
  });

  it('ignores an empty or missing secret', () => {
    const scrubber = new SecretScrubber();
    scrubber.remember('');
    scrubber.remember(undefined);
    scrubber.rememberKey(undefined);
    scrubber.rememberKey('');
    expect([...scrubber.secrets]).toEqual([]);
  });

  it('remembers a private key whole and each long base64 line of it, trimmed, whatever the line ends', () => {
    const lines = ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 'BKcwggSjAgEAAoIBAQC7', 'short+/=', 'abc=='];
    const pem = ['-----BEGIN PRIVATE KEY-----', ...lines.map((l) => `  ${l}  `), '-----END PRIVATE KEY-----'].join('\r\n');
    const scrubber = new SecretScrubber();
    scrubber.rememberKey(`\n${pem}\n`);
    expect([...scrubber.secrets]).toEqual([pem.trim(), 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 'BKcwggSjAgEAAoIBAQC7']);
    expect(scrubber.text('echo BKcwggSjAgEAAoIBAQC7 short+/=')).toBe(`echo ${REDACTED} short+/=`);
  });

  it('splits a key on bare newlines too, and remembers only lines that are base64 from end to end', () => {
    const pem = [
      '-----BEGIN RSA PRIVATE KEY-----',
      'DEK-Info: AES-128-CBC,0123456789ABCDEF0123',
      'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
      'AAAAAAAAAAAAAAAAAAAA:comment',
      '-----END RSA PRIVATE KEY-----',
    ].join('\n');
    const scrubber = new SecretScrubber();
    scrubber.rememberKey(pem);
    expect([...scrubber.secrets]).toEqual([pem, 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC']);
  });

  it('copies a decoded value with every string scrubbed, keys included, into a plain writable object', () => {
    const scrubber = new SecretScrubber();
    scrubber.remember('s3cr3t-token');
    const copy = scrubber.value({ message: 'echo s3cr3t-token', 's3cr3t-token': [1, 'x s3cr3t-token'], nested: { n: null, ok: true } });
    expect(copy).toEqual({ message: `echo ${REDACTED}`, [REDACTED]: [1, `x ${REDACTED}`], nested: { n: null, ok: true } });
    expect(Object.keys(copy)).toEqual(['message', REDACTED, 'nested']);
    expect(JSON.stringify(copy)).not.toContain('s3cr3t-token');
    copy.message = 'changed';
    expect(copy.message).toBe('changed');
    expect(delete (copy as { nested?: unknown }).nested).toBe(true);
    expect(Object.keys(copy)).toEqual(['message', REDACTED]);
  });
});

describe('redactUrlCredentials', () => {
  it.each([
    ['user and password', 'http://alice:pw@proxy:3128', 'http://%5BREDACTED%5D@proxy:3128/'],
    ['a username alone', 'http://T0KEN@proxy:3128/', 'http://%5BREDACTED%5D@proxy:3128/'],
    ['a password alone', 'http://:pw@proxy:3128/', 'http://%5BREDACTED%5D@proxy:3128/'],
  ])('replaces %s with the marker', (_, url, expected) => {
    expect(redactUrlCredentials(url)).toBe(expected);
  });

  it('returns a URL without credentials as written', () => {
    expect(redactUrlCredentials('http://proxy:3128')).toBe('http://proxy:3128');
  });

  it('masks the user info of a URL it cannot parse', () => {
    expect(redactUrlCredentials('//alice:pw@proxy:3128')).toBe(`//${REDACTED}@proxy:3128`);
    expect(redactUrlCredentials('not a url')).toBe('not a url');
  });
});
