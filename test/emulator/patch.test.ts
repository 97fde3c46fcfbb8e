import { describe, expect, it } from 'vitest';
import { isEmulatorStatusError } from '../../src/testing/emulator/index.js';
import { applyConfiguration, applyJsonPatch, applyMergePatch, patchKindOf } from '../../src/testing/emulator/patch.js';

const statusOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (isEmulatorStatusError(error)) return { code: error.code, message: error.status.message };
    throw error;
  }
  throw new Error('expected a failure');
};

describe('patch content types', () => {
  it('knows merge, JSON and apply patches, and refuses strategic merge like a CRD', () => {
    expect(patchKindOf('application/merge-patch+json; charset=utf-8')).toBe('merge');
    expect(patchKindOf('application/json-patch+json')).toBe('json');
    expect(patchKindOf('application/apply-patch+yaml')).toBe('apply');
    expect(statusOf(() => patchKindOf('application/strategic-merge-patch+json'))).toEqual({
      code: 415,
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    });
    expect(statusOf(() => patchKindOf('application/json')).code).toBe(415);
  });
});

describe('JSON merge patch (RFC 7386)', () => {
  it('merges objects, replaces lists, removes with null', () => {
    const target = { spec: { images: ['a', 'b'], retentionDays: 1 }, metadata: { labels: { x: '1' } } };
    expect(applyMergePatch(target, { spec: { images: ['c'], retentionDays: null }, metadata: { labels: { y: '2' } } })).toEqual({
      spec: { images: ['c'] },
      metadata: { labels: { x: '1', y: '2' } },
    });
    expect(target.spec.images).toEqual(['a', 'b']);
  });
});

describe('JSON patch (RFC 6902)', () => {
  const doc = { spec: { images: ['a', 'b'] }, metadata: { labels: { 'a/b': '1' } } };

  it('applies add, remove, replace, move, copy and test', () => {
    expect(
      applyJsonPatch(doc, [
        { op: 'test', path: '/spec/images/0', value: 'a' },
        { op: 'add', path: '/spec/images/-', value: 'c' },
        { op: 'add', path: '/spec/images/0', value: 'z' },
        { op: 'replace', path: '/spec/images/1', value: 'A' },
        { op: 'remove', path: '/spec/images/2' },
        { op: 'copy', from: '/spec/images/0', path: '/spec/first' },
        { op: 'move', from: '/metadata/labels/a~1b', path: '/metadata/labels/moved' },
        { op: 'add', path: '/spec/retentionDays', value: 3 },
      ]),
    ).toEqual({ spec: { images: ['z', 'A', 'c'], first: 'z', retentionDays: 3 }, metadata: { labels: { moved: '1' } } });
  });

  it('is a 422 when an operation does not apply, and a 400 when the patch is not a list', () => {
    expect(statusOf(() => applyJsonPatch(doc, [{ op: 'test', path: '/spec/images/0', value: 'x' }]))).toEqual({
      code: 422,
      message: 'the server rejected our request due to an error in our request',
    });
    expect(statusOf(() => applyJsonPatch(doc, [{ op: 'replace', path: '/spec/missing', value: 1 }])).code).toBe(422);
    expect(statusOf(() => applyJsonPatch(doc, [{ op: 'remove', path: '/spec/images/5' }])).code).toBe(422);
    expect(statusOf(() => applyJsonPatch(doc, { op: 'add' })).code).toBe(400);
  });
});

describe('server-side apply (simplified)', () => {
  it('merges maps and replaces lists', () => {
    expect(
      applyConfiguration(
        { spec: { images: ['a'], retentionDays: 1 }, metadata: { name: 'x', uid: 'u' } },
        { spec: { images: ['b'] }, metadata: { name: 'x' } },
      ),
    ).toEqual({
      spec: { images: ['b'], retentionDays: 1 },
      metadata: { name: 'x', uid: 'u' },
    });
  });
});
