import { describe, expect, it, vi } from 'vitest';
import { publicationKey } from '../../lib/app/compute-snapshot.js';
import type { SupportTeamDeps } from '../../lib/app/job-deps.js';
import { putCollaboration, putSurvey } from '../../lib/app/manage-collaborations.js';
import { createLinks, revokeLinks } from '../../lib/app/manage-links.js';
import { closeWave, extendWave, openWave } from '../../lib/app/manage-waves.js';
import { readAggregates, readComments } from '../../lib/app/read-aggregates.js';
import { openSurveyForLink, submitResponse } from '../../lib/app/respond.js';
import { runAggregation } from '../../lib/app/run-aggregation.js';
import { snapshotKeys } from '../../lib/app/snapshot-files.js';
import { snapshotSchema } from '../../lib/domain/snapshot.js';
import { NoOpenWaveError } from '../../lib/errors.js';
import { type ObjectStore, waveRef } from '../../lib/stores/ports.js';
import { collaborationDocument, surveyDocument } from '../support/documents.js';
import { memoryDeps, TEST_ACTOR } from '../support/memory.js';

/**
 * Use cases on the in-memory stores and a test clock: time moves when the test says so, and nothing
 * here knows how the stores key their data.
 */

const C = 'alliance';
const S = 'pulse';
const MINUTE = 60_000;

/** A collaboration, a survey, an open wave `w1` and `n` links in one partner and neighbourhood. */
const openSurvey = async (deps: SupportTeamDeps, n: number) => {
  await putCollaboration(deps, TEST_ACTOR, C, collaborationDocument());
  await putSurvey(deps, TEST_ACTOR, C, S, surveyDocument());
  await openWave(deps, TEST_ACTOR, C, S, { id: 'w1' });
  return createLinks(deps, TEST_ACTOR, C, S, { partnerId: 'pcn', neighbourhoodId: 'north', count: n });
};

const answerAll = async (deps: SupportTeamDeps, tokens: string[], answer: number) => {
  for (const token of tokens) {
    await submitResponse(deps, await openSurveyForLink(deps, token), token, {
      answers: { sp1: answer, sp2: answer, tr1: answer },
    });
  }
};

const latest = async (objects: ObjectStore) => {
  const body = await objects.get(snapshotKeys(C, S).latestJson);
  return body === null ? null : snapshotSchema.parse(JSON.parse(new TextDecoder().decode(body)));
};

describe('a respondent and the closing time', () => {
  it('stops accepting answers once closesAt passes, before the job records the wave closed', async () => {
    const { deps, clock } = memoryDeps();
    const [link] = await openSurvey(deps, 1);
    const token = link?.token ?? '';
    await extendWave(deps, TEST_ACTOR, C, S, 'w1', {
      closesAt: new Date(clock.now().getTime() + 1_500).toISOString(),
    });
    const before = await openSurveyForLink(deps, token);

    clock.advance(1_600);

    expect(before.wave.id).toBe('w1');
    await expect(openSurveyForLink(deps, token)).rejects.toThrow(NoOpenWaveError);
    expect((await deps.stores.waves.get(C, S, 'w1'))?.status, 'the job has not run').toBe('open');
  });
});

