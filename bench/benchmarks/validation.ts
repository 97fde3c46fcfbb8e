/**
 * Issue item 6, validation: `validateImageCache` throughput at least 0.3x an ajv validator compiled
 * from the same schema, on realistic valid objects; invalid-object throughput is reported too.
 * @packageDocumentation
 */
import { progress, runBenchmark, scaled } from '../harness/benchmark.js';
import type { MetricRow } from '../harness/report.js';
import { loadSdk, sdkOrigin } from '../harness/sdk.js';
import { median, summarize } from '../harness/stats.js';
import { compareThroughput, type ThroughputSubject } from '../harness/throughput.js';
import { compileAjvValidator } from '../fixtures/ajv-validator.js';
import { validationCorpus, type ImageCacheJson } from '../fixtures/imagecaches.js';

const ID = 'validation';
const TITLE = 'Validation throughput';
const CORPUS_SIZE = 500;
const BATCH = 50;

// Cycles through the corpus in batches, so every object is validated equally often and the JIT
// sees the corpus's real variety rather than one object over and over.
function batches(objects: readonly ImageCacheJson[], validate: (value: unknown) => boolean, expected: boolean): () => number {
  let next = 0;
  return () => {
    for (let i = 0; i < BATCH; i++) {
      if (validate(objects[next]!) !== expected) throw new Error(`verdict changed while benchmarking: ${JSON.stringify(objects[next])}`);
      next = (next + 1) % objects.length;
    }
    return BATCH;
  };
}

await runBenchmark(ID, TITLE, async () => {
  const { validateImageCache } = await loadSdk();
  const ajvValidate = compileAjvValidator();
  const { valid, invalid } = validationCorpus(6, CORPUS_SIZE);
  const zod = (value: unknown): boolean => validateImageCache(value).success;
  const ajv = (value: unknown): boolean => ajvValidate(value) === true;

  // Timing two validators is only fair if they enforce the same rules on this data.
  for (const [set, expected] of [
    [valid, true],
    [invalid, false],
  ] as const) {
    for (const object of set) {
      if (zod(object) !== expected || ajv(object) !== expected) {
        throw new Error(
          `corpus object should be ${expected ? 'valid' : 'invalid'} for both (zod ${zod(object)}, ajv ${ajv(object)}): ${JSON.stringify(object)}`,
        );
      }
    }
  }

  const subjects: ThroughputSubject[] = [
    { name: 'zod valid', batch: batches(valid, zod, true) },
    { name: 'ajv valid', batch: batches(valid, ajv, true) },
    { name: 'zod invalid', batch: batches(invalid, zod, false) },
    { name: 'ajv invalid', batch: batches(invalid, ajv, false) },
  ];
  const rounds = scaled(9, 2);
  const roundMs = scaled(400, 50);
  const samples = compareThroughput(subjects, { rounds, roundMs, onRound: (r) => progress(ID, `round ${r + 1}/${rounds}`) });
  const med = (name: string): number => median(samples.get(name)!);
  const anchorName = 'ajv 8 from schema/ (allErrors)';
  const n = `median of ${rounds} rounds`;
  const rows: MetricRow[] = [
    {
      metric: `validateImageCache, valid objects (${n})`,
      unit: 'obj/s',
      ours: med('zod valid'),
      anchorName,
      anchor: med('ajv valid'),
      target: { kind: 'ratio-at-least', limit: 0.3 },
    },
    { metric: `validateImageCache, invalid objects (${n})`, unit: 'obj/s', ours: med('zod invalid'), anchorName, anchor: med('ajv invalid') },
    { metric: 'time per valid object', unit: 'µs', ours: 1e6 / med('zod valid'), anchorName, anchor: 1e6 / med('ajv valid') },
    { metric: 'time per invalid object', unit: 'µs', ours: 1e6 / med('zod invalid'), anchorName, anchor: 1e6 / med('ajv invalid') },
  ];
  const imagesPerObject = valid.reduce((sum, o) => sum + o.spec.images.length, 0) / valid.length;
  return {
    id: ID,
    title: TITLE,
    status: 'ok',
    rows,
    notes: [
      `${CORPUS_SIZE} valid create inputs (seeded; ${imagesPerObject.toFixed(1)} images on average, 1 to 20; secrets, sizes, labels, annotations on some) and ${CORPUS_SIZE} invalid ones (each breaks one rule).`,
      'Both validators were checked to give the expected verdict on every object before timing. Each round gives each subject the same time slice; one warm-up round is discarded.',
      'ours returns a typed copy and readable issues (path, rule, message); ajv returns a boolean and raw errors.',
      `SDK loaded from ${sdkOrigin()}.`,
    ],
    raw: Object.fromEntries([...samples].map(([name, list]) => [name, summarize(list)])),
  };
});
