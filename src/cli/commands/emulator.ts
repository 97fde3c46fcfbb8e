import { normalizeImageReference } from '../../validation/image-reference.js';
import { parseCommandArgs, parseInteger, UsageError } from '../args.js';
import { removeKubeconfigOnExit, untilAborted } from '../emulator-lifetime.js';
import { println, type CliIO } from '../io.js';
import type { Command } from './command.js';

/** The normalized reference; an invalid one (which the server would refuse anyway) as written. */
function normalizedOrAsWritten(image: string): string {
  try {
    return normalizeImageReference(image);
  } catch {
    return image;
  }
}

export const emulatorCommand: Command = {
  name: 'emulator',
  summary: 'Run the ImageCache API emulator in the foreground (kubectl works against it)',
  usage: 'eci-imagecache emulator [--port 8001] [--token TOKEN] [--step-ms 1000] [--fail-images REGEX]',
  examples: ['eci-imagecache emulator --port 8001', 'eci-imagecache emulator --step-ms 200 --fail-images broken'],
  details: [
    'Prints the kubeconfig for it, then serves until Ctrl-C, SIGTERM or SIGHUP; the temporary kubeconfig folder is then removed.',
    '--step-ms: how long each simulated build step takes (Pending, Preparing, each progress step).',
    '--fail-images: builds of images matching this regular expression fail, as ECI marks them Failed. It is matched',
    '  against the normalized reference: broken:1 is docker.io/library/broken:1, so ^docker.io/library/broken matches it.',
  ].join('\n'),
  async run(args, io: CliIO) {
    const { values, positionals } = parseCommandArgs(args, {
      port: { type: 'string' },
      token: { type: 'string' },
      'step-ms': { type: 'string' },
      'fail-images': { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
    const stepMs = parseInteger(values['step-ms'] as string | undefined, 'step-ms') ?? 1000;
    const fail = values['fail-images'] as string | undefined;
    let failPattern: RegExp | undefined;
    try {
      failPattern = fail ? new RegExp(fail) : undefined;
    } catch (err) {
      throw new UsageError(`--fail-images is not a regular expression: ${(err as Error).message}`);
    }
    const { startImageCacheEmulator } = await import('../../testing/emulator/index.js');
    const emulator = await startImageCacheEmulator({
      port: parseInteger(values['port'] as string | undefined, 'port') ?? 0,
      ...(values['token'] ? { token: values['token'] as string } : {}),
      controller: {
        stepDelays: { pendingMs: stepMs, preparingMs: stepMs, progressStepMs: stepMs },
        ...(failPattern ? { failImages: (image: string) => failPattern.test(normalizedOrAsWritten(image)) } : {}),
      },
    });
    const unregister = removeKubeconfigOnExit(emulator.kubeconfigPath);
    io.stderr.write(`ImageCache emulator listening on ${emulator.url}\nkubeconfig: ${emulator.kubeconfigPath}\n\n`);
    println(io, emulator.kubeconfig.trimEnd());
    io.stderr.write(`\ntry: KUBECONFIG=${emulator.kubeconfigPath} kubectl get ic\n`);
    await untilAborted(io.signal);
    await emulator.close();
    unregister();
    return 0;
  },
};
