/**
 * A TCP proxy on 127.0.0.1 that a test can cut: every open connection is reset at once, as when
 * a load balancer or a network hiccup drops a long-lived watch. Bytes pass through untouched, so
 * TLS goes end to end.
 */
import { createServer, connect, type Socket } from 'node:net';

/** A running proxy. */
export interface TcpProxy {
  /** The port it listens on, on 127.0.0.1. */
  readonly port: number;
  /** How many client connections it accepted so far. */
  readonly connections: number;
  /** Resets every open connection, both sides; new connections are still accepted. */
  cut(): void;
  /** Cuts, and resets every new connection too until {@link TcpProxy.up}: a network outage. */
  down(): void;
  /** Ends the outage {@link TcpProxy.down} began. */
  up(): void;
  /** Resets everything and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts a proxy to `host:port`.
 *
 * @example
 * ```ts
 * const proxy = await startTcpProxy('127.0.0.1', 6443);
 * const client = new ImageCacheClient({ ...connection, server: `https://127.0.0.1:${proxy.port}` });
 * proxy.cut();
 * ```
 */
export async function startTcpProxy(host: string, port: number): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let accepted = 0;
  let isDown = false;
  const track = (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((downstream) => {
    accepted++;
    if (isDown) {
      downstream.on('error', () => downstream.destroy());
      downstream.resetAndDestroy();
      return;
    }
    const upstream = connect({ host, port });
    track(downstream);
    track(upstream);
    downstream.pipe(upstream);
    upstream.pipe(downstream);
    downstream.on('close', () => upstream.destroy());
    upstream.on('close', () => downstream.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP address');
  const cut = () => {
    for (const socket of [...open]) socket.resetAndDestroy();
  };
  return {
    port: address.port,
    get connections() {
      return accepted;
    },
    cut,
    down: () => {
      isDown = true;
      cut();
    },
    up: () => {
      isDown = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        cut();
        server.close(() => resolve());
      }),
  };
}
