import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The kubectl binary: $KUBECTL, the PATH, or /usr/bin/kubectl; undefined when there is none. */
export function findKubectl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env['KUBECTL'], ...(env['PATH'] ?? '').split(delimiter).map((dir) => (dir ? join(dir, 'kubectl') : undefined)), '/usr/bin/kubectl'];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Try the next one.
    }
  }
  return undefined;
}
