import type { ImageCache } from '../types/index.js';

/** kubectl's short age: `45s`, `12m`, `5h`, `3d`, `2y`. */
export function formatAge(from: string | undefined, now: Date): string {
  if (!from) return '<unknown>';
  const seconds = Math.max(0, Math.floor((now.getTime() - Date.parse(from)) / 1000));
  if (Number.isNaN(seconds)) return '<invalid>';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return `${minutes}m${seconds % 60 ? `${seconds % 60}s` : ''}`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  return days < 365 * 2 ? `${days}d` : `${Math.floor(days / 365)}y`;
}

/** Left-aligned columns separated by three spaces, like kubectl's printer. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('   ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** The ImageCache table: NAME, AGE, CACHEID, PHASE, PROGRESS. */
export function formatImageCacheTable(caches: readonly ImageCache[], now: Date): string {
  return formatTable(
    ['NAME', 'AGE', 'CACHEID', 'PHASE', 'PROGRESS'],
    caches.map((c) => [
      c.metadata.name ?? '',
      formatAge(c.metadata.creationTimestamp, now),
      c.status?.imageCacheId ?? '',
      c.status?.phase ?? '',
      c.status?.progress ?? '',
    ]),
  );
}

/** JSON or YAML of one object or a list, as `kubectl get -o`. */
export async function formatObject(value: unknown, format: 'json' | 'yaml'): Promise<string> {
  if (format === 'json') return JSON.stringify(value, null, 2);
  const { stringify } = await import('yaml');
  return stringify(value, { lineWidth: 0 }).trimEnd();
}
