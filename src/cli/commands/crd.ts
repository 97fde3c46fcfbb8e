import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommandArgs, UsageError } from '../args.js';
import type { CliIO } from '../io.js';
import type { Command } from './command.js';

export const crdCommand: Command = {
  name: 'crd',
  summary: 'Print the ImageCache CustomResourceDefinition (apiextensions.k8s.io/v1)',
  usage: 'eci-imagecache crd [--v1beta1]',
  examples: ['eci-imagecache crd | kubectl apply -f -', 'eci-imagecache crd --v1beta1 > imagecache-crd.yaml'],
  details: '--v1beta1 prints the manifest for clusters older than Kubernetes 1.16.',
  async run(args, io: CliIO) {
    const { values, positionals } = parseCommandArgs(args, { v1beta1: { type: 'boolean' } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
    io.stdout.write(await readFile(crdPath(values['v1beta1'] ? 'v1beta1' : 'v1'), 'utf8'));
    return 0;
  },
};

/** The manifests ship in the package's crds/ folder; look upwards from this module (dist/ or src/cli/commands/). */
function crdPath(version: 'v1' | 'v1beta1'): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    const candidate = join(dir, 'crds', `imagecache.${version}.yaml`);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`crds/imagecache.${version}.yaml is missing from the package`);
}
