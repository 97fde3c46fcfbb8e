import { describe, expect, it } from 'vitest';
import { invalidObjectError } from '../../src/testing/emulator/field-errors.js';
import { pruneUnknownFields, validateStoredObject } from '../../src/testing/emulator/validation.js';
import type { JsonObject } from '../../src/testing/emulator/json.js';

const object = (spec: unknown, metadata: JsonObject = { name: 'web' }, status?: unknown): JsonObject =>
  ({ apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCache', metadata, spec, ...(status === undefined ? {} : { status }) }) as JsonObject;

/** The one-line summaries kube-apiserver would put in the Status message. */
const summaries = (value: JsonObject) => {
  const errors = validateStoredObject(value);
  return errors.length === 0 ? [] : invalidObjectError('web', errors).status.details!.causes!.map((c) => `${c.field}: ${c.message}`);
};

describe('CRD validation, worded as kube-apiserver words it', () => {
  it('accepts a valid object, with status', () => {
    expect(
      summaries(
        object({
          images: ['nginx', 'registry.cn-hangzhou.aliyuncs.com/ns/app:1.0'],
          imageCacheSize: 20,
          retentionDays: 1,
          imagePullSecrets: ['default:secret'],
        }),
      ),
    ).toEqual([]);
    expect(
      summaries(
        object(
          { images: ['nginx'] },
          { name: 'web' },
          { phase: 'Ready', progress: '100%', startTime: '2024-01-01T00:00:00Z', events: [{ eventTime: null, count: 1 }] },
        ),
      ),
    ).toEqual([]);
  });

  it.each([
    [{ images: ['nginx'], imageCacheSize: 10 }, 'spec.imageCacheSize: Invalid value: 10: spec.imageCacheSize in body should be greater than or equal to 20'],
    [
      { images: ['nginx'], imageCacheSize: 40000 },
      'spec.imageCacheSize: Invalid value: 40000: spec.imageCacheSize in body should be less than or equal to 32768',
    ],
    [{ images: ['nginx'], retentionDays: 0 }, 'spec.retentionDays: Invalid value: 0: spec.retentionDays in body should be greater than or equal to 1'],
    [
      { images: ['nginx'], imageCacheSize: '30' },
      'spec.imageCacheSize: Invalid value: "string": spec.imageCacheSize in body must be of type integer: "string"',
    ],
    [
      { images: ['nginx'], imageCacheSize: 20.5 },
      'spec.imageCacheSize: Invalid value: "number": spec.imageCacheSize in body must be of type integer: "number"',
    ],
    [{ images: 'nginx' }, 'spec.images: Invalid value: "string": spec.images in body must be of type array: "string"'],
    [{}, 'spec.images: Required value'],
    [{ images: [] }, 'spec.images: Invalid value: 0: spec.images in body should have at least 1 items'],
    [{ images: Array.from({ length: 21 }, (_, i) => `app${i}`) }, 'spec.images: Too many: 21: must have at most 20 items'],
    [{ images: ['Nginx'] }, expect.stringMatching(/^spec\.images\[0\]: Invalid value: "Nginx": spec\.images\[0\] in body should match '\^\(\(/)],
    [
      { images: ['a'.repeat(64).replace(/a/g, 'f')] },
      'spec.images[0]: Invalid value: "' + 'f'.repeat(64) + '": spec.images[0] in body must not validate the schema (not)',
    ],
    [
      { images: ['nginx'], imagePullSecrets: ['no-colon'] },
      expect.stringMatching(/^spec\.imagePullSecrets\[0\]: Invalid value: "no-colon": spec\.imagePullSecrets\[0\] in body should match/),
    ],
  ])('%j → %s', (spec, expected) => {
    expect(summaries(object(spec))).toEqual([expected]);
  });

  it('requires spec, and checks the types of status fields, nothing more', () => {
    const { spec: _spec, ...noSpec } = object({});
    expect(summaries(noSpec as JsonObject)).toEqual(['spec: Required value']);
    expect(
      summaries(object({ images: ['nginx'] }, { name: 'web' }, { progress: '101%', startTime: 'yesterday', phase: 'Migrating', expireDateTime: '' })),
    ).toEqual([]);
    expect(summaries(object({ images: ['nginx'] }, { name: 'web' }, { progress: 45, startTime: 'yesterday' }))).toEqual([
      'status.progress: Invalid value: "integer": status.progress in body must be of type string: "integer"',
    ]);
  });

  it('checks ObjectMeta: name, label keys and values', () => {
    expect(summaries(object({ images: ['nginx'] }, {}))).toEqual(['metadata.name: Required value: name or generateName is required']);
    expect(summaries(object({ images: ['nginx'] }, { name: 'Bad_Name' }))[0]).toMatch(
      /^metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of/,
    );
    expect(summaries(object({ images: ['nginx'] }, { name: 'web', labels: { 'bad key': 'ok', good: 'bad value!' } }))).toEqual([
      expect.stringMatching(/^metadata\.labels: Invalid value: "bad key": name part must consist of alphanumeric characters/),
      expect.stringMatching(/^metadata\.labels: Invalid value: "bad value!": a valid label must be an empty string/),
    ]);
  });

  it('builds the 422 Status with the real shape, several errors in brackets', () => {
    const errors = validateStoredObject(object({ images: [], imageCacheSize: 10 }));
    expect(invalidObjectError('web', errors).status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'ImageCache.eci.alibabacloud.com "web" is invalid: [spec.images: Invalid value: 0: spec.images in body should have at least 1 items, spec.imageCacheSize: Invalid value: 10: spec.imageCacheSize in body should be greater than or equal to 20]',
      reason: 'Invalid',
      details: {
        name: 'web',
        group: 'eci.alibabacloud.com',
        kind: 'ImageCache',
        causes: [
          { reason: 'FieldValueInvalid', message: 'Invalid value: 0: spec.images in body should have at least 1 items', field: 'spec.images' },
          {
            reason: 'FieldValueInvalid',
            message: 'Invalid value: 10: spec.imageCacheSize in body should be greater than or equal to 20',
            field: 'spec.imageCacheSize',
          },
        ],
      },
      code: 422,
    });
  });
});

describe('pruning unknown fields', () => {
  it('drops fields the CRD does not declare, at any depth, and reports their paths', () => {
    const value = object({ images: ['nginx'], imageCacheSzie: 30 }, { name: 'web', surprise: true } as unknown as JsonObject, {
      phase: 'Ready',
      events: [{ message: 'x', extra: 1 }],
    });
    value['top'] = 1;
    expect(pruneUnknownFields(value).sort()).toEqual(['metadata.surprise', 'spec.imageCacheSzie', 'status.events[0].extra', 'top']);
    expect(value).toEqual(object({ images: ['nginx'] }, { name: 'web' }, { phase: 'Ready', events: [{ message: 'x' }] }));
  });
});
