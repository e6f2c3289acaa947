import { describe, expect, it, vi } from 'vitest';
import { createAggregateHandler } from '../../functions/aggregate/function.js';
import { type FrozenPublication, publicationKey, publishedAuditKey } from '../../lib/app/compute-snapshot.js';
import type { SupportTeamDeps } from '../../lib/app/job-deps.js';
import { putCollaboration, putSurvey } from '../../lib/app/manage-collaborations.js';
import { createLinks } from '../../lib/app/manage-links.js';
import { closeWave, openWave } from '../../lib/app/manage-waves.js';
import { readAggregates } from '../../lib/app/read-aggregates.js';
import { openSurveyForLink, submitResponse } from '../../lib/app/respond.js';
import { runAggregation } from '../../lib/app/run-aggregation.js';
import { snapshotKeys } from '../../lib/app/snapshot-files.js';
import { AUDIT_VERSION, type LpSolver, LpSolverCrashed } from '../../lib/domain/disclosure-audit/index.js';
import { createLogger } from '../../lib/logger.js';
import { createMetrics } from '../../lib/metrics.js';
import { collaborationDocument, surveyDocument } from '../support/documents.js';
import { memoryDeps, TEST_ACTOR } from '../support/memory.js';

/**
 * The disclosure audit in the job, on the in-memory stores: a wave published under older rules keeps
 * its figures but is audited again (once), and an audit that runs out of time publishes nothing new.
 */

const C = 'alliance';
const S = 'pulse';
const SETTLED = 5 * 60_000 + 1;

/** A closed wave w1 with `north` respondents (primary care) and `south` (the council). */
const answeredWave = async (deps: SupportTeamDeps, north: number, south: number) => {
  await putCollaboration(deps, TEST_ACTOR, C, collaborationDocument());
  await putSurvey(deps, TEST_ACTOR, C, S, surveyDocument());
  await openWave(deps, TEST_ACTOR, C, S, { id: 'w1' });
  const links = [
    ...(await createLinks(deps, TEST_ACTOR, C, S, {
      partnerId: 'pcn',
      neighbourhoodId: 'north',
      count: north,
    })),
    ...(await createLinks(deps, TEST_ACTOR, C, S, {
      partnerId: 'council',
      neighbourhoodId: 'south',
      count: south,
    })),
  ];
  for (const [i, { token }] of links.entries()) {
    await submitResponse(deps, await openSurveyForLink(deps, token), token, {
      answers: { sp1: 1 + (i % 5), sp2: 1 + ((i * 3) % 5), tr1: 1 + ((i * 2) % 5) },
    });
  }
  await closeWave(deps, TEST_ACTOR, C, S, 'w1');
};

/** North has 10 respondents (primary care), south 3 (the council): south is hidden, and north beside it. */
const publishedWave = async () => {
  const errors: { message: string; data?: Record<string, unknown> }[] = [];
  const { deps, clock, objects } = memoryDeps();
  const withErrors: SupportTeamDeps = {
    ...deps,
    logError: (message, _error, data) => errors.push({ message, ...(data ? { data } : {}) }),
  };
  await answeredWave(withErrors, 10, 3);
  clock.advance(SETTLED);
  const first = await runAggregation(withErrors);
  expect(first.surveys[0]).toMatchObject({ status: 'published', computed: ['w1'], unsafePublished: [] });
  const key = publicationKey(C, S, 'w1');
  const read = async () =>
    JSON.parse(new TextDecoder().decode((await objects.get(key)) as Uint8Array)) as FrozenPublication;
  const write = (publication: FrozenPublication) =>
    objects.put(key, new TextEncoder().encode(JSON.stringify(publication)), 'application/json');
  return { deps: withErrors, objects, errors, read, write };
};

