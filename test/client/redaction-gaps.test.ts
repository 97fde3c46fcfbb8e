// Credential shapes the scrubber must catch in text that came from elsewhere (a proxy echoing the
// request, a server quoting it), and the edges of excerpts and URLs. Each case here is one a
// mutation of src/client/redaction.ts survived before, or a shape that passed unscrubbed.
import { describe, expect, it } from 'vitest';
import { excerptOf, MAX_EXCERPT_LENGTH, REDACTED, redactHeaders, scrubSecrets, withoutUserInfo } from '../../src/client/redaction.js';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2EifQ.c2lnbmF0dXJlLXBhcnQ';

describe('scrubSecrets: known secrets', () => {
  it('replaces every occurrence of a secret of 4 characters or more', () => {
    expect(scrubSecrets('user admin, password hunt, again hunt', ['hunt'])).toBe(`user admin, password ${REDACTED}, again ${REDACTED}`);
    expect(scrubSecrets('a=p4ss b=s3cr3t', ['p4ss', 's3cr3t'])).toBe(`a=${REDACTED} b=${REDACTED}`);
  });

  it('leaves strings shorter than 4 characters alone: they would erase ordinary words', () => {
    expect(scrubSecrets('the pod is ok', ['ok', 'the', ''])).toBe('the pod is ok');
  });
});

describe('scrubSecrets: credential shapes', () => {
  it.each([
    ['Authorization: Bearer  t0k3n-value', `Authorization: Bearer ${REDACTED}`],
    ['Authorization: Bearer\tt0k3n-value', `Authorization: Bearer ${REDACTED}`],
    ['authorization: bearer t0k3n/with+chars=', `authorization: bearer ${REDACTED}`],
    ['Proxy-Authorization: Basic dXNlcjpwYXNz', `Proxy-Authorization: Basic ${REDACTED}`],
  ])('keeps the scheme word and hides the value: %j', (text, expected) => {
    expect(scrubSecrets(text)).toBe(expected);
  });

  it('hides a JWT wherever it stands, and only the JWT', () => {
    expect(scrubSecrets(`token=${JWT}; path=/`)).toBe(`token=${REDACTED}; path=/`);
    expect(scrubSecrets(`a ${JWT}\nb ${JWT}`)).toBe(`a ${REDACTED}\nb ${REDACTED}`);
    // Too short to be a signed token: "eyJ" alone is an ordinary base64 prefix.
    expect(scrubSecrets('eyJab.cd.ef')).toBe('eyJab.cd.ef');
  });

  it.each([
    ['a username alone', 'dial https://T0KEN@api.example:6443/x failed', `dial https://${REDACTED}@api.example:6443/x failed`],
    ['a password alone', 'proxy http://:hunter2@proxy.local:3128 refused', `proxy http://${REDACTED}@proxy.local:3128 refused`],
    ['both', 'GET https://admin:pw@k8s.example/base', `GET https://${REDACTED}@k8s.example/base`],
    ['at the very start of the text', 'https://T0KEN@api.example/x', `https://${REDACTED}@api.example/x`],
  ])('hides the user info of a URL quoted in text: %s', (_name, text, expected) => {
    expect(scrubSecrets(text)).toBe(expected);
  });

  it('leaves URLs without user info and e-mail addresses as they are', () => {
    expect(scrubSecrets('see https://k8s.example:6443/api and ops@example.com')).toBe('see https://k8s.example:6443/api and ops@example.com');
  });

  it.each([
    ['Cookie: session=abc123; csrf=xyz', `Cookie: ${REDACTED}`],
    ['cookie:session=abc123', `cookie:${REDACTED}`],
    ['Set-Cookie: session=abc123; HttpOnly\nX-Other: kept', `Set-Cookie: ${REDACTED}\nX-Other: kept`],
    ['{"Cookie": "session=abc123"}', `{"Cookie": ${REDACTED}`],
    ['{ "cookie" : "session=abc123" }', `{ "cookie" : ${REDACTED}`],
  ])('hides an echoed cookie header: %j', (text, expected) => {
    expect(scrubSecrets(text)).toBe(expected);
  });

  it('hides a private key, with or without its END line', () => {
    const key = `-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg\n-----END EC PRIVATE KEY-----`;
    expect(scrubSecrets(`before\n${key}\nafter`)).toBe(`before\n${REDACTED}\nafter`);
    expect(scrubSecrets(`before\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq`)).toBe(`before\n${REDACTED}`);
    // Two keys are two secrets: the first END does not swallow the text between them.
    expect(scrubSecrets(`${key} middle ${key}`)).toBe(`${REDACTED} middle ${REDACTED}`);
  });

  it('leaves a public certificate alone: it is not a secret and helps diagnose TLS', () => {
    const cert = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    expect(scrubSecrets(cert)).toBe(cert);
  });
});

