import type { ImageCache } from '../../src/types/index.js';
import { startImageCacheEmulator, type ImageCacheEmulator, type ImageCacheEmulatorOptions } from '../../src/testing/emulator/index.js';

export const BASE = '/apis/eci.alibabacloud.com/v1/imagecaches';
export const FIXED_START = new Date('2024-03-01T12:00:00Z');

/** A valid ImageCache manifest. */
export function cache(name: string, overrides: Partial<ImageCache['spec']> = {}, labels?: Record<string, string>): ImageCache {
  return {
    apiVersion: 'eci.alibabacloud.com/v1',
    kind: 'ImageCache',
    metadata: labels ? { name, labels } : { name },
    spec: { images: ['nginx:1.25'], ...overrides },
  };
}

/** An emulator on a fixed clock whose controller only moves when told. */
export function startQuiet(options: ImageCacheEmulatorOptions = {}): Promise<ImageCacheEmulator> {
  return startImageCacheEmulator({
    now: () => FIXED_START,
    ...options,
    controller: options.controller === false ? false : { autoStart: false, seed: 42, ...(options.controller ?? {}) },
  });
}

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** Sends a request to the emulator and decodes the JSON answer. */
export async function call(emulator: ImageCacheEmulator, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${emulator.url}${path}`, init);
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** Reads newline-delimited watch events from an open response until `until` says stop. */
export async function readEvents(res: Response, until: (events: any[]) => boolean): Promise<any[]> {
  const events: any[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    while (!until(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (line) events.push(JSON.parse(line));
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return events;
}

/** Reads a watch response to its end (the server closed it). */
export function readAllEvents(res: Response): Promise<any[]> {
  return readEvents(res, () => false);
}
