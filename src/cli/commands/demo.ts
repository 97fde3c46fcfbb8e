import { createImageCacheMatcher } from '../../matching/index.js';
import type { MatchTarget } from '../../matching/index.js';
import { parseCommandArgs, parseInteger, UsageError } from '../args.js';
import { removeKubeconfigOnExit, untilAborted } from '../emulator-lifetime.js';
import { println, type CliIO } from '../io.js';
import { workloadLabel } from '../manifests.js';
import { formatImageCacheTable } from '../output.js';
import { terminalCapabilities } from '../terminal.js';
import { formatPlan, planFromFlags } from '../warm-plan.js';
import { formatFinding } from './match.js';
import { waitWithProgress } from './warm.js';
import type { Command } from './command.js';

/** The example workloads the demo warms and checks: embedded, so the demo needs no files. */
export const DEMO_WORKLOADS: readonly MatchTarget[] = [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', annotations: { 'k8s.aliyun.com/eci-auto-imc': 'true' } },
    spec: {
      template: {
        metadata: { annotations: { 'k8s.aliyun.com/eci-auto-imc': 'true' } },
        spec: {
          initContainers: [{ name: 'migrate', image: 'registry.cn-hangzhou.aliyuncs.com/demo/migrate:2.1', imagePullPolicy: 'IfNotPresent' }],
          containers: [
            { name: 'nginx', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent' },
            { name: 'app', image: 'registry.cn-hangzhou.aliyuncs.com/demo/web:3.4.0', imagePullPolicy: 'IfNotPresent' },
          ],
        },
      },
    },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'report' },
    spec: {
      template: {
        // No auto-match annotation: ECI auto-matches by default, and perfect match is in effect.
        metadata: { annotations: { 'k8s.aliyun.com/imc-perfect-match': 'true' } },
        spec: {
          containers: [
            { name: 'report', image: 'python:3.12-slim' },
            { name: 'sidecar', image: 'busybox' },
          ],
        },
      },
    },
  },
];

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Start the emulator in-process, warm caches for example workloads, then match and lint them',
  usage: 'eci-imagecache demo [--step-ms 150] [--keep]',
  examples: ['eci-imagecache demo', 'npm start', 'eci-imagecache demo --keep   # then try kubectl against it'],
  details: [
    'Needs no cluster and no network: everything runs against the embedded emulator.',
    '--keep: leave the emulator running after the demo, with its kubeconfig, until Ctrl-C (or SIGTERM/SIGHUP).',
  ].join('\n'),
  async run(args, io: CliIO) {
    const { values, positionals } = parseCommandArgs(args, { 'step-ms': { type: 'string' }, keep: { type: 'boolean' } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
    const stepMs = parseInteger(values['step-ms'] as string | undefined, 'step-ms') ?? 150;
    const { startImageCacheEmulator } = await import('../../testing/emulator/index.js');
    const emulator = await startImageCacheEmulator({
      controller: { stepDelays: { pendingMs: stepMs, preparingMs: stepMs, progressStepMs: stepMs }, seed: 42 },
    });
    const client = emulator.client;
    const unregister = removeKubeconfigOnExit(emulator.kubeconfigPath);
    try {
      println(io, `1. ImageCache emulator on ${emulator.url}`);
      println(io);
      println(io, '2. Warm caches for the example workloads');
      const plan = planFromFlags(DEMO_WORKLOADS, (await client.list()).items, { retentionDays: 7 });
      println(io, formatPlan(plan).replace(/^/gm, '   '));
      const names: string[] = [];
      for (const step of plan.create) {
        const { imageCache } = await client.ensure(step.imageCache);
        names.push(imageCache.metadata.name!);
        println(io, `   created ${imageCache.metadata.name}: ${imageCache.spec.images.join(', ')}`);
      }
      const failed = await waitWithProgress(client, names, io, 60_000);
      if (failed.length > 0) throw new Error(`caches not Ready: ${failed.join(', ')}`);
      const caches = (await client.list()).items;
      println(io);
      println(io, formatImageCacheTable(caches, new Date(), { terminal: terminalCapabilities(io.stdout, io.env) }).replace(/^/gm, '   '));
      println(io);
      println(io, '3. Which cache will each workload use, and why');
      const matcher = createImageCacheMatcher(caches);
      for (const workload of DEMO_WORKLOADS) {
        println(io, `   ${workloadLabel(workload)}:`);
        println(io, matcher.select(workload).explanation.replace(/^/gm, '     '));
        const findings = matcher.lint(workload);
        println(io, `     lint: ${findings.length === 0 ? 'no findings' : `${findings.length} finding(s)`}`);
        for (const f of findings) println(io, `       ${formatFinding(f)}`);
        println(io);
      }
      if (values['keep']) {
        // The kubeconfig exists only while the emulator runs, so the hint is given only when it stays up.
        println(io, `The emulator keeps running until Ctrl-C. Try: KUBECONFIG=${emulator.kubeconfigPath} kubectl get ic`);
        await untilAborted(io.signal);
      } else {
        println(io, "Run 'eci-imagecache demo --keep' to keep the emulator running and try kubectl against it.");
      }
      return 0;
    } finally {
      await emulator.close();
      unregister();
    }
  },
};
