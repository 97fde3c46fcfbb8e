import { createImageCacheMatcher, lintWorkload, type ImageCacheMatchOptions, type LintFinding } from '../../matching/index.js';
import type { ImageCache } from '../../types/index.js';
import { CONNECTION_FLAGS, parseCommandArgs, UsageError } from '../args.js';
import { clientFromFlags, type ConnectionFlags } from '../connect.js';
import { println, type CliIO } from '../io.js';
import { readCaches, readWorkloads, workloadLabel } from '../manifests.js';
import { isDocumentFormat, parseOutputFormat, renderDocument } from '../output-format.js';
import type { Command } from './command.js';

const MATCH_FLAGS = {
  ...CONNECTION_FLAGS,
  filename: { type: 'string', short: 'f', multiple: true },
  caches: { type: 'string' },
  // On by default, as on ECI today; kept so that scripts written for the old opt-in still run.
  'default-auto-match': { type: 'boolean' },
  'no-default-auto-match': { type: 'boolean' },
  'registry-alias': { type: 'string', multiple: true },
  output: { type: 'string', short: 'o' },
} as const;

interface Inputs {
  readonly values: Record<string, unknown>;
  readonly workloads: Awaited<ReturnType<typeof readWorkloads>>;
  readonly caches: ImageCache[];
  readonly options: ImageCacheMatchOptions;
}

/** Reads the workloads, and the caches from `--caches FILE` or else from the cluster. */
async function readInputs(args: readonly string[], io: CliIO, command: string): Promise<Inputs> {
  const { values, positionals } = parseCommandArgs(args, MATCH_FLAGS);
  const files = [...((values['filename'] as string[] | undefined) ?? []), ...positionals];
  if (files.length === 0) throw new UsageError(`${command} needs -f WORKLOAD_FILE`);
  const workloads = (await Promise.all(files.map((f) => readWorkloads(f, io.cwd)))).flat();
  let caches: ImageCache[];
  if (typeof values['caches'] === 'string') {
    caches = await readCaches(values['caches'], io.cwd);
  } else {
    const client = await clientFromFlags(values as ConnectionFlags, io);
    try {
      caches = (await client.list({ signal: io.signal })).items;
    } finally {
      client.close();
    }
  }
  const aliases = ((values['registry-alias'] as string[] | undefined) ?? []).map((group) =>
    group
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean),
  );
  if (values['default-auto-match'] && values['no-default-auto-match']) {
    throw new UsageError('--default-auto-match and --no-default-auto-match contradict each other');
  }
  const options: ImageCacheMatchOptions = {
    ...(values['no-default-auto-match'] ? { defaultAutoMatch: false } : {}),
    ...(aliases.length > 0 ? { registryAliases: aliases } : {}),
  };
  return { values, workloads, caches, options };
}

const REPORT_FORMATS = ['text', 'json', 'yaml', 'jsonpath'] as const;

const SHARED_DETAILS = [
  'Caches come from --caches FILE (YAML or JSON: ImageCache documents or a list) when given, else from the cluster.',
  'Pods without an auto-match annotation are auto-matched, as ECI does by default (k8s.aliyun.com/eci-auto-imc defaults to true).',
  '--no-default-auto-match: they are not (old clusters on the legacy virtual node, where auto-match was opt-in).',
  '--registry-alias a,b: treat registry hosts a and b as one (repeatable).',
  '-o json|yaml prints the report as a list (one entry per workload); -o jsonpath=TEMPLATE runs a template on it.',
];

export const matchCommand: Command = {
  name: 'match',
  summary: 'Explain which ImageCache each pod of a workload would use, and why',
  usage: 'eci-imagecache match -f WORKLOAD_FILE [--caches CACHES_FILE] [--no-default-auto-match] [-o json|yaml|jsonpath=TEMPLATE]',
  examples: ['eci-imagecache match -f deploy.yaml --caches caches.yaml', 'eci-imagecache match -f deploy.yaml   # against the cluster'],
  details: [...SHARED_DETAILS, 'Exit code: 0 when every workload gets a cache, 1 when one does not, 3 when a pod would fail to be created.'].join('\n'),
  async run(args, io) {
    const { values, workloads, caches, options } = await readInputs(args, io, 'match');
    const format = parseOutputFormat(values['output'] as string | undefined, REPORT_FORMATS);
    const matcher = createImageCacheMatcher(caches, options);
    const selections = workloads.map((w) => matcher.select(w));
    if (isDocumentFormat(format)) {
      // Caches are named, not repeated whole, in the report.
      const report = selections.map((s) => ({
        ...s,
        alternatives: s.alternatives,
        cache: s.cache?.metadata.name,
        candidates: s.candidates.map((c) => ({ ...c, cache: c.cache.metadata.name })),
        explanation: s.explanation,
      }));
      io.stdout.write(await renderDocument(report, format));
    } else {
      selections.forEach((s, i) => {
        if (i > 0) println(io);
        println(io, `${workloadLabel(workloads[i]!)}:`);
        println(io, s.explanation.replace(/^/gm, '  '));
      });
    }
    if (selections.some((s) => s.willFail)) return 3;
    return selections.every((s) => s.outcome === 'selected') ? 0 : 1;
  },
};

/** Prints lint findings as `severity code path: message`. */
export function formatFinding(finding: LintFinding): string {
  return `${finding.severity.padEnd(7)} ${finding.code}${finding.path ? ` ${finding.path}` : ''}: ${finding.message}`;
}

export const lintCommand: Command = {
  name: 'lint',
  summary: 'Find what keeps a workload from using an ImageCache well',
  usage: 'eci-imagecache lint -f WORKLOAD_FILE [--caches CACHES_FILE] [--no-default-auto-match] [-o json|yaml|jsonpath=TEMPLATE]',
  examples: ['eci-imagecache lint -f deploy.yaml --caches caches.yaml'],
  details: [...SHARED_DETAILS, 'Exit code: 0 when no finding is an error, 1 otherwise.'].join('\n'),
  async run(args, io) {
    const { values, workloads, caches, options } = await readInputs(args, io, 'lint');
    const format = parseOutputFormat(values['output'] as string | undefined, REPORT_FORMATS);
    const results = workloads.map((w) => ({ workload: workloadLabel(w), findings: lintWorkload(w, caches, options) }));
    if (isDocumentFormat(format)) {
      io.stdout.write(await renderDocument(results, format));
    } else {
      for (const { workload, findings } of results) {
        println(io, `${workload}: ${findings.length === 0 ? 'no findings' : `${findings.length} finding(s)`}`);
        for (const f of findings) println(io, `  ${formatFinding(f)}`);
      }
    }
    return results.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
  },
};
