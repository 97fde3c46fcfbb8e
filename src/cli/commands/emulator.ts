import { parseCommandArgs, parseInteger, UsageError } from '../args.js';
import { println, type CliIO } from '../io.js';
import type { Command } from './command.js';

export const emulatorCommand: Command = {
  name: 'emulator',
  summary: 'Run the ImageCache API emulator in the foreground (kubectl works against it)',
  usage: 'eci-imagecache emulator [--port 8001] [--token TOKEN] [--step-ms 1000] [--fail-images REGEX]',
  examples: ['eci-imagecache emulator --port 8001', 'eci-imagecache emulator --step-ms 200 --fail-images broken'],
  details: [
    'Prints the kubeconfig for it, then serves until Ctrl-C.',
    '--step-ms: how long each simulated build step takes (Pending, Preparing, each progress step).',
    '--fail-images: builds of images matching this regular expression fail, as ECI marks them Failed.',
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
    const { startImageCacheEmulator } = await import('../../testing/emulator/index.js');
    const emulator = await startImageCacheEmulator({
      port: parseInteger(values['port'] as string | undefined, 'port') ?? 0,
      ...(values['token'] ? { token: values['token'] as string } : {}),
      controller: {
        stepDelays: { pendingMs: stepMs, preparingMs: stepMs, progressStepMs: stepMs },
        ...(fail ? { failImages: new RegExp(fail) } : {}),
      },
    });
    io.stderr.write(`ImageCache emulator listening on ${emulator.url}\nkubeconfig: ${emulator.kubeconfigPath}\n\n`);
    println(io, emulator.kubeconfig.trimEnd());
    io.stderr.write(`\ntry: KUBECONFIG=${emulator.kubeconfigPath} kubectl get ic\n`);
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) resolve();
      io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await emulator.close();
    return 0;
  },
};
