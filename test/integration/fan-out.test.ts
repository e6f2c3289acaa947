import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createDispatchHandler } from '../../functions/aggregate/function.js';
import { createSurveyWorker } from '../../functions/aggregate-survey/function.js';
import type { JobDeps } from '../../lib/app/job-deps.js';
import { surveyLease } from '../../lib/app/run-aggregation.js';
import { snapshotKeys } from '../../lib/app/snapshot-files.js';
import { createLogger } from '../../lib/logger.js';
import { createMetrics } from '../../lib/metrics.js';
import type { SurveyQueue, SurveyRef } from '../../lib/stores/ports.js';
import { setUpOpenSurvey, useTestStack } from '../support/stack.js';

const ctx = useTestStack();
const logger = createLogger('aggregate');

/** Stands in for SQS: keeps what was enqueued and hands it back as an SQS event. */
const memoryQueue = () => {
  const sent: SurveyRef[] = [];
  const queue: SurveyQueue = { enqueue: async (surveys) => void sent.push(...surveys) };
  const asEvent = (bodies: string[]): SQSEvent =>
    ({ Records: bodies.map((body, i) => ({ messageId: `m${i}`, body })) }) as unknown as SQSEvent;
  return { queue, sent, asEvent };
};

/** A survey whose one wave closed (and settled) with three answers. */
const closedSurvey = async () => {
  const { api, stack } = ctx;
  const setup = await setUpOpenSurvey(api, 3);
  for (const { token } of setup.tokens) {
    expect((await api.put(`/api/s/${token}/response`, { answers: { sp1: 4, sp2: 5, tr1: 3 } })).status).toBe(
      200,
    );
  }
  await api.post(`${setup.base}/waves/w1/close`, {}, { admin: true });
  const wave = await stack.deps.stores.waves.get(setup.c, setup.s, 'w1');
  if (!wave) throw new Error('no wave');
  await stack.deps.stores.waves.update(setup.c, setup.s, {
    ...wave,
    closesAt: new Date(Date.now() - 10 * 60_000).toISOString(),
  });
  return setup;
};

const worker = (deps: JobDeps) => createSurveyWorker(deps, logger, createMetrics('aggregate'));

describe('the per-survey fan-out, run locally', () => {
  it('dispatches one message per survey, and the worker publishes each with the same per-survey run', async () => {
    const { c, s } = await closedSurvey();
    const { queue, sent, asEvent } = memoryQueue();

    const dispatched = await createDispatchHandler(ctx.stack.deps, logger, queue)({}, {} as never);
    const mine = sent.filter((m) => m.collaborationId === c);
    const reply = await worker(ctx.stack.deps)(asEvent(mine.map((m) => JSON.stringify(m))), {} as never);

    expect(dispatched.dispatched).toBe(sent.length);
    expect(mine).toEqual([{ collaborationId: c, surveyId: s }]);
    expect(reply.batchItemFailures).toEqual([]);
    const latest = await ctx.stack.deps.objects.get(snapshotKeys(c, s).latestJson);
    const snapshot = JSON.parse(new TextDecoder().decode(latest as Uint8Array));
    expect(snapshot.waves.map((w: { id: string; responses: number }) => [w.id, w.responses])).toEqual([
      ['w1', 3],
    ]);
  });

  it('reports a failed survey for SQS to retry, leaves a busy one to the run that holds it, drops a malformed message', async () => {
    const failing = await closedSurvey();
    const busy = await closedSurvey();
    await ctx.stack.deps.leases.acquire(surveyLease(busy.c, busy.s), 'another-run', 60_000, new Date());
    const brokenObjects = {
      ...ctx.stack.deps.objects,
      put: async (key: string, body: Uint8Array, contentType: string) => {
        if (key.includes(failing.c)) throw new Error('S3 is down');
        return ctx.stack.deps.objects.put(key, body, contentType);
      },
    };
    const { asEvent } = memoryQueue();

    const reply = await worker({ ...ctx.stack.deps, objects: brokenObjects })(
      asEvent([
        JSON.stringify({ collaborationId: failing.c, surveyId: failing.s }),
        JSON.stringify({ collaborationId: busy.c, surveyId: busy.s }),
        'not json',
      ]),
      {} as never,
    );

    expect(reply.batchItemFailures).toEqual([{ itemIdentifier: 'm0' }]);
    expect(await ctx.stack.deps.objects.get(snapshotKeys(busy.c, busy.s).latestJson)).toBeNull();
  });
});