describe('waves published under older audit rules', () => {
  it('are audited again once, keep their figures, and an unsafe one is logged with ids and counts and counted', async () => {
    const { deps, objects, errors, read, write } = await publishedWave();
    const published = await read();
    expect(published.audit?.version).toBe(AUDIT_VERSION);
    const north = (c: FrozenPublication['cells'][number]) =>
      c.dimension === 'neighbourhood' && c.segment === 'north';
    expect(published.cells.filter(north).every((c) => c.suppressed)).toBe(true);
    // As an older rule might have published it: north shown beside the hidden south, which is then
    // overall minus north.
    const { audit, ...rest } = published;
    const { version: _, ...figures } = audit ?? { version: 0 };
    const older: FrozenPublication = {
      ...rest,
      audit: figures as NonNullable<FrozenPublication['audit']>,
      cells: published.cells.map((c) => (north(c) ? { ...c, suppressed: false, n: 10 } : c)),
    };
    await write(older);

    const metrics = createMetrics('aggregate');
    const added = vi.spyOn(metrics, 'addMetric');
    vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
    const second = await createAggregateHandler(deps, createLogger('test'), metrics)();
    const third = await runAggregation(deps);

    expect(second.surveys[0]).toMatchObject({ reused: ['w1'], unsafePublished: ['w1'] });
    expect(errors).toEqual([
      {
        message: 'published wave fails the disclosure audit',
        data: {
          collaborationId: C,
          surveyId: S,
          waveId: 'w1',
          checked: expect.any(Number),
          unsafe: expect.any(Number),
          mismatched: 0,
        },
      },
    ]);
    expect((errors[0]?.data?.unsafe as number) > 0).toBe(true);
    // The metric the PublishedWavesUnsafe alarm watches.
    expect(added).toHaveBeenCalledWith('PublishedWavesUnsafe', 'Count', 1);
    // Counts and ids only: no figure of any cell reaches the log.
    expect(Object.keys(errors[0]?.data ?? {}).sort()).toEqual(
      ['checked', 'collaborationId', 'mismatched', 'surveyId', 'unsafe', 'waveId'].sort(),
    );
    // Audited once per audit version: the next run neither reads its responses again nor alarms again.
    expect(third.surveys[0]).toMatchObject({ unsafePublished: [] });
    expect(errors).toHaveLength(1);
    expect(
      JSON.parse(new TextDecoder().decode((await objects.get(publishedAuditKey(C, S, 'w1'))) as Uint8Array)),
    ).toMatchObject({ version: AUDIT_VERSION, mismatched: 0 });
    // Rule 9: the wave's figures are served as they were published.
    expect(await read()).toEqual(older);
    const latest = JSON.parse(
      new TextDecoder().decode((await objects.get(snapshotKeys(C, S).latestJson)) as Uint8Array),
    );
    expect(latest.cells).toEqual(older.cells);
  });

  it('are audited again by the job, not by a download that reads them first, so the alarm still fires', async () => {
    const { deps, objects, read, write } = await publishedWave();
    const published = await read();
    const north = (c: FrozenPublication['cells'][number]) =>
      c.dimension === 'neighbourhood' && c.segment === 'north';
    // Published by an older rule: north beside the hidden south, which is then overall minus north.
    const { audit: _, ...rest } = published;
    await write({
      ...rest,
      cells: published.cells.map((c) => (north(c) ? { ...c, suppressed: false, n: 10 } : c)),
    });

    // The support team downloads the aggregates (or opens the report) before the next run.
    await readAggregates(deps, C, S, undefined);
    const run = await runAggregation(deps);

    expect(await objects.get(publishedAuditKey(C, S, 'w1')), 'the run wrote it').not.toBeNull();
    expect(run.surveys[0]).toMatchObject({ reused: ['w1'], unsafePublished: ['w1'] });
  });

  it('pass quietly when their pattern is safe', async () => {
    const { deps, objects, errors, read, write } = await publishedWave();
    // Published before the audit existed: no audit figures at all.
    const { audit: _, ...rest } = await read();
    await write({ ...rest });

    const again = await runAggregation(deps);

    expect(again.surveys[0]).toMatchObject({ unsafePublished: [] });
    expect(errors).toEqual([]);
    expect(
      JSON.parse(new TextDecoder().decode((await objects.get(publishedAuditKey(C, S, 'w1'))) as Uint8Array)),
    ).toMatchObject({ version: AUDIT_VERSION, unsafe: 0, mismatched: 0 });
  });
});

