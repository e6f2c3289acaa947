/**
 * Benchmark of `GET …/waves` as history grows (issue 7, item 8): 24 closed waves of 2,000 responses
 * each on the embedded DynamoDB, over HTTP. A settled wave's participation is counted once and then
 * read from its wave record, so later reads touch no response of a closed wave.
 */
import type { Answers } from '../../lib/domain/response.js';
import type { ResponseStore, StoredWave, WaveRef } from '../../lib/stores/ports.js';
import { RESPONSE_SHARDS, waveRef } from '../../lib/stores/ports.js';
import { benchResponse, questions, startBenchStack } from './bench-stack.js';

const WAVES = 24;
const PER_WAVE = 2_000;
const C = 'bench-waves';
const S = 'pulse';

/** Counts the response items each wave's reads return (both the full read and the per-place count). */
const countReads = (store: ResponseStore) => {
  const read = new Map<string, number>();
  const add = (ref: WaveRef, n: number) => read.set(ref.waveId, (read.get(ref.waveId) ?? 0) + n);
  const readWave = store.readWave.bind(store);
  const countWave = store.countWave.bind(store);
  store.readWave = async function* (ref) {
    for await (const page of readWave(ref)) {
      add(ref, page.length);
      yield page;
    }
  };
  store.countWave = async (ref) => {
    const counts = await countWave(ref);
    add(
      ref,
      counts.reduce((t, c) => t + c.count, 0),
    );
    return counts;
  };
  return read;
};

export async function benchWaves(log: (line: string) => void = () => {}) {
  const { stack, deps } = await startBenchStack('pulse-bench-waves-', C, S, questions);
  try {
    const day = 86_400_000;
    log(`  writing ${WAVES} closed waves × ${PER_WAVE.toLocaleString('en-GB')} responses …`);
    for (let w = 0; w < WAVES; w++) {
      const wave: StoredWave = {
        id: `w${String(w + 1).padStart(2, '0')}`,
        opensAt: new Date(Date.now() - (WAVES - w) * 30 * day).toISOString(),
        closesAt: new Date(Date.now() - ((WAVES - w) * 30 - 14) * day).toISOString(),
        status: 'closed',
        shards: RESPONSE_SHARDS,
      };
      await deps.stores.waves.create(C, S, wave);
      const entries = Array.from({ length: PER_WAVE }, (_, i) => {
        const answers: Answers = {};
        for (const q of questions) answers[q.id] = 1 + ((i + w) % 5);
        return benchResponse(deps.hmacSecret, wave.id, i, answers);
      });
      await deps.stores.responses.putResponses(waveRef(C, S, wave), entries);
    }

    const read = countReads(stack.deps.stores.responses);
    const get = async () => {
      const start = performance.now();
      const res = await fetch(`${stack.url}/admin/collaborations/${C}/surveys/${S}/waves`, {
        headers: { authorization: `Bearer ${stack.adminToken}` },
      });
      const body = (await res.json()) as { waves: { responses: number }[] };
      if (res.status !== 200 || body.waves.length !== WAVES) throw new Error(`GET …/waves: ${res.status}`);
      if (body.waves.some((w) => w.responses !== PER_WAVE)) throw new Error('wrong response counts');
      return performance.now() - start;
    };
    const firstMs = await get();
    const firstRead = [...read.values()].reduce((a, b) => a + b, 0);
    read.clear();
    const times: number[] = [];
    for (let i = 0; i < 11; i++) times.push(await get());
    times.sort((a, b) => a - b);
    return {
      label: `GET …/waves over HTTP on the embedded DynamoDB: ${WAVES} closed waves × ${PER_WAVE.toLocaleString('en-GB')} responses`,
      figures: {
        'first read, counts and freezes each wave (ms)': Math.round(firstMs),
        'first read: responses counted': firstRead,
        'later reads, median of 11 (ms; target ≤ 100)': Math.round(times[5] as number),
        'later reads, slowest of 11 (ms)': Math.round(times[10] as number),
        'later reads: response items of closed waves read (target 0)': [...read.values()].reduce(
          (a, b) => a + b,
          0,
        ),
      },
    };
  } finally {
    await stack.stop();
  }
}
