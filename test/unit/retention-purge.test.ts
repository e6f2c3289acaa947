import { describe, expect, it, vi } from 'vitest';
import { createAggregateHandler } from '../../functions/aggregate/function.js';
import { publicationKey } from '../../lib/app/compute-snapshot.js';
import type { SupportTeamDeps } from '../../lib/app/job-deps.js';
import { getCollaboration, putCollaboration, putSurvey } from '../../lib/app/manage-collaborations.js';
import { createLinks } from '../../lib/app/manage-links.js';
import { closeWave, extendWave, openWave } from '../../lib/app/manage-waves.js';
import { purgeExpiredWaves } from '../../lib/app/purge-expired-waves.js';
import { readAggregates, readComments } from '../../lib/app/read-aggregates.js';
import { openSurveyForLink, submitResponse } from '../../lib/app/respond.js';
import { runAggregation } from '../../lib/app/run-aggregation.js';
import { snapshotKeys } from '../../lib/app/snapshot-files.js';
import { purgeDueAt, ttlBackstopAt } from '../../lib/domain/retention.js';
import type { Snapshot } from '../../lib/domain/snapshot.js';
import { ValidationError } from '../../lib/errors.js';
import { createLogger } from '../../lib/logger.js';
import { createMetrics } from '../../lib/metrics.js';
import { MemoryResponseStore } from '../../lib/stores/memory/index.js';
import { type ResponseStore, type StoredWave, waveRef } from '../../lib/stores/ports.js';
import { collaborationDocument, surveyDocument } from '../support/documents.js';
import { memoryDeps, TEST_ACTOR } from '../support/memory.js';

/**
 * Retention on the in-memory stores and a movable clock: the job's purge step deletes a frozen wave's
 * raw data once the setting in force says so, never earlier, and never touches its figures.
 */

const C = 'alliance';
const S = 'pulse';
const MINUTE = 60_000;

const setUp = async (retention: { collaboration?: number; deployment?: number } = {}) => {
  const { deps: base, clock, objects } = memoryDeps();
  const responses = new MemoryResponseStore();
  const deps: SupportTeamDeps = {
    ...base,
    stores: { ...base.stores, responses },
    ...(retention.deployment ? { retentionMonths: retention.deployment } : {}),
  };
  await putCollaboration(
    deps,
    TEST_ACTOR,
    C,
    collaborationDocument(retention.collaboration ? { retentionMonths: retention.collaboration } : {}),
  );
  await putSurvey(deps, TEST_ACTOR, C, S, surveyDocument());
  await openWave(deps, TEST_ACTOR, C, S, { id: 'w1' });
  const links = await createLinks(deps, TEST_ACTOR, C, S, {
    partnerId: 'pcn',
    neighbourhoodId: 'north',
    count: 12,
  });
  for (const [i, link] of links.entries()) {
    await submitResponse(deps, await openSurveyForLink(deps, link.token), link.token, {
      answers: { sp1: (i % 5) + 1, sp2: 4, tr1: 3 },
      comments: { 'sp-comment': `comment ${i}` },
    });
  }
  return { deps, clock, objects, responses };
};

/** Closes w1 now and lets the job freeze it (closed + settled + published). */
const closeAndFreeze = async ({ deps, clock }: Awaited<ReturnType<typeof setUp>>) => {
  await closeWave(deps, TEST_ACTOR, C, S, 'w1');
  clock.advance(6 * MINUTE);
  await runAggregation(deps);
  // The run that publishes a wave leaves its raw data alone; the next one stamps it (a closing run
  // already reads every response of the wave).
  const published = (await deps.stores.waves.get(C, S, 'w1')) as StoredWave;
  expect(published.expiryStamp).toBeUndefined();
  clock.advance(60 * MINUTE);
  await runAggregation(deps);
  return (await deps.stores.waves.get(C, S, 'w1')) as StoredWave;
};

const stored = async (responses: ResponseStore, wave: StoredWave) => {
  let n = 0;
  for await (const page of responses.readWave(waveRef(C, S, wave))) n += page.length;
  let comments = 0;
  for await (const page of responses.readWaveComments(waveRef(C, S, wave))) comments += page.length;
  return { responses: n, comments };
};

const moveTo = (clock: { now: () => Date; advance: (ms: number) => void }, at: Date) =>
  clock.advance(at.getTime() - clock.now().getTime());

/** Figures without what says when or how fast they were computed (the time, the solver's milliseconds). */
const timeless = (snapshot: Snapshot) => ({
  ...snapshot,
  generatedAt: '',
  audit: { ...snapshot.audit, solverMs: 0 },
});

const withoutTime = (bytes: Uint8Array | null) => {
  const { generatedAt: _, ...rest } = JSON.parse(new TextDecoder().decode(bytes ?? new Uint8Array()));
  return rest;
};

