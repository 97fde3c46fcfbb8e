/**
 * `startImageCacheEmulator`: an HTTP server on 127.0.0.1 that serves the ImageCache API as a
 * Kubernetes API server serves the CRD, with a simulated ECI controller building the caches.
 * @packageDocumentation
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageCacheClient } from '../../client/client.js';
import type { ImageCacheClientOptions } from '../../client/options.js';
import type { ImageCache, ImageCacheInput } from '../../types/index.js';
import { createEmulatorClock, type EmulatorClock } from './clock.js';
import { SimulatedEciController, type ControllerOptions } from './controller.js';
import { emulatorKubeconfig } from './kubeconfig.js';
import { createRequestHandler } from './server.js';
import { ImageCacheStore } from './store.js';

/** Options of {@link startImageCacheEmulator}. */
export interface ImageCacheEmulatorOptions {
  /**
   * The base clock of the store and the controller, e.g. a fixed date for deterministic tests;
   * the controller's own `now` is used when this is absent. @defaultValue the real clock
   */
  readonly now?: (() => Date) | undefined;
  /** Port on 127.0.0.1; 0 picks a free one. @defaultValue 0 */
  readonly port?: number | undefined;
  /**
   * When set, requests must carry `Authorization: Bearer <token>` (401 otherwise); the kubeconfig
   * carries it. kubectl sends tokens only over HTTPS, so use it with `tls` when kubectl is the client.
   */
  readonly token?: string | undefined;
  /** Serve HTTPS with this PEM certificate and key; `ca` (default: `cert` itself) goes into the kubeconfig. */
  readonly tls?:
    | {
        /** The server's certificate chain, PEM. */
        readonly cert: string;
        /** The certificate's private key, PEM. */
        readonly key: string;
        /** The CA clients are told to trust, PEM, in the emulator's kubeconfig; default `cert` itself (self-signed). */
        readonly ca?: string;
      }
    | undefined;
  /** The simulated ECI controller's options, or `false` for none (status then changes only by request). @defaultValue {} */
  readonly controller?: false | ControllerOptions | undefined;
  /**
   * Objects present from the start. Unlike a create request, their `status` and any
   * `creationTimestamp` are kept, so a test can begin with Ready caches of a given age.
   */
  readonly initialObjects?: readonly (ImageCache | ImageCacheInput)[] | undefined;
  /** Events kept for watch resume; a watch from an older resourceVersion gets 410. @defaultValue 1000 */
  readonly watchHistory?: number | undefined;
  /** Options of the {@link ImageCacheEmulator.client} it returns. */
  readonly clientOptions?: ImageCacheClientOptions | undefined;
  /** Interval of BOOKMARK events on watches that allow them. @defaultValue 60000 */
  readonly bookmarkIntervalMs?: number | undefined;
  /**
   * Serve streaming lists (`sendInitialEvents`), as kube-apiserver does with its `WatchList`
   * feature gate on; `false` answers them with the 422 a server without it gives. @defaultValue true
   */
  readonly watchList?: boolean | undefined;
}

/** A running emulator. */
export interface ImageCacheEmulator {
  /** Base URL, `http://127.0.0.1:PORT` (`https://` with `tls`). */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** Kubeconfig YAML pointing at {@link ImageCacheEmulator.url}. */
  readonly kubeconfig: string;
  /** A file holding {@link ImageCacheEmulator.kubeconfig} (mode 0600), removed by `close()`. */
  readonly kubeconfigPath: string;
  /** The objects, for direct inspection or setup in tests. */
  readonly store: ImageCacheStore;
  /** The simulated ECI controller, unless disabled. */
  readonly controller: SimulatedEciController | undefined;
  /** The clock shared by store and controller. */
  readonly clock: EmulatorClock;
  /** An {@link ImageCacheClient} connected to it (with the token and CA when set); `close()` closes it. */
  readonly client: ImageCacheClient;
  /** Ends open watches, stops the controller and the server, removes the kubeconfig file. Safe to call twice. */
  close(): Promise<void>;
}

const listen = (server: Server, port: number) =>
  new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });

/**
 * Starts the ImageCache API emulator.
 *
 * @example
 * ```ts
 * const emulator = await startImageCacheEmulator({ controller: { autoStart: false, seed: 7 } });
 * await fetch(`${emulator.url}/apis/eci.alibabacloud.com/v1/imagecaches`, {
 *   method: 'POST',
 *   headers: { 'content-type': 'application/json' },
 *   body: JSON.stringify({ apiVersion: 'eci.alibabacloud.com/v1', kind: 'ImageCache', metadata: { name: 'web' }, spec: { images: ['nginx'] } }),
 * });
 * emulator.controller?.settle();
 * await emulator.close();
 * ```
 */
export async function startImageCacheEmulator(options: ImageCacheEmulatorOptions = {}): Promise<ImageCacheEmulator> {
  const controllerOptions = options.controller === false ? undefined : (options.controller ?? {});
  const clock = createEmulatorClock(options.now ?? controllerOptions?.now);
  const store = new ImageCacheStore({ now: () => clock.now(), watchHistory: options.watchHistory });
  for (const object of options.initialObjects ?? []) store.create(object as ImageCache, { keepStatus: true });

  let address = '127.0.0.1:0';
  const handler = createRequestHandler({
    store,
    token: options.token,
    now: () => clock.now(),
    bookmarkIntervalMs: options.bookmarkIntervalMs,
    watchList: options.watchList ?? true,
    serverAddress: () => address,
  });
  const server: Server = options.tls ? createTlsServer({ cert: options.tls.cert, key: options.tls.key }, handler) : createServer(handler);
  const { port } = await listen(server, options.port ?? 0);
  address = `127.0.0.1:${port}`;
  const url = `${options.tls ? 'https' : 'http'}://${address}`;
  const kubeconfig = emulatorKubeconfig(url, options.token, options.tls ? (options.tls.ca ?? options.tls.cert) : undefined);
  const directory = await mkdtemp(join(tmpdir(), 'imagecache-emulator-'));
  const kubeconfigPath = join(directory, 'kubeconfig');
  await writeFile(kubeconfigPath, kubeconfig, { mode: 0o600 });
  const controller = controllerOptions ? new SimulatedEciController(store, controllerOptions, clock) : undefined;
  const client = new ImageCacheClient(
    { server: url, ...(options.token ? { token: options.token } : {}), ...(options.tls ? { caData: options.tls.ca ?? options.tls.cert } : {}) },
    // The emulator's own test token on its own loopback port: the one place the SDK opts in to http.
    { ...(options.token && !options.tls ? { allowCredentialsOverHttp: true } : {}), ...options.clientOptions },
  );

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      controller?.stop();
      client.close();
      handler.closeWatches();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await rm(directory, { recursive: true, force: true });
    })());

  return { url, port, kubeconfig, kubeconfigPath, store, controller, clock, client, close };
}
