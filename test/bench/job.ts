/**
 * Benchmarks of the scheduled job against the embedded DynamoDB and S3 (issue 3, (b)–(d)):
 * (b) a whole run over 50,000 responses versus only reading them with the same parallel queries;
 * (c) a rerun with nothing new: S3 writes and response reads;
 * (d) the closing run of a wave of 50,000 responses, job start to manifest written.
 */
import type { JobDeps } from '../../lib/app/job-deps.js';
import { runAggregation } from '../../lib/app/run-aggregation.js';
import { DEFAULT_FRAMEWORK } from '../../lib/domain/collaboration.js';
import type { Answers } from '../../lib/domain/response.js';
import type { StoredWave } from '../../lib/stores/ports.js';
import { RESPONSE_SHARDS, waveRef } from '../../lib/stores/ports.js';
import { benchResponse, startBenchStack } from './bench-stack.js';

const RESPONSES = 50_000;
const C = 'bench';
const S = 'pulse';
const questions = DEFAULT_FRAMEWORK.characteristics.flatMap((c) =>
  [1, 2, 3].map((i) => ({
    id: `${c.id}-${i}`,
    characteristic: c.id,
    text: `${c.name} ${i}`,
    type: 'likert5' as const,
  })),
);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const time = async (f: () => Promise<unknown>) => {
  const start = performance.now();
  await f();
  return performance.now() - start;
};

const fillWave = async (deps: JobDeps, wave: StoredWave) => {
  const ref = waveRef(C, S, wave);
  for (let from = 0; from < RESPONSES; from += 1000) {
    const entries = Array.from({ length: Math.min(1000, RESPONSES - from) }, (_, k) => {
      const i = from + k;
      const answers: Answers = {};
      for (const q of questions)
        answers[q.id] = Math.random() < 0.05 ? null : 1 + ((i * 7 + q.id.length) % 5);
      return benchResponse(deps.hmacSecret, wave.id, i, answers);
    });
    await deps.stores.responses.putResponses(ref, entries);
  }
};

/**
 * The job as at a wave's first publication: frozen publication records are not seen, so each run
 * reads the wave and publishes it again (what (b) measures).
 */
const firstPublication = (deps: JobDeps): JobDeps => ({
  ...deps,
  objects: {
    get: (key) => (key.includes('/published/') ? Promise.resolve(null) : deps.objects.get(key)),
    put: (key, body, type) => deps.objects.put(key, body, type),
    list: (prefix) => deps.objects.list(prefix),
  },
});

/** Counts what a run does to the bucket and how many responses it reads. */
const counting = (deps: JobDeps) => {
  const counts = { s3Puts: 0, responsesRead: 0 };
  const wrapped: JobDeps = {
    ...deps,
    objects: {
      get: (key) => deps.objects.get(key),
      list: (prefix) => deps.objects.list(prefix),
      put: async (key, body, type) => {
        counts.s3Puts++;
        await deps.objects.put(key, body, type);
      },
    },
    stores: {
      ...deps.stores,
      responses: Object.assign(Object.create(deps.stores.responses), {
        readWave: async function* (ref: Parameters<JobDeps['stores']['responses']['readWave']>[0]) {
          for await (const page of deps.stores.responses.readWave(ref)) {
            counts.responsesRead += page.length;
            yield page;
          }
        },
        countWave: async (ref: Parameters<JobDeps['stores']['responses']['countWave']>[0]) => {
          const result = await deps.stores.responses.countWave(ref);
          counts.responsesRead += result.reduce((t, c) => t + c.count, 0);
          return result;
        },
      }),
    },
  };
  return { deps: wrapped, counts };
};

export async function benchJob(log: (line: string) => void = () => {}) {
  const { stack, deps } = await startBenchStack('pulse-bench-', C, S, questions);
  try {
    const day = 86_400_000;
    const w1: StoredWave = {
      id: 'w1',
      opensAt: new Date(Date.now() - 30 * day).toISOString(),
      closesAt: new Date(Date.now() - 16 * day).toISOString(),
      status: 'closed',
      shards: RESPONSE_SHARDS,
    };
    await deps.stores.waves.create(C, S, w1);
    log(`  writing ${RESPONSES.toLocaleString('en-GB')} responses …`);
    await fillWave(deps, w1);

    // (b) reading alone versus a whole run (state reset and the frozen record hidden each time, so
    // the wave is read and published).
    const readMs: number[] = [];
    const runMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      readMs.push(
        await time(async () => {
          let n = 0;
          for await (const page of deps.stores.responses.readWave(waveRef(C, S, w1))) n += page.length;
          if (n !== RESPONSES) throw new Error(`read ${n} responses`);
        }),
      );
      await deps.aggregationState.put(C, S, { contentHash: null, waves: {} });
      runMs.push(await time(() => runAggregation(firstPublication(deps))));
    }

    // The runs after a wave's first publication stamp its items with the TTL backstop, 20,000 a run, once
    // (bench (g) measures that); "nothing new" starts when they are done.
    const catchUpMs = await time(async () => {
      for (let run = 0; run < 5; run++)
        if ((await runAggregation(deps)).surveys[0]?.retention?.pending.length === 0) break;
    });

    // (c) a rerun with nothing new.
    const rerun = counting(deps);
    const rerunMs = await time(() => runAggregation(rerun.deps));

    // (d) the closing run of a second wave of 50,000 responses: open, past its closing time.
    const w2: StoredWave = {
      id: 'w2',
      opensAt: new Date(Date.now() - 15 * day).toISOString(),
      closesAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      status: 'open',
      shards: RESPONSE_SHARDS,
    };
    await deps.stores.waves.create(C, S, w2);
    log(`  writing ${RESPONSES.toLocaleString('en-GB')} responses to a second wave …`);
    await fillWave(deps, w2);
    const closing = counting(deps);
    let summary: Awaited<ReturnType<typeof runAggregation>> | undefined;
    const closingMs = await time(async () => {
      summary = await runAggregation(closing.deps);
    });
    const survey = summary?.surveys[0];

    return {
      label: `scheduled job on the embedded DynamoDB and S3, ${RESPONSES.toLocaleString('en-GB')} responses × ${questions.length} likert items per wave, ${RESPONSE_SHARDS} shards`,
      figures: {
        'b: read only, median of 3 (ms)': Math.round(median(readMs)),
        'b: whole run, median of 3 (ms)': Math.round(median(runMs)),
        'b: run / read (target ≤ 1.25)': Math.round((median(runMs) / median(readMs)) * 100) / 100,
        'c: one-off TTL stamping of the first wave, before the rerun (ms)': Math.round(catchUpMs),
        'c: rerun (ms)': Math.round(rerunMs),
        'c: rerun S3 writes (target 0)': rerun.counts.s3Puts,
        'c: rerun responses read (target 0)': rerun.counts.responsesRead,
        'd: closing run, start to manifest (ms)': Math.round(closingMs),
        'd: closing run read': closing.counts.responsesRead,
        'd: closing run S3 writes': closing.counts.s3Puts,
        'd: closed / computed / reused': `${survey?.closed.join(',')} / ${survey?.computed.join(',')} / ${survey?.reused.join(',')}`,
      },
    };
  } finally {
    await stack.stop();
  }
}
