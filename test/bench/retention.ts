/**
 * Benchmark of retention on the embedded DynamoDB: one closed wave of 20,000 responses and 5,000
 * comment items, stamped with the TTL backstop and then deleted, each in the job's bounded batches
 * (`PURGE_BATCH_ITEMS`), through the same store methods the purge step calls.
 */
import { randomBytes } from 'node:crypto';
import { PURGE_BATCH_ITEMS } from '../../lib/app/purge-expired-waves.js';
import type { Answers } from '../../lib/domain/response.js';
import { RESPONSE_SHARDS, type StoredWave, waveRef } from '../../lib/stores/ports.js';
import { benchResponse, questions, startBenchStack } from './bench-stack.js';

const RESPONSES = 20_000;
const COMMENTS = 5_000;
const C = 'bench-retention';
const S = 'pulse';
const key = () => randomBytes(32).toString('base64url');

/** Runs `step` until it says it is done, timing each call (one call = one job run's batch). */
const inBatches = async (step: () => Promise<{ done: boolean }>) => {
  const times: number[] = [];
  for (let done = false; !done; ) {
    const start = performance.now();
    ({ done } = await step());
    times.push(Math.round(performance.now() - start));
  }
  return times;
};

export async function benchRetention(log: (line: string) => void = () => {}) {
  const { stack, deps } = await startBenchStack('pulse-bench-retention-', C, S, questions);
  try {
    const wave: StoredWave = {
      id: 'w1',
      opensAt: '2025-01-06T09:00:00.000Z',
      closesAt: '2025-01-20T09:00:00.000Z',
      status: 'closed',
      shards: RESPONSE_SHARDS,
    };
    await deps.stores.waves.create(C, S, wave);
    const ref = waveRef(C, S, wave);
    log(
      `  writing ${RESPONSES.toLocaleString('en-GB')} responses and ${COMMENTS.toLocaleString('en-GB')} comment items …`,
    );
    await deps.stores.responses.putResponses(
      ref,
      Array.from({ length: RESPONSES }, (_, i) => {
        const answers: Answers = {};
        for (const q of questions) answers[q.id] = 1 + (i % 5);
        return benchResponse(deps.hmacSecret, wave.id, i, answers, '2025-01-10');
      }),
    );
    for (let i = 0; i < COMMENTS; i++) {
      await deps.stores.responses.putComments(ref, key(), [
        {
          waveId: wave.id,
          questionId: 'c1',
          characteristic: 'shared-purpose',
          text: `A comment of some length, number ${i}`,
        },
      ]);
    }
    const items = RESPONSES + COMMENTS;
    const expiresAt = new Date('2035-02-20T09:00:00.000Z');
    const stamp = await inBatches(() => deps.stores.responses.stampExpiry(ref, expiresAt, PURGE_BATCH_ITEMS));
    const purge = await inBatches(() => deps.stores.responses.deleteWave(ref, PURGE_BATCH_ITEMS));
    const left = (await deps.stores.responses.countWave(ref)).length;
    if (left !== 0) throw new Error('responses left after the purge');
    const sum = (times: number[]) => times.reduce((a, b) => a + b, 0);
    return {
      label: `retention on the embedded DynamoDB: one wave of ${items.toLocaleString('en-GB')} items, batches of ${PURGE_BATCH_ITEMS.toLocaleString('en-GB')}`,
      figures: {
        'TTL stamp: runs (batches)': stamp.length,
        'TTL stamp: ms per batch': stamp.join(' + '),
        'TTL stamp: items/s': Math.round((items / sum(stamp)) * 1000),
        'purge: runs (batches)': purge.length,
        'purge: ms per batch': purge.join(' + '),
        'purge: items/s': Math.round((items / sum(purge)) * 1000),
      },
    };
  } finally {
    await stack.stop();
  }
}
