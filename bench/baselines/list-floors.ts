/**
 * The floors under any informer's first sync, for the informer benchmark: what the same pages cost
 * with no informer at all. `parse`: each page's JSON parsed and every item put in a Map by name,
 * the least an informer that holds parsed objects must do. `scan`: each page's bytes scanned for
 * where its items start and end, the least an informer that kept raw items and parsed them only
 * when read would have to do before it could call itself synced.
 * @packageDocumentation
 */
import { Agent, get } from 'node:http';

/** Which floor to measure. */
export type ListFloor = 'parse' | 'scan';

const COLLECTION = '/apis/eci.alibabacloud.com/v1/imagecaches';
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function fetchBytes(agent: Agent, url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(Buffer.concat(chunks)));
      response.on('error', reject);
    }).on('error', reject);
  });
}

/**
 * Counts the elements of the list's `items` array by tracking depth through the bytes, stepping over
 * strings (escapes included). UTF-8 needs no decoding for this: no byte of a multi-byte character is ASCII.
 *
 * @example
 * ```ts
 * countItems(Buffer.from('{"metadata":{},"items":[{"a":"}"},{}]}')); // 2
 * ```
 */
export function countItems(body: Uint8Array): number {
  const itemsAt = Buffer.from(body.buffer, body.byteOffset, body.byteLength).indexOf('"items":');
  if (itemsAt < 0) return 0;
  let depth = 0;
  let items = 0;
  for (let i = itemsAt + 8; i < body.length; ) {
    const byte = body[i++] as number;
    if (byte === QUOTE) {
      // Bounded by the body's end, so a cut-off string cannot loop past it.
      for (let next = body[i++]; next !== QUOTE && i <= body.length; next = body[i++]) if (next === BACKSLASH) i++;
    } else if (byte === 0x7b || byte === 0x5b) {
      if (depth++ === 1) items++;
    } else if ((byte === 0x7d || byte === 0x5d) && --depth === 0) break;
  }
  return items;
}

/**
 * Fetches every page of `pageSize` from the benchmark server and does the floor's work on it;
 * resolves with the number of items seen.
 *
 * @example
 * ```ts
 * await measureListFloor('parse', 'http://127.0.0.1:8080', 500); // 50000
 * ```
 */
export async function measureListFloor(floor: ListFloor, serverUrl: string, pageSize: number): Promise<number> {
  const agent = new Agent({ keepAlive: true });
  const byName = new Map<string, unknown>();
  let seen = 0;
  let token = '';
  try {
    do {
      const body = await fetchBytes(agent, `${serverUrl}${COLLECTION}?limit=${pageSize}${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
      if (floor === 'parse') {
        const page = JSON.parse(body.toString('utf8')) as { metadata: { continue?: string }; items: { metadata: { name: string } }[] };
        for (const item of page.items) byName.set(item.metadata.name, item);
        seen = byName.size;
        token = page.metadata.continue ?? '';
      } else {
        seen += countItems(body);
        // The benchmark server writes the list's metadata, with the token, before its items.
        token = /"continue":"([^"]*)"/.exec(body.subarray(0, 512).toString('utf8'))?.[1] ?? '';
      }
    } while (token);
  } finally {
    agent.destroy();
  }
  return seen;
}
