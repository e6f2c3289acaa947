import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
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
    // A's comment write is held at a barrier until B has made its move: B either found the link locked
    // (a refused conditional put; it then waits for A) or, were there no lock, saved all of itself.
    // Either way A goes on only after that, so a store that let the two interleave is caught.
    let aIsHeld!: () => void;
    const aHeld = new Promise<void>((resolve) => {
      aIsHeld = resolve;
    });
    let releaseA!: () => void;
    const aReleased = new Promise<void>((resolve) => {
      releaseA = resolve;
    });
    const db = createDynamoClient(SDK_BUDGETS.respondent, ctx.stack.aws);
    // An SDK middleware on the test's own client: it sees each command's input before it is sent.
    db.middlewareStack.add(
      (next) => async (args) => {
        const item = 'Item' in args.input ? args.input.Item : undefined;
        if (JSON.stringify(item?.c ?? null).includes('from A')) {
          aIsHeld();
          await aReleased;
        }
        try {
          return await next(args);
        } catch (error) {
          if (error instanceof ConditionalCheckFailedException) releaseA();
          throw error;
        }
      },
      { step: 'initialize', name: 'holdAsCommentWrite' },
    );
    const store = new DynamoResponseStore(db, ctx.stack.tableName, { transactions: false });
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

    const a = store.putSubmission(ref, submission('A', { sp1: 1, sp2: 1, tr1: 1 }));
    await aHeld;
    const b = store.putSubmission(ref, submission('B', { sp1: 5, sp2: 5, tr1: 5 })).finally(releaseA);
    await Promise.all([a, b]);

    const stored = await store.getResponse(ref, keys.response);
    const [comment] = await store.getComments(ref, keys.comment);
    const pair = [stored?.response.answers.sp1, comment?.text];
    expect([
      [1, 'from A'],
      [5, 'from B'],
    ]).toContainEqual(pair);
  });
});
