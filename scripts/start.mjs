// `npm start`: build quietly (the log is shown only when the build fails), then run the demo, so the
// demo is the first thing a newcomer sees. Extra arguments go to the demo: `npm start -- --keep`.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const build = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, encoding: 'utf8', shell: process.platform === 'win32' });
if (build.status !== 0) {
  process.stderr.write(build.stdout ?? '');
  process.stderr.write(build.stderr ?? '');
  process.stderr.write(`\nnpm start: the build failed (exit ${build.status ?? build.signal}); the demo did not run.\n`);
  process.exit(build.status ?? 1);
}
const demo = spawn(process.execPath, ['dist/cli.js', 'demo', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
// Ctrl-C and a closed terminal reach the demo directly (same process group): wait for it to clean
// up and report its own exit code. SIGTERM is sent to this process alone, so pass it on.
process.on('SIGINT', () => {});
process.on('SIGHUP', () => {});
process.on('SIGTERM', () => demo.kill('SIGTERM'));
demo.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