describe('the job remembering an audit of a published wave', () => {
  it('reads the audit record of a wave its state does not know about once, then no more', async () => {
    const { deps, objects, read, write } = await publishedWave();
    const { audit: _, ...rest } = await read();
    await write({ ...rest });
    await runAggregation(deps);
    // The state as a job from before it remembered audits left it: the record is in the bucket only.
    const state = await deps.aggregationState.get(C, S);
    expect(state?.waves.w1).toMatchObject({ auditedAgain: AUDIT_VERSION });
    await deps.aggregationState.put(C, S, {
      contentHash: state?.contentHash ?? null,
      waves: { w1: { published: true, responses: state?.waves.w1?.responses ?? 0 } },
    });
    const reads: string[] = [];
    const counted: SupportTeamDeps = {
      ...deps,
      objects: {
        get: (key) => {
          reads.push(key);
          return objects.get(key);
        },
        put: (key, body, type) => objects.put(key, body, type),
        list: (prefix) => objects.list(prefix),
      },
    };
    const auditReads = () => reads.filter((key) => key === publishedAuditKey(C, S, 'w1')).length;

    const once = await runAggregation(counted);
    const readOnce = auditReads();
    const again = await runAggregation(counted);

    expect(readOnce).toBe(1);
    expect(auditReads()).toBe(1);
    expect(once.surveys[0]).toMatchObject({ status: 'unchanged', unsafePublished: [] });
    expect(again.surveys[0]).toMatchObject({ status: 'unchanged', unsafePublished: [] });
    expect((await deps.aggregationState.get(C, S))?.waves.w1).toMatchObject({ auditedAgain: AUDIT_VERSION });
  });
});

describe('an audit out of time', () => {
  it('fails the survey, logs it, and publishes nothing new', async () => {
    const { deps, clock, objects } = memoryDeps();
    const errors: string[] = [];
    const hurried: SupportTeamDeps = {
      ...deps,
      auditBudgetMs: 0,
      logError: (message, error) => errors.push(`${message}: ${(error as Error).name}`),
    };
    await answeredWave(hurried, 8, 2);
    await runAggregation(hurried);
    const before = await objects.get(snapshotKeys(C, S).latestJson);
    clock.advance(SETTLED);

    const run = await runAggregation(hurried);

    expect(run.surveys[0]).toMatchObject({ status: 'failed', error: 'AuditBudgetExceeded', written: [] });
    expect(errors).toContain('survey aggregation failed: AuditBudgetExceeded');
    // The failure counts in SurveysFailed (an alarm) and the job rethrows; nothing new is published.
    expect(run.failed).toBe(1);
    expect(await objects.get(snapshotKeys(C, S).latestJson)).toEqual(before);
    expect(await objects.get(publicationKey(C, S, 'w1'))).toBeNull();
  });
});

describe('a solver that fails inside', () => {
  it('is not trusted: the audit runs again on a fresh one without warm starts, and the wave is published', async () => {
    const { deps, clock, objects } = memoryDeps();
    const logged: string[] = [];
    const real = deps.lpSolver;
    // The first engine fails on its first solve, as HiGHS does when its WebAssembly traps.
    const trap = () => {
      throw new LpSolverCrashed('trapped');
    };
    const failing: LpSolver = () => ({
      minimise: trap,
      maximise: trap,
      lastIsWhole: trap,
      minimiseWhole: trap,
      close: () => {},
    });
    const lpSolver = vi.fn(async (options?: { warmStart?: boolean }) =>
      options?.warmStart === false ? real(options) : failing,
    );
    const flaky: SupportTeamDeps = { ...deps, lpSolver, log: (message) => logged.push(message) };
    await answeredWave(flaky, 10, 3);
    clock.advance(SETTLED);

    const run = await runAggregation(flaky);

    expect(run.surveys[0]).toMatchObject({ status: 'published', computed: ['w1'] });
    expect(lpSolver.mock.calls).toEqual([[], [{ warmStart: false }]]);
    expect(logged).toContain('disclosure audit solver failed; auditing again without warm starts');
    expect(await objects.get(publicationKey(C, S, 'w1'))).not.toBeNull();
  });
});
