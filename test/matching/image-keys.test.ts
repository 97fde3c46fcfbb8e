// Registry aliases: groups merge through shared hosts, the smallest host represents its group
// whatever the order given, and index.docker.io is docker.io.
import { describe, expect, it } from 'vitest';
import { createImageKeyer } from '../../src/matching/image-keys.js';

const keyOf = (aliases: string[][], image: string) => {
  const keyed = createImageKeyer(aliases)(image);
  return keyed.ok ? keyed.key : `invalid: ${keyed.reason}`;
};

describe('createImageKeyer', () => {
  it('keys an image by its normalized reference when no alias applies', () => {
    expect(keyOf([], 'nginx')).toBe('docker.io/library/nginx:latest');
    expect(keyOf([['a.example.com', 'b.example.com']], 'c.example.com/app:1')).toBe('c.example.com/app:1');
    expect(keyOf([['a.example.com', 'b.example.com']], 'a.example.com/app:1')).toBe('a.example.com/app:1');
  });

  it('replaces the host by the smallest host of its group, whatever the order', () => {
    for (const group of [
      ['b.example.com', 'c.example.com', 'a.example.com'],
      ['c.example.com', 'a.example.com', 'b.example.com'],
    ]) {
      for (const host of group) expect(keyOf([group], `${host}/team/app:1`)).toBe('a.example.com/team/app:1');
    }
  });

  it('merges groups that share a host, in either order', () => {
    const groups = [
      ['m.example.com', 'z.example.com'],
      ['z.example.com', 'b.example.com'],
      ['x.example.com', 'y.example.com'],
    ];
    for (const aliases of [groups, [...groups].reverse()]) {
      expect(keyOf(aliases, 'm.example.com/app:1')).toBe('b.example.com/app:1');
      expect(keyOf(aliases, 'z.example.com/app:1')).toBe('b.example.com/app:1');
      expect(keyOf(aliases, 'y.example.com/app:1')).toBe('x.example.com/app:1');
    }
  });

  it('reads index.docker.io in a group as docker.io', () => {
    const aliases = [['mirror.example.com', 'index.docker.io']];
    expect(keyOf(aliases, 'mirror.example.com/library/nginx:1.25')).toBe('docker.io/library/nginx:1.25');
    expect(keyOf(aliases, 'nginx:1.25')).toBe('docker.io/library/nginx:1.25');
  });

  it('keeps the normalized form and the pull-always default apart from the key', () => {
    const keyer = createImageKeyer([['b.example.com', 'a.example.com']]);
    expect(keyer('b.example.com/app')).toEqual({ ok: true, normalized: 'b.example.com/app:latest', key: 'a.example.com/app:latest', impliesPullAlways: true });
    expect(keyer('b.example.com/app:1')).toMatchObject({ impliesPullAlways: false });
    expect(keyer('Bad:Image')).toMatchObject({ ok: false });
  });
});