describe('retention of raw responses', () => {
  it('deletes a frozen wave’s responses and comments once closed for the deployment default, keeping every figure', async () => {
    const setup = await setUp({ deployment: 3 });
    const { deps, clock, objects, responses } = setup;
    const wave = await closeAndFreeze(setup);
    const figures = await readAggregates(deps, C, S, undefined);
    const latest = await objects.get(snapshotKeys(C, S).latestJson);
    const comments = await readComments(deps, TEST_ACTOR, C, S, 'w1');

    moveTo(clock, new Date(purgeDueAt(wave, 3).getTime() - 1));
    const early = await runAggregation(deps);
    const before = await stored(responses, wave);
    clock.advance(1);
    const due = await runAggregation(deps);

    expect(comments).toMatchObject({ purged: false });
    expect(comments.characteristics[0]?.comments).toHaveLength(12);
    expect(early.surveys[0]?.retention).toMatchObject({ purged: [], responses: 0 });
    expect(before).toEqual({ responses: 12, comments: 12 });
    expect(due.surveys[0]).toMatchObject({
      status: 'unchanged',
      retention: { purged: ['w1'], responses: 12, pending: [] },
    });
    expect(await stored(responses, wave)).toEqual({ responses: 0, comments: 0 });
    expect(await deps.stores.waves.get(C, S, 'w1')).toMatchObject({
      purgeStartedAt: clock.now().toISOString(),
      purgedAt: clock.now().toISOString(),
      participation: wave.participation,
    });
    expect(await readComments(deps, TEST_ACTOR, C, S, 'w1')).toEqual({ characteristics: [], purged: true });
    const after = await readAggregates(deps, C, S, undefined);
    expect(timeless(after)).toEqual(timeless(figures));
    expect(withoutTime(await objects.get(snapshotKeys(C, S).latestJson))).toEqual(withoutTime(latest));
    expect((await runAggregation(deps)).surveys[0]?.retention, 'idempotent').toMatchObject({
      purged: [],
      responses: 0,
    });
  });

  it('uses the collaboration’s own setting over the deployment’s, and refuses one out of bounds', async () => {
    const setup = await setUp({ deployment: 24, collaboration: 2 });
    const wave = await closeAndFreeze(setup);
    moveTo(setup.clock, purgeDueAt(wave, 2));

    await runAggregation(setup.deps);

    expect(await stored(setup.responses, wave)).toEqual({ responses: 0, comments: 0 });
    await expect(
      putCollaboration(setup.deps, TEST_ACTOR, C, collaborationDocument({ retentionMonths: 121 })),
    ).rejects.toThrow(ValidationError);
  });

  it('never deletes earlier than a setting lengthened after the wave was frozen and stamped', async () => {
    const setup = await setUp({ collaboration: 2 });
    const { deps, clock, responses } = setup;
    const wave = await closeAndFreeze(setup);
    const stamps = new Set(responses.expiriesOf(waveRef(C, S, wave)));
    await putCollaboration(deps, TEST_ACTOR, C, collaborationDocument({ retentionMonths: 6 }));

    moveTo(clock, purgeDueAt(wave, 2));
    await runAggregation(deps);
    const atOldDue = await stored(responses, wave);
    moveTo(clock, purgeDueAt(wave, 6));
    await runAggregation(deps);

    expect(atOldDue).toEqual({ responses: 12, comments: 12 });
    expect(await stored(responses, wave)).toEqual({ responses: 0, comments: 0 });
    // The TTL backstop written when the wave froze: later than the lengthened (or any) setting's due time.
    expect(stamps).toEqual(new Set([ttlBackstopAt(wave).getTime()]));
    expect(ttlBackstopAt(wave).getTime()).toBeGreaterThan(purgeDueAt(wave, 6).getTime());
  });

  it('stamps no TTL while a wave is open, so moving its closing time leaves nothing stale', async () => {
    const setup = await setUp({ collaboration: 1 });
    const { deps, clock, responses } = setup;
    await runAggregation(deps);
    const open = (await deps.stores.waves.get(C, S, 'w1')) as StoredWave;
    const stampsWhileOpen = responses.expiriesOf(waveRef(C, S, open));
    const later = new Date(Date.parse(open.closesAt) + 10 * 24 * 60 * MINUTE);
    await extendWave(deps, TEST_ACTOR, C, S, 'w1', { closesAt: later.toISOString() });

    moveTo(clock, new Date(later.getTime() + 6 * MINUTE));
    await runAggregation(deps);
    clock.advance(60 * MINUTE);
    await runAggregation(deps);
    const frozen = (await deps.stores.waves.get(C, S, 'w1')) as StoredWave;
    moveTo(clock, purgeDueAt(open, 1));
    await runAggregation(deps);
    const atFirstDue = await stored(responses, frozen);

    expect(stampsWhileOpen).toEqual([]);
    expect(new Set(responses.expiriesOf(waveRef(C, S, frozen)))).toEqual(
      new Set([ttlBackstopAt({ closesAt: later.toISOString() }).getTime()]),
    );
    expect(frozen.expiryStamp).toBe(ttlBackstopAt(frozen).toISOString());
    expect(atFirstDue, 'due one month after the moved closing time, not the first').toEqual({
      responses: 12,
      comments: 12,
    });
  });

  it('deletes nothing of a wave whose figures are not frozen, however old', async () => {
    const setup = await setUp({ collaboration: 1 });
    const { deps, clock, responses } = setup;
    await closeWave(deps, TEST_ACTOR, C, S, 'w1');
    const wave = (await deps.stores.waves.get(C, S, 'w1')) as StoredWave;
    moveTo(clock, purgeDueAt(wave, 60));

    // The purge step alone: the job would freeze the wave first.
    const summary = await purgeExpiredWaves(deps, await getCollaboration(deps, C), S, [wave]);

    expect(summary).toEqual({ purged: [], stamped: [], responses: 0, pending: [] });
    expect(await stored(responses, wave)).toEqual({ responses: 12, comments: 12 });
  });

  it('is bounded per run and resumes after a crash part-way, losing nothing of the figures', async () => {
    const setup = await setUp({ collaboration: 1 });
    const { deps, clock, responses } = setup;
    const wave = await closeAndFreeze(setup);
    const figures = await readAggregates(deps, C, S, undefined);
    moveTo(clock, purgeDueAt(wave, 1));
    const collaboration = await getCollaboration(deps, C);
    const current = async () => [(await deps.stores.waves.get(C, S, 'w1')) as StoredWave];

    const first = await purgeExpiredWaves(deps, collaboration, S, await current(), 10);
    const afterFirst = await stored(responses, wave);
    const crashing: SupportTeamDeps = {
      ...deps,
      stores: {
        ...deps.stores,
        responses: Object.assign(Object.create(responses), {
          deleteWave: () => Promise.reject(new Error('connection reset')),
        }),
      },
    };
    await expect(purgeExpiredWaves(crashing, collaboration, S, await current(), 10)).rejects.toThrow();
    const midway = await readComments(deps, TEST_ACTOR, C, S, 'w1');
    const second = await purgeExpiredWaves(deps, collaboration, S, await current(), 10);
    const afterSecond = await stored(responses, wave);
    const third = await purgeExpiredWaves(deps, collaboration, S, await current(), 10);

    expect(first).toMatchObject({ purged: [], pending: ['w1'] });
    expect(afterFirst.responses + afterFirst.comments, '10 of 24 items deleted').toBe(14);
    expect(midway, 'a half-purged wave shows no comments').toEqual({ characteristics: [], purged: true });
    expect(second.pending).toEqual(['w1']);
    expect(afterSecond.responses + afterSecond.comments).toBe(4);
    expect(first.responses + second.responses + third.responses).toBe(12);
    expect(third).toMatchObject({ purged: ['w1'], pending: [] });
    expect(await stored(responses, wave)).toEqual({ responses: 0, comments: 0 });
    expect(timeless(await readAggregates(deps, C, S, undefined))).toEqual(timeless(figures));
  });

  it('counts what it deleted as metrics, and logs counts, never content', async () => {
    const setup = await setUp({ collaboration: 1 });
    const wave = await closeAndFreeze(setup);
    moveTo(setup.clock, purgeDueAt(wave, 1));
    const logged: [string, Record<string, unknown> | undefined][] = [];
    const metrics = createMetrics('aggregate');
    const added = vi.spyOn(metrics, 'addMetric');
    vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
    const job = createAggregateHandler(
      { ...setup.deps, log: (message, data) => logged.push([message, data]) },
      createLogger('aggregate'),
      metrics,
    );

    await job();

    const values = new Map(added.mock.calls.map(([name, , value]) => [name, value]));
    expect(values.get('ResponsesPurged')).toBe(12);
    expect(values.get('WavesPurged')).toBe(1);
    expect(logged.find(([message]) => message.startsWith('retention'))).toEqual([
      'retention: raw data deleted',
      {
        collaborationId: C,
        surveyId: S,
        waveId: 'w1',
        retentionMonths: 1,
        responses: 12,
        comments: 12,
        done: true,
      },
    ]);
  });

  it('refuses to publish a purged wave again from nothing when its frozen figures are lost', async () => {
    const setup = await setUp({ collaboration: 1 });
    const { deps, clock, objects } = setup;
    const wave = await closeAndFreeze(setup);
    moveTo(clock, purgeDueAt(wave, 1));
    await runAggregation(deps);
    const latest = await objects.get(snapshotKeys(C, S).latestJson);
    await objects.put(publicationKey(C, S, 'w1'), new TextEncoder().encode('{broken'), 'application/json');

    const run = await runAggregation(deps);

    expect(run.surveys[0]).toMatchObject({ status: 'failed', written: [] });
    expect(await objects.get(snapshotKeys(C, S).latestJson)).toEqual(latest);
    await expect(readAggregates(deps, C, S, undefined)).rejects.toThrow(/deleted under retention/);
  });
});
