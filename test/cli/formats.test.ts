import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { UsageError } from '../../src/cli/args.js';
import { parseJsonPath, runJsonPath } from '../../src/cli/jsonpath.js';
import { formatAge, formatImageCacheTable, formatObject } from '../../src/cli/output.js';
import { parseOutputFormat } from '../../src/cli/output-format.js';
import { terminalCapabilities } from '../../src/cli/terminal.js';
import { WatchTable } from '../../src/cli/watch-table.js';
import { humanDuration } from '../../src/testing/emulator/human-duration.js';
import type { ImageCache } from '../../src/types/index.js';

const list = {
  kind: 'ImageCacheList',
  items: [
    { metadata: { name: 'a', labels: { 'app.kubernetes.io/name': 'web' } }, spec: { images: ['nginx:1.25', 'redis:7'], retentionDays: 7 } },
    { metadata: { name: 'b' }, spec: { images: ['busybox'] } },
  ],
};
const jsonpath = (template: string, data: unknown = list) => runJsonPath(parseJsonPath(template), data);

describe('-o jsonpath (the simple forms)', () => {
  it.each([
    ['{.items[*].metadata.name}', 'a b'],
    ['{.items[0].spec.images[1]}', 'redis:7'],
    ['{.items[-1].metadata.name}', 'b'],
    ["{.items[0].metadata.labels['app.kubernetes.io/name']}", 'web'],
    ['{.items[*].spec.retentionDays}', '7'],
    ['name={.items[1].metadata.name}{"\\n"}', 'name=b\n'],
    ['{.items[0].spec.images}', '["nginx:1.25","redis:7"]'],
    ['{.items[0].missing.field}', ''],
    ['{$.kind}', 'ImageCacheList'],
  ])('%s gives %j', (template, expected) => expect(jsonpath(template)).toBe(expected));

  it.each(['{range .items[*]}{.metadata.name}{end}', '{.items[?(@.metadata.name=="a")]}', '{..name}', '{.items[0:1]}', '{.items[0,1]}', '{.items', '{items}'])(
    'refuses %s as a usage error',
    (template) => expect(() => parseJsonPath(template)).toThrow(UsageError),
  );
});

describe('-o', () => {
  it('parses kubectl spellings and refuses formats a command does not print', () => {
    expect(parseOutputFormat(undefined, ['table', 'wide'])).toEqual({ kind: 'table' });
    expect(parseOutputFormat('=name', ['table', 'name'])).toEqual({ kind: 'name' });
    expect(parseOutputFormat('jsonpath={.a}', ['text', 'jsonpath'])).toMatchObject({ kind: 'jsonpath' });
    expect(() => parseOutputFormat('wide', ['text', 'json'])).toThrow('-o must be one of text, json, got "wide"');
    expect(() => parseOutputFormat('jsonpath', ['text', 'jsonpath'])).toThrow(UsageError);
  });

  it('YAML double-quotes timestamps and leaves other strings alone', async () => {
    const text = await formatObject({ metadata: { creationTimestamp: '2024-03-01T12:00:00Z', name: 'web' }, spec: { images: ['nginx:1.25'] } }, 'yaml');
    expect(text).toContain('creationTimestamp: "2024-03-01T12:00:00Z"');
    expect(text).toContain('name: web');
    expect(text).toContain('images:\n  - nginx:1.25');
    expect(parse(text)).toEqual({ metadata: { creationTimestamp: '2024-03-01T12:00:00Z', name: 'web' }, spec: { images: ['nginx:1.25'] } });
  });
});

describe('AGE', () => {
  const now = new Date('2024-03-10T12:00:00Z');
  it.each([
    [45_000, '45s'],
    [(4 * 60 + 30) * 60_000, '4h30m'],
    [(3 * 24 + 5) * 3_600_000, '3d5h'],
    [(3 * 365 + 10) * 86_400_000, '3y10d'],
  ])("%d ms ago is %s, the emulator Table formatter's answer", (ms, age) => {
    expect(formatAge(new Date(now.getTime() - ms).toISOString(), now)).toBe(age);
    expect(humanDuration(ms)).toBe(age);
  });
});

describe('tables and terminals', () => {
  it('colours the PHASE cell only when colour is allowed, keeping the columns aligned', () => {
    const caches: ImageCache[] = [
      {
        apiVersion: 'eci.alibabacloud.com/v1',
        kind: 'ImageCache',
        metadata: { name: 'a', creationTimestamp: '2024-03-10T11:59:00Z' },
        spec: { images: ['x'] },
        status: { phase: 'Ready' },
      },
    ];
    const now = new Date('2024-03-10T12:00:00Z');
    const colour = formatImageCacheTable(caches, now, { terminal: terminalCapabilities({ isTTY: true }, { TERM: 'xterm' }) });
    const plain = formatImageCacheTable(caches, now, { terminal: terminalCapabilities({ isTTY: true }, { TERM: 'xterm', NO_COLOR: '1' }) });
    expect(colour).toContain('\x1b[32mReady');
    expect(colour.replace(/\x1b\[\d+m/g, '')).toBe(plain);
    expect(terminalCapabilities({ isTTY: true }, { TERM: 'dumb' })).toEqual({ tty: true, cursor: false, color: false });
    expect(terminalCapabilities({ isTTY: false }, { TERM: 'xterm' })).toEqual({ tty: false, cursor: false, color: false });
  });

  it('a watch table prints the header once and keeps widths across lines', () => {
    const table = new WatchTable(['NAME', 'PHASE', 'PROGRESS']);
    expect(table.lines([['a', '', '']])).toBe(`NAME   PHASE   PROGRESS\na${' '.repeat(14)}\n`);
    expect(table.lines([['a', 'Preparing', '']])).toBe('a      Preparing   \n');
    expect(table.lines([['a', 'Ready', '100%']])).toBe('a      Ready       100%\n');
  });
});
