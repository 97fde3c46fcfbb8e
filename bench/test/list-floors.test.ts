import { describe, expect, it } from 'vitest';
import { countItems } from '../baselines/list-floors.js';

const page = (items: unknown[]) => Buffer.from(JSON.stringify({ apiVersion: 'v1', metadata: { continue: 'x' }, items, kind: 'List' }));

describe('countItems (the scan floor of the informer benchmark)', () => {
  it('counts the items of a list, not the objects and arrays inside them', () => {
    const items = [
      { metadata: { name: 'a', ownerReferences: [{ apiVersion: 'v1' }, { apiVersion: 'v1' }] }, spec: { images: ['x', 'y'] } },
      { metadata: { name: 'b' }, status: { events: [[{}], []] } },
      {},
    ];
    expect(countItems(page(items))).toBe(3);
  });

  it('steps over brackets, braces and escaped quotes inside strings', () => {
    const items = [{ message: '}]},{"items":[', quoted: 'say \\"hi\\" \\\\', tricky: '\\' }, { utf8: 'é—🙂 }' }];
    expect(countItems(page(items))).toBe(2);
  });

  it('ends at the end of a body cut off inside a string', () => {
    expect(countItems(Buffer.from('{"items":[{"a":"b'))).toBe(1);
  });

  it('finds no items in an empty list or a body without items', () => {
    expect(countItems(page([]))).toBe(0);
    expect(countItems(Buffer.from('{"kind":"Status"}'))).toBe(0);
  });
});
