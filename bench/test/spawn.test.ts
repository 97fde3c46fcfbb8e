import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBenchmarkProcess } from '../harness/spawn.js';

const dir = mkdtempSync(join(tmpdir(), 'bench-spawn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, source: string): string {
  const path = join(dir, name);
  writeFileSync(path, source);
  return path;
}

const base = { title: 'T', timeoutMs: 15_000 };

describe('runBenchmarkProcess', () => {
  it('returns the report the child wrote, with the environment it was given', async () => {
    const path = script(
      'ok.mjs',
      `import { writeFileSync } from 'node:fs';
       writeFileSync(process.env.BENCH_REPORT_FILE, JSON.stringify({ id: 'spawn-ok', title: 'T', status: 'ok', rows: [], notes: [process.env.EXTRA] }));`,
    );
    const report = await runBenchmarkProcess({ ...base, id: 'spawn-ok', script: path, env: { EXTRA: 'from parent' } });
    expect(report).toMatchObject({ status: 'ok', notes: ['from parent'] });
  });

  it('turns a crash without a report into a failed report that says so', async () => {
    const path = script('crash.mjs', 'process.exit(3);');
    const report = await runBenchmarkProcess({ ...base, id: 'spawn-crash', script: path });
    expect(report.status).toBe('failed');
    expect(report.notes[0]).toMatch(/code 3.*without writing a report/);
  });

  it('rejects a report of the wrong shape', async () => {
    const path = script('bad.mjs', `import { writeFileSync } from 'node:fs'; writeFileSync(process.env.BENCH_REPORT_FILE, '{"id":1}');`);
    const report = await runBenchmarkProcess({ ...base, id: 'spawn-bad', script: path });
    expect(report).toMatchObject({ status: 'failed', notes: [expect.stringMatching(/wrong shape/)] });
  });

  it('kills a benchmark that never finishes and reports it as failed', async () => {
    const path = script('hang.mjs', 'setInterval(() => {}, 1000);');
    const report = await runBenchmarkProcess({ ...base, id: 'spawn-hang', script: path, timeoutMs: 1500 });
    expect(report).toMatchObject({ status: 'failed', notes: [expect.stringMatching(/killed/)] });
  });
});
