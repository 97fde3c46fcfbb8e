import { describe, expect, it } from 'vitest';
import { isEmulatorStatusError } from '../../src/testing/emulator/index.js';
import { matchesLabelSelector, parseFieldSelector, parseLabelSelector, matchesFieldSelector } from '../../src/testing/emulator/selectors.js';
import { cache } from './helpers.js';

const matches = (selector: string, labels?: Record<string, string>) => matchesLabelSelector(parseLabelSelector(selector), labels);

describe('label selectors', () => {
  it.each([
    ['team=web', { team: 'web' }, true],
    ['team==web', { team: 'web' }, true],
    ['team=web', { team: 'api' }, false],
    ['team!=web', {}, true],
    ['team!=web', { team: 'web' }, false],
    ['tier in (cache, edge)', { tier: 'edge' }, true],
    ['tier in (cache,edge)', { tier: 'core' }, false],
    ['tier in (cache)', {}, false],
    ['tier notin (cache)', {}, true],
    ['tier notin (cache)', { tier: 'cache' }, false],
    ['team', { team: '' }, true],
    ['team', {}, false],
    ['!team', {}, true],
    ['!team', { team: 'x' }, false],
    ['team=web,tier in (a,b),!legacy', { team: 'web', tier: 'b' }, true],
    ['team=web,tier in (a,b),!legacy', { team: 'web', tier: 'b', legacy: 'y' }, false],
    ['example.com/owner=me', { 'example.com/owner': 'me' }, true],
    ['empty=', { empty: '' }, true],
    ['', { any: 'thing' }, true],
  ])('%s on %j is %s', (selector, labels, expected) => {
    expect(matches(selector, labels)).toBe(expected);
  });

  it.each(['team=web=x', 'a in b', 'bad key=1', 'a=(b)', '!', 'a=' + 'x'.repeat(64)])('rejects %j with a 400', (selector) => {
    try {
      parseLabelSelector(selector);
      expect.unreachable();
    } catch (error) {
      expect(isEmulatorStatusError(error) && error.code).toBe(400);
    }
  });
});

describe('field selectors', () => {
  it('matches metadata.name with =, == and !=', () => {
    const web = cache('web');
    expect(matchesFieldSelector(parseFieldSelector('metadata.name=web'), web)).toBe(true);
    expect(matchesFieldSelector(parseFieldSelector('metadata.name==api'), web)).toBe(false);
    expect(matchesFieldSelector(parseFieldSelector('metadata.name!=api'), web)).toBe(true);
  });

  it('refuses fields a custom resource does not index, like the real server', () => {
    try {
      parseFieldSelector('spec.images=nginx');
      expect.unreachable();
    } catch (error) {
      expect(isEmulatorStatusError(error) && error.status.message).toBe('field label not supported: spec.images');
    }
  });
});