describe('the scheduled job on the in-memory stores', () => {
  it('publishes a closed wave’s cells only once late submissions can no longer land', async () => {
    const { deps, clock, objects } = memoryDeps();
    const links = await openSurvey(deps, 5);
    await answerAll(
      deps,
      links.map((l) => l.token),
      4,
    );
    await closeWave(deps, TEST_ACTOR, C, S, 'w1');

    await runAggregation(deps);
    const justClosed = await latest(objects);
    clock.advance(5 * MINUTE - 1);
    const almost = await runAggregation(deps);
    clock.advance(1);
    const settled = await runAggregation(deps);

    expect(justClosed?.waves).toEqual([
      expect.objectContaining({ id: 'w1', status: 'closed', responses: 5 }),
    ]);
    expect(justClosed?.cells).toEqual([]);
    expect(almost.surveys[0]?.status).toBe('unchanged');
    expect(settled.surveys[0]).toMatchObject({ status: 'published', computed: ['w1'] });
    expect(
      (await latest(objects))?.cells.find((c) => c.dimension === 'overall' && c.question === 'sp1'),
    ).toMatchObject({ n: 5, mean: 4, suppressed: false });
  });

  it('leaves out a stored answer that validation would have refused, and logs it for an operator', async () => {
    const { deps, clock, objects } = memoryDeps();
    const errors: { message: string; data?: Record<string, unknown> }[] = [];
    deps.logError = (message, _error, data) => errors.push({ message, ...(data ? { data } : {}) });
    const links = await openSurvey(deps, 5);
    await answerAll(
      deps,
      links.map((l) => l.token),
      4,
    );
    // An import that bypassed validation: sp1 = 7.
    const wave = await deps.stores.waves.get(C, S, 'w1');
    if (!wave) throw new Error('no wave');
    await deps.stores.responses.putResponses(waveRef(C, S, wave), [
      {
        responseKey: 'imported',
        editKeyHash: 'imported',
        response: {
          waveId: 'w1',
          partnerId: 'pcn',
          neighbourhoodId: 'north',
          sector: 'primary-care',
          day: '2029-11-05',
          answers: { sp1: 7, sp2: 4, tr1: 4 },
        },
      },
    ]);
    await closeWave(deps, TEST_ACTOR, C, S, 'w1');
    clock.advance(5 * MINUTE);

    await runAggregation(deps);

    const overall = (question: string) =>
      latest(objects).then((l) => l?.cells.find((c) => c.dimension === 'overall' && c.question === question));
    expect(await overall('sp1')).toMatchObject({ n: 5, mean: 4 });
    expect(await overall('sp2')).toMatchObject({ n: 6, mean: 4 });
    expect(errors).toEqual([
      {
        message: 'stored answers skipped: neither null nor a whole number 1–5',
        data: { collaborationId: C, surveyId: S, waveId: 'w1', invalidAnswers: 1 },
      },
    ]);
  });

  it('reports a survey busy while another run holds it, and that run still publishes', async () => {
    const { deps, objects } = memoryDeps();
    await openSurvey(deps, 5);
    // The first run stops at its first write until released, holding the survey meanwhile.
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let writing: () => void = () => {};
    const firstWrite = new Promise<void>((resolve) => {
      writing = resolve;
    });
    const held: ObjectStore = {
      get: (key) => objects.get(key),
      list: (prefix) => objects.list(prefix),
      put: async (key, body, type) => {
        writing();
        await gate;
        await objects.put(key, body, type);
      },
    };
    const first = runAggregation({ ...deps, objects: held });
    await firstWrite;

    const second = await runAggregation(deps);
    release();

    expect(second.surveys).toEqual([
      expect.objectContaining({ collaborationId: C, status: 'busy', written: [] }),
    ]);
    expect((await first).surveys[0]?.status).toBe('published');
    expect(await latest(objects)).not.toBeNull();
    expect((await runAggregation(deps)).surveys[0]?.status, 'the lease is released').toBe('unchanged');
  });

  it('starts no survey after its deadline, by the injected clock', async () => {
    const { deps, clock, objects } = memoryDeps();
    await openSurvey(deps, 1);

    const summary = await runAggregation(deps, { deadline: clock.now() });

    expect(summary.surveys).toEqual([expect.objectContaining({ status: 'skipped', written: [] })]);
    expect(await latest(objects)).toBeNull();
  });
});

