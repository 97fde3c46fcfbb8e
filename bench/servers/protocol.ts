/**
 * The benchmark API server's IPC messages, and the parent's handle on a running server.
 * @packageDocumentation
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Commands the parent sends. */
export type ServerCommand =
  | { readonly type: 'stats' }
  | { readonly type: 'reset' }
  | { readonly type: 'configure'; readonly listTotal: number; readonly pageSize: number };

/** Messages the server sends. */
export type ServerMessage =
  | { readonly type: 'ready'; readonly port: number; readonly itemBytes: number; readonly itemName: string }
  | { readonly type: 'stats'; readonly connections: number; readonly requests: number }
  | { readonly type: 'configured'; readonly listTotal: number; readonly pageBytes: number };

/** Counters since the last reset. */
export interface ServerStats {
  /** TCP connections accepted. */
  readonly connections: number;
  /** HTTP requests answered. */
  readonly requests: number;
}

/** A running benchmark API server. */
export interface ApiServerHandle {
  /** `http://127.0.0.1:<port>`. */
  readonly baseUrl: string;
  /** The name `GET .../imagecaches/<name>` answers for. */
  readonly itemName: string;
  /** Bytes of the item endpoint's JSON body. */
  readonly itemBytes: number;
  stats(): Promise<ServerStats>;
  /** Zeroes the counters. */
  reset(): Promise<ServerStats>;
  /** Sets how many items the list endpoint serves; returns the bytes of one full page of `pageSize`. */
  configure(listTotal: number, pageSize: number): Promise<number>;
  stop(): Promise<void>;
}

const SERVER_SCRIPT = fileURLToPath(new URL('./api-server.ts', import.meta.url));

function nextMessage<T extends ServerMessage['type']>(child: ChildProcess, type: T): Promise<Extract<ServerMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ServerMessage): void => {
      if (message.type !== type) return;
      cleanup();
      resolve(message as Extract<ServerMessage, { type: T }>);
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`benchmark API server exited (code ${code}) before answering ${type}`));
    };
    const cleanup = (): void => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * Starts the benchmark API server in a child process and waits until it listens on 127.0.0.1.
 *
 * @example
 * ```ts
 * const server = await startApiServer();
 * try { await fetch(`${server.baseUrl}/apis/eci.alibabacloud.com/v1/imagecaches/${server.itemName}`); } finally { await server.stop(); }
 * ```
 */
export async function startApiServer(): Promise<ApiServerHandle> {
  const child = fork(SERVER_SCRIPT, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await nextMessage(child, 'ready');
  const ask = async <T extends ServerMessage['type']>(command: ServerCommand, answer: T): Promise<Extract<ServerMessage, { type: T }>> => {
    const reply = nextMessage(child, answer);
    child.send(command);
    return reply;
  };
  return {
    baseUrl: `http://127.0.0.1:${ready.port}`,
    itemName: ready.itemName,
    itemBytes: ready.itemBytes,
    stats: async () => {
      const { connections, requests } = await ask({ type: 'stats' }, 'stats');
      return { connections, requests };
    },
    reset: async () => {
      const { connections, requests } = await ask({ type: 'reset' }, 'stats');
      return { connections, requests };
    },
    configure: async (listTotal, pageSize) => (await ask({ type: 'configure', listTotal, pageSize }, 'configured')).pageBytes,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.disconnect();
      await exited;
    },
  };
}
