import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../../src/client/backoff.js';
import {
  DEFAULT_CLIENT_OPTIONS,
  KubernetesApiError,
  RequestTimeoutError,
  SDK_VERSION,
  isAlreadyExists,
  isConflict,
  isForbidden,
  isGone,
  isInvalid,
  isNotFound,
  isTimeout,
  isTooManyRequests,
  isUnauthorized,
} from '../../src/client/index.js';
import { resolveClientOptions } from '../../src/client/options.js';
import { excerptOf, redactHeaders, scrubSecrets, withoutUserInfo } from '../../src/client/redaction.js';
import { specDifferences } from '../../src/client/spec-equality.js';
import { SECRET_TOKEN } from './helpers/fixtures.js';

describe('SDK_VERSION', () => {
  it("equals package.json's version", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(SDK_VERSION).toBe(pkg.version);
    expect(DEFAULT_CLIENT_OPTIONS.userAgent).toBe(`eci-imagecache/${pkg.version}`);
  });
});

describe('options', () => {
  it('merges a partial retry policy over the defaults and keeps false as false', () => {
    expect(resolveClientOptions({ retry: { retries: 1 } }).retry).toEqual({ retries: 1, baseDelayMs: 250, maxDelayMs: 10_000 });
    expect(resolveClientOptions({ retry: false }).retry).toBe(false);
    expect(resolveClientOptions().timeoutMs).toBe(30_000);
    expect(Object.isFrozen(DEFAULT_CLIENT_OPTIONS)).toBe(true);
  });
});

describe('backoff', () => {
  const policy = { retries: 5, baseDelayMs: 100, maxDelayMs: 1_000 };
  it('doubles per failure, caps at maxDelayMs, and jitters only the upper half', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n, () => 1))).toEqual([100, 200, 400, 800, 1000]);
  });
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(5000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe('error guards', () => {
  const error = (statusCode: number, reason?: string): KubernetesApiError =>
    new KubernetesApiError({ method: 'GET', path: '/x', statusCode, status: { kind: 'Status', code: statusCode, ...(reason ? { reason } : {}) } });

  it('match the Kubernetes reason, or the bare status code when there is no reason', () => {
    expect(isNotFound(error(404, 'NotFound'))).toBe(true);
    expect(isNotFound(error(404))).toBe(true);
    expect(isAlreadyExists(error(409, 'AlreadyExists'))).toBe(true);
    expect(isConflict(error(409, 'AlreadyExists'))).toBe(false);
    expect(isConflict(error(409, 'Conflict'))).toBe(true);
    expect(isAlreadyExists(error(409, 'Conflict'))).toBe(false);
    expect(isInvalid(error(422, 'Invalid'))).toBe(true);
    expect(isForbidden(error(403))).toBe(true);
    expect(isUnauthorized(error(401, 'Unauthorized'))).toBe(true);
    expect(isTooManyRequests(error(429))).toBe(true);
    expect(isGone(error(410, 'Expired'))).toBe(true);
    expect(isGone(error(410, 'Gone'))).toBe(true);
    expect(isTimeout(error(504, 'Timeout'))).toBe(true);
    expect(isTimeout(error(500, 'ServerTimeout'))).toBe(true);
    expect(isTimeout(new RequestTimeoutError({ method: 'GET', path: '/x', timeoutMs: 5 }))).toBe(true);
    expect(isNotFound(error(500, 'InternalError'))).toBe(false);
    expect(isNotFound(new Error('404'))).toBe(false);
    expect(isNotFound({ statusCode: 404, reason: 'NotFound' })).toBe(false);
  });

  it('serialize to plain data with name and message', () => {
    const json = JSON.parse(JSON.stringify(error(404, 'NotFound'))) as Record<string, unknown>;
    expect(json).toMatchObject({ name: 'KubernetesApiError', statusCode: 404, reason: 'NotFound', method: 'GET', path: '/x', message: 'GET /x: 404 NotFound' });
  });
});

describe('redaction', () => {
  it('scrubs known secrets, bearer and basic values, JWTs and private keys', () => {
    expect(scrubSecrets('token=s3cr3t-value!', ['s3cr3t-value'])).toBe('token=[REDACTED]!');
    expect(scrubSecrets('Authorization: Bearer abc.def-ghi')).toBe('Authorization: Bearer [REDACTED]');
    expect(scrubSecrets('basic Zm9vOmJhcg==')).toBe('basic [REDACTED]');
    expect(scrubSecrets(`x ${SECRET_TOKEN} y`)).toBe('x [REDACTED] y');
    expect(scrubSecrets('-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----')).toBe('[REDACTED]');
  });
  it('redacts credential headers only', () => {
    expect(redactHeaders({ Authorization: 'Bearer x', 'proxy-authorization': 'Basic y', Accept: 'application/json', 'Impersonate-Group': ['a', 'b'] })).toEqual(
      {
        Authorization: '[REDACTED]',
        'proxy-authorization': '[REDACTED]',
        Accept: 'application/json',
        'Impersonate-Group': ['a', 'b'],
      },
    );
  });
  it('cuts excerpts to 200 characters and collapses whitespace', () => {
    const excerpt = excerptOf(`<html>\n\n   ${'x'.repeat(500)}`);
    expect(excerpt.startsWith('<html> xxx')).toBe(true);
    expect(excerpt).toHaveLength(203);
  });
  it('drops user info from URLs', () => {
    expect(withoutUserInfo('https://u:p@h:1/base')).toBe('https://h:1/base');
    expect(withoutUserInfo('http://h/')).toBe('http://h/');
  });
});

describe('specDifferences', () => {
  it('ignores key order, a server-defaulted size, pull-secret order, and fields only a newer server sets', () => {
    expect(
      specDifferences({ images: ['a', 'b'], retentionDays: 1 }, { retentionDays: 1, images: ['a', 'b'], imageCacheSize: 30, futureField: true } as never),
    ).toEqual([]);
    expect(specDifferences({ images: ['a'], imagePullSecrets: ['ns:x', 'ns:y'] }, { images: ['a'], imagePullSecrets: ['ns:y', 'ns:x'] })).toEqual([]);
    expect(specDifferences({ images: ['a'] }, { images: ['a'], imagePullSecrets: [] })).toEqual([]);
  });
  it('compares images as given and reports every differing field', () => {
    expect(specDifferences({ images: ['a', 'b'] }, { images: ['b', 'a'] })).toEqual(['images']);
    expect(specDifferences({ images: ['nginx'] }, { images: ['docker.io/library/nginx:latest'] })).toEqual(['images']);
    expect(specDifferences({ images: ['a'], imageCacheSize: 40 }, { images: ['a'], imageCacheSize: 20, retentionDays: 3 })).toEqual([
      'imageCacheSize',
      'retentionDays',
    ]);
    expect(specDifferences({ images: ['a'] }, { images: ['a'], imageCacheSize: 50 })).toEqual(['imageCacheSize']);
  });
});
