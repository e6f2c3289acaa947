import { setTimeout as sleep } from 'node:timers/promises';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { responseKeys } from '../../lib/app/respond.js';
import { createDynamoClient } from '../../lib/composition.js';
import { SDK_BUDGETS } from '../../lib/config.js';
import type { ResponseRecord } from '../../lib/domain/response.js';
import { DynamoResponseStore } from '../../lib/stores/dynamodb/responses.js';
import { waveRef } from '../../lib/stores/ports.js';
import { setUpOpenSurvey, useTestStack } from '../support/stack.js';

const ctx = useTestStack();

/** Submission `i`'s answers: a function of `i`, so its comment (which names `i`) says what they must be. */
const answersOf = (i: number) => ({
  sp1: 1 + (i % 5),
  sp2: 1 + (Math.floor(i / 5) % 5),
  tr1: 1 + (Math.floor(i / 25) % 5),
});

describe('one submission lands whole', () => {
  it('never mixes the answers of one racing submission with the comments of another', async () => {
    const { c, s, waveId, tokens } = await setUpOpenSurvey(ctx.api, 4);
    const perLink = 40;

    const results = await Promise.all(
      tokens.flatMap(({ token }, l) =>
        Array.from({ length: perLink }, async (_, k) => {
          const i = l * perLink + k;
          const res = await ctx.api.put(`/api/s/${token}/response`, {
            answers: answersOf(i),
            comments: i % 7 === 0 ? {} : { 'sp-comment': `submission ${i}` },
          });
          return { token, i, status: res.status };
        }),
      ),
    );

    // Submissions queue per link; one kept waiting too long is told to retry (503) and stores nothing.
    expect(results.filter((r) => r.status !== 200 && r.status !== 503)).toEqual([]);
    const wave = await ctx.stack.deps.stores.waves.get(c, s, waveId);
    const ref = waveRef(c, s, wave!);
    for (const { token } of tokens) {
      const keys = responseKeys(ctx.stack.deps.hmacSecret, token, waveId);
      const stored = await ctx.stack.deps.stores.responses.getResponse(ref, keys.response);
      const comments = await ctx.stack.deps.stores.responses.getComments(ref, keys.comment);
      const acknowledged = results.filter((r) => r.token === token && r.status === 200).map((r) => r.i);
      expect(acknowledged.length).toBeGreaterThan(0);
      if (comments.length === 0) {
        // Only submissions without a comment (i % 7 === 0) leave none.
        const candidates = acknowledged.filter((i) => i % 7 === 0).map(answersOf);
        expect(candidates).toContainEqual(stored?.response.answers);
      } else {
        const i = Number(/^submission (\d+)$/.exec(comments[0]?.text ?? '')?.[1]);
        expect(acknowledged).toContain(i);
        expect(stored?.response.answers).toEqual(answersOf(i));
      }
    }
    const counts = await ctx.stack.deps.stores.responses.countWave(ref);
    expect(counts.reduce((t, x) => t + x.count, 0)).toBe(tokens.length);
  });

  it('holds when one submission stalls between its two writes (no transactions, as on the emulator)', async () => {
    const { c, s, waveId, tokens } = await setUpOpenSurvey(ctx.api, 1);
    const wave = await ctx.stack.deps.stores.waves.get(c, s, waveId);
    const ref = waveRef(c, s, wave!);
    const real = createDynamoClient(SDK_BUDGETS.respondent, ctx.stack.aws);
    // A's comment write is held back long enough for all of B to happen in between.
    const slowForA = {
      send: async (command: unknown) => {
        const item = command instanceof PutCommand ? command.input.Item : undefined;
        if (JSON.stringify(item?.c ?? null).includes('from A')) await sleep(300);
        return real.send(command as PutCommand);
      },
    } as unknown as typeof real;
    const store = new DynamoResponseStore(slowForA, ctx.stack.tableName, { transactions: false });
    const keys = responseKeys(ctx.stack.deps.hmacSecret, tokens[0]!.token, waveId);
    const submission = (who: string, answers: ResponseRecord['answers']) => ({
      responseKey: keys.response,
      commentKey: keys.comment,
      lockKey: keys.lock,
      editKeyHash: 'x',
      response: {
        waveId,
        partnerId: 'pcn',
        neighbourhoodId: 'north',
        sector: 'primary-care' as const,
        day: '2030-01-01',
        answers,
      },
      comments: [{ waveId, questionId: 'sp-comment', characteristic: 'shared-purpose', text: `from ${who}` }],
    });

    await Promise.all([
      store.putSubmission(ref, submission('A', { sp1: 1, sp2: 1, tr1: 1 })),
      sleep(50).then(() => store.putSubmission(ref, submission('B', { sp1: 5, sp2: 5, tr1: 5 }))),
    ]);

    const stored = await store.getResponse(ref, keys.response);
    const [comment] = await store.getComments(ref, keys.comment);
    const pair = [stored?.response.answers.sp1, comment?.text];
    expect([
      [1, 'from A'],
      [5, 'from B'],
    ]).toContainEqual(pair);
  });
});
