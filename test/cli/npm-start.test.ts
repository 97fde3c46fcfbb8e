// `npm start` is the first thing a newcomer runs: the demo must be the first thing they see.
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './child.js';

describe('npm start', () => {
  it('builds quietly, then the demo is the first output', async () => {
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        ['scripts/start.mjs', '--step-ms', '1'],
        { cwd: ROOT, env: { PATH: process.env['PATH'], HOME: process.env['HOME'] }, timeout: 280_000 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(result.code).toBe(0);
    // stderr holds only the demo's progress lines (`warm-<hash>: Creating 50%`), no build log.
    expect(
      result.stderr
        .split('\n')
        .filter(Boolean)
        .every((line) => /^[a-z0-9-]+: [A-Z]\w+( \d+%)?( \(.*\))?$/.test(line)),
    ).toBe(true);
    expect(result.stderr).toMatch(/^warm-[0-9a-f]{12}: Ready 100%$/m);
    expect(result.stdout.split('\n')[0]).toMatch(/^1\. ImageCache emulator on http:\/\/127\.0\.0\.1:\d+$/);
  }, 300_000);
});
