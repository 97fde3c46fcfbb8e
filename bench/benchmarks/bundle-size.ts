/**
 * Issue #13, bundle size for consumers who bundle: what esbuild (the one tsup brings: platform
 * node, ESM, minified) emits for an import of the built package, with `axios` external because it
 * is the chosen HTTP client and a declared dependency. `import { ImageCacheClient } from
 * 'eci-imagecache'` must be at most 300 kB, `eci-imagecache/matching`'s `selectImageCache` below
 * 25 kB. Sizes are deterministic: one build per subject, no rounds.
 * @packageDocumentation
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { progress, runBenchmark } from '../harness/benchmark.js';
import { REPO_ROOT } from '../harness/paths.js';
import type { MetricRow, Target } from '../harness/report.js';

const ID = 'bundle';
const TITLE = 'Bundle size (esbuild)';
const KB = 1e3;

/** The slice of esbuild's API used here, so the benchmark does not depend on its typings. */
interface EsbuildApi {
  readonly version: string;
  build(options: Record<string, unknown>): Promise<{
    outputFiles: { contents: Uint8Array }[];
    metafile: { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> };
  }>;
}

/** One consumer program to bundle. */
interface Subject {
  readonly metric: string;
  readonly source: string;
  readonly external: readonly string[];
  readonly target?: Target;
}

const SUBJECTS: readonly Subject[] = [
  {
    metric: "import { ImageCacheClient } from 'eci-imagecache' (axios external)",
    source: "import { ImageCacheClient } from 'eci-imagecache'; console.log(ImageCacheClient);",
    external: ['axios'],
    target: { kind: 'value-at-most', limit: 300 },
  },
  {
    metric: "import { selectImageCache } from 'eci-imagecache/matching'",
    source: "import { selectImageCache } from 'eci-imagecache/matching'; console.log(selectImageCache);",
    external: ['axios'],
    target: { kind: 'value-below', limit: 25 },
  },
  {
    metric: "import * from 'eci-imagecache/matching' (every export)",
    source: "import * as matching from 'eci-imagecache/matching'; console.log(matching);",
    external: ['axios'],
  },
  {
    metric: "import { validateImageCache } from 'eci-imagecache'",
    source: "import { validateImageCache } from 'eci-imagecache'; console.log(validateImageCache);",
    external: ['axios'],
  },
  {
    metric: "import { ImageCacheClient } from 'eci-imagecache' (axios bundled too)",
    source: "import { ImageCacheClient } from 'eci-imagecache'; console.log(ImageCacheClient);",
    external: [],
  },
];

// tsup's own esbuild, as the issue asks: resolved from tsup's directory, not whatever is hoisted.
function loadEsbuild(): EsbuildApi {
  const fromTsup = createRequire(createRequire(join(REPO_ROOT, 'package.json')).resolve('tsup'));
  return fromTsup('esbuild') as EsbuildApi;
}

// Output bytes by the package they come from: the lever when a size grows.
function byPackage(inputs: Record<string, { bytesInOutput: number }>): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const [file, { bytesInOutput }] of Object.entries(inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(file.replace(/\\/g, '/'));
    const name = !match ? 'eci-imagecache (dist/)' : match[1] === 'zod' && match[2]!.includes('locales') ? 'zod locales' : match[1]!;
    sizes.set(name, (sizes.get(name) ?? 0) + bytesInOutput);
  }
  return sizes;
}

await runBenchmark(ID, TITLE, async () => {
  const esbuild = loadEsbuild();
  const rows: MetricRow[] = [];
  const breakdowns: string[] = [];
  for (const subject of SUBJECTS) {
    progress(ID, subject.metric);
    const result = await esbuild.build({
      // Resolves the package's own name from the repository root: package self-reference to dist/.
      stdin: { contents: subject.source, resolveDir: REPO_ROOT, loader: 'js' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      minify: true,
      external: subject.external,
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const bytes = result.outputFiles[0]!.contents.length;
    rows.push({ metric: subject.metric, unit: 'kB', ours: bytes / KB, ...(subject.target ? { target: subject.target } : {}) });
    const output = Object.values(result.metafile.outputs)[0]!;
    const parts = [...byPackage(output.inputs)].sort((a, b) => b[1] - a[1]).map(([name, size]) => `${name} ${(size / KB).toFixed(1)} kB`);
    breakdowns.push(`${subject.metric}: ${parts.join(', ')}.`);
  }
  return {
    id: ID,
    title: TITLE,
    status: 'ok',
    rows,
    notes: [
      `esbuild ${esbuild.version} (tsup's), bundle: true, platform node, format esm, minify: true, on dist/ as built; kB = 1000 bytes.`,
      'Bytes each package contributes to the minified output:',
      ...breakdowns,
    ],
    raw: { esbuild: esbuild.version },
  };
});
