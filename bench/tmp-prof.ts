import { fork } from 'node:child_process';
const server = fork('bench/servers/api-server.ts', [], { execArgv: ['--import', 'tsx'] });
const ready = await new Promise<{ port: number }>((r) => server.on('message', (m: any) => m.type === 'ready' && r(m)));
server.send({ type: 'configure', listTotal: 50000, pageSize: 500 });
await new Promise((r) => server.once('message', r));
const { ImageCacheClient } = await import('eci-imagecache');
const mode = (process.env.MODE ?? 'watch-list') as 'list' | 'watch-list';
for (let i = 0; i < Number(process.env.N ?? 3); i++) {
  const client = new ImageCacheClient({ server: `http://127.0.0.1:${ready.port}` });
  const informer = client.informer({ syncMode: mode });
  const t = performance.now();
  informer.start();
  await informer.waitForSync();
  console.log(mode, informer.size, (performance.now() - t).toFixed(0), 'ms');
  await informer.stop();
  client.close();
}
server.kill();