describe('the LP solver', () => {
  it('is loaded only when a wave is to be audited, not by runs and downloads that find every wave frozen', async () => {
    const { deps: base, clock } = memoryDeps();
    const lpSolver = vi.fn(base.lpSolver);
    const deps: SupportTeamDeps = { ...base, lpSolver };
    const links = await openSurvey(deps, 5);
    await answerAll(
      deps,
      links.map((l) => l.token),
      4,
    );
    await runAggregation(deps);
    const whileOpen = lpSolver.mock.calls.length;
    await closeWave(deps, TEST_ACTOR, C, S, 'w1');
    clock.advance(6 * MINUTE);
    const closing = await runAggregation(deps);
    const publishing = lpSolver.mock.calls.length;

    clock.advance(60 * MINUTE);
    const later = await runAggregation(deps);
    await readAggregates(deps, C, S, undefined);

    expect(whileOpen).toBe(0);
    expect(closing.surveys[0]).toMatchObject({ computed: ['w1'] });
    expect(publishing).toBe(1);
    expect(later.surveys[0]).toMatchObject({ computed: [], reused: ['w1'] });
    expect(lpSolver).toHaveBeenCalledTimes(1);
  });
});

describe('revoking links in bulk', () => {
  it('reads the survey’s links once: the audit counts and the revocation come from the same read', async () => {
    const { deps } = memoryDeps();
    await openSurvey(deps, 3);
    await createLinks(deps, TEST_ACTOR, C, S, { partnerId: 'council', neighbourhoodId: 'north', count: 1 });
    const list = vi.spyOn(deps.stores.links, 'list');
    const revokeWhere = vi.spyOn(deps.stores.links, 'revokeWhere');

    const result = await revokeLinks(deps, TEST_ACTOR, C, S, { partnerId: 'pcn' });

    expect(result).toEqual({ revoked: 3 });
    expect(list).not.toHaveBeenCalled();
    expect(revokeWhere).toHaveBeenCalledTimes(1);
    const { events } = await deps.audit.list({ from: new Date(0), to: deps.now(), limit: 10 });
    expect(events.filter((e) => e.action === 'links.revoke').map((e) => e.details)).toEqual([
      { filter: { partnerId: 'pcn' }, counts: [{ partnerId: 'pcn', neighbourhoodId: 'north', count: 3 }] },
    ]);
  });
});

describe('comments of a closed wave', () => {
  /** Wave w1 with 12 comments on one topic, closed, settled and published by the job (threshold 10). */
  const publishTwelveComments = async (deps: SupportTeamDeps, clock: { advance: (ms: number) => void }) => {
    const links = await openSurvey(deps, 12);
    for (const [i, link] of links.entries()) {
      await submitResponse(deps, await openSurveyForLink(deps, link.token), link.token, {
        answers: { sp1: 4, sp2: 4, tr1: 4 },
        comments: { 'sp-comment': `comment ${i}` },
      });
    }
    await closeWave(deps, TEST_ACTOR, C, S, 'w1');
    clock.advance(6 * MINUTE);
    await runAggregation(deps);
  };

  it('are filtered under the threshold frozen at publication, and say so, after the floor is raised', async () => {
    const { deps, clock } = memoryDeps();
    await publishTwelveComments(deps, clock);

    const raised: SupportTeamDeps = {
      ...deps,
      thresholdFloors: { minGroupSize: 5, minCommentGroupSize: 13 },
    };
    const comments = await readComments(raised, TEST_ACTOR, C, S, 'w1');

    expect(comments).toMatchObject({ purged: false, minCommentGroupSize: 10 });
    expect(comments.characteristics[0]).toMatchObject({ withheld: false });
    expect(comments.characteristics[0]?.comments).toHaveLength(12);
  });

  it('are still read when the wave’s frozen publication record is unreadable: logged, not a failure', async () => {
    const { deps: base, clock, objects } = memoryDeps();
    const logError = vi.fn();
    const deps: SupportTeamDeps = { ...base, logError };
    await publishTwelveComments(deps, clock);
    await objects.put(publicationKey(C, S, 'w1'), new TextEncoder().encode('{broken'), 'application/json');

    const comments = await readComments(deps, TEST_ACTOR, C, S, 'w1');

    expect(comments.purged).toBe(false);
    expect(comments.characteristics[0]?.comments).toHaveLength(12);
    expect(logError).toHaveBeenCalledWith(
      expect.stringContaining('frozen wave publication unreadable'),
      expect.any(Error),
      expect.objectContaining({ waveId: 'w1' }),
    );
  });
});