describe('excerptOf', () => {
  it('hides a private key whose END line lies beyond the part that is read', () => {
    const body = `error: ${'-----BEGIN RSA PRIVATE KEY-----\n'}${'QUJDREVGR0g='.repeat(400)}\n-----END RSA PRIVATE KEY-----`;
    const excerpt = excerptOf(body);
    expect(excerpt).toBe(`error: ${REDACTED}`);
  });

  it('scrubs before it cuts, so a secret across the cut cannot show half of itself', () => {
    const secret = 'S3CR3T-V4LU3-THAT-IS-LONG';
    const excerpt = excerptOf(`${'x'.repeat(MAX_EXCERPT_LENGTH - 10)}${secret}`, [secret]);
    expect(excerpt).toBe(`${'x'.repeat(MAX_EXCERPT_LENGTH - 10)}${REDACTED}`);
    expect(excerpt).not.toContain('S3CR3T');
  });

  it('keeps a body of exactly the limit whole, and marks a longer one as cut', () => {
    expect(excerptOf('y'.repeat(MAX_EXCERPT_LENGTH))).toBe('y'.repeat(MAX_EXCERPT_LENGTH));
    expect(excerptOf('y'.repeat(MAX_EXCERPT_LENGTH + 1))).toBe(`${'y'.repeat(MAX_EXCERPT_LENGTH)}...`);
  });

  it('collapses whitespace and trims the ends', () => {
    expect(excerptOf('  \n<h1>502</h1>\r\n\t Bad   Gateway \n')).toBe('<h1>502</h1> Bad Gateway');
  });
});

describe('redactHeaders', () => {
  it('redacts Authorization, Proxy-Authorization and Cookie in any spelling, and nothing else', () => {
    expect(
      redactHeaders({ AUTHORIZATION: 'Bearer a', 'Proxy-Authorization': 'Basic b', Cookie: 's=1', cookie: ['s=2'], 'X-Cookie-Name': 'kept', Accept: '*/*' }),
    ).toEqual({ AUTHORIZATION: REDACTED, 'Proxy-Authorization': REDACTED, Cookie: REDACTED, cookie: REDACTED, 'X-Cookie-Name': 'kept', Accept: '*/*' });
  });

  it('drops headers without a value and leaves the input untouched', () => {
    const headers = { Authorization: 'Bearer a', 'X-Empty': undefined };
    expect(redactHeaders(headers)).toEqual({ Authorization: REDACTED });
    expect(headers.Authorization).toBe('Bearer a');
  });
});

describe('withoutUserInfo', () => {
  it.each([
    ['https://T0KEN@k8s.example:6443/base', 'https://k8s.example:6443/base'],
    ['https://:pw@k8s.example/base', 'https://k8s.example/base'],
    ['https://u:p@k8s.example', 'https://k8s.example'],
    ['https://u:p@k8s.example/', 'https://k8s.example/'],
    ['https://u@k8s.example/base/', 'https://k8s.example/base/'],
  ])('drops the user info of %s', (url, expected) => {
    expect(withoutUserInfo(url)).toBe(expected);
  });

  it('returns a URL without user info exactly as given', () => {
    expect(withoutUserInfo('http://127.0.0.1:8001')).toBe('http://127.0.0.1:8001');
    expect(withoutUserInfo('HTTPS://K8S.example:443/base?q=a%20b')).toBe('HTTPS://K8S.example:443/base?q=a%20b');
  });

  it('never echoes what it cannot parse, which may hold a credential', () => {
    expect(withoutUserInfo('not a url with s3cr3t')).toBe('[unparseable URL]');
  });
});
