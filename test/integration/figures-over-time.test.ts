import { describe, expect, it } from 'vitest';
import { snapshotKeys } from '../../lib/app/snapshot-files.js';
import type { Cell } from '../../lib/domain/aggregation/index.js';
import { signedInClient } from '../support/console-client.js';
import {
  bucketReader,
  closeAndSettle,
  collaborationDocument,
  surveyDocument,
  uniqueId,
  useTestStack,
} from '../support/stack.js';

const ctx = useTestStack();

const { getJson, listKeys } = bucketReader(ctx);

const admin = { admin: true };

/** A collaboration and survey (no wave yet); `collaboration` overrides the test document. */
const setUp = async (collaboration: Record<string, unknown> = {}, survey: Record<string, unknown> = {}) => {
  const c = uniqueId('c');
  const s = 'pulse';
  const base = `/admin/collaborations/${c}/surveys/${s}`;
  expect(
    (await ctx.api.put(`/admin/collaborations/${c}`, collaborationDocument(collaboration), admin)).status,
  ).toBe(200);
  expect((await ctx.api.put(base, surveyDocument(survey), admin)).status).toBe(200);
  return { c, s, base };
};

const issue = async (base: string, partnerId: string, neighbourhoodId: string, count: number) => {
  const res = await ctx.api.post(`${base}/links`, { partnerId, neighbourhoodId, count }, admin);
  expect(res.status).toBe(201);
  return (res.json.links as { id: string; url: string }[]).map((l) => ({
    id: l.id,
    token: new URL(l.url).pathname.split('/').pop() as string,
  }));
};

type Answers = Record<string, number | null>;
const answer = async (tokens: { token: string }[], answers: (i: number) => Answers, comment?: string) => {
  for (const [i, { token }] of tokens.entries()) {
    const res = await ctx.api.put(`/api/s/${token}/response`, {
      answers: answers(i),
      ...(comment ? { comments: { 'sp-comment': `${comment} ${i}` } } : {}),
    });
    expect(res.status).toBe(200);
  }
};
const spread = (i: number) => [2, 3, 4, 4, 5][i % 5] as number;
const all = (v: number): Answers => ({ sp1: v, sp2: v, tr1: v });

const openWave = async (base: string, id: string) =>
  expect((await ctx.api.post(`${base}/waves`, { id }, admin)).status).toBe(201);
const cellsOf = (snapshot: { cells: Cell[] }, wave: string) => snapshot.cells.filter((x) => x.wave === wave);
const download = async (base: string, wave?: string) => {
  const res = await ctx.api.get(`${base}/aggregates?format=json${wave ? `&wave=${wave}` : ''}`, admin);
  expect(res.status).toBe(200);
  return res.json as { cells: Cell[]; waves: { id: string; invited: number }[] };
};
const find = (cells: Cell[], dimension: string, segment: string | null, question: string | null = null) =>
  cells.find(
    (x) =>
      x.dimension === dimension &&
      x.segment === segment &&
      x.question === question &&
      x.characteristic === 'shared-purpose',
  ) as Cell;

describe('published waves never change (privacy rule 9)', () => {
  it('leaves neighbourhood a unrecoverable: after a dimensions change every object and download carries the same cells', async () => {
    // prepare: a has 3 respondents, b 10, all VCSE; the default publishes VCSE (13) and hides a and b
    const { c, s, base } = await setUp({
      neighbourhoods: [
        { id: 'a', name: 'A' },
        { id: 'b', name: 'B' },
      ],
    });
    await openWave(base, 'w1');
    await answer(await issue(base, 'charity', 'a', 3), () => all(1));
    await answer(await issue(base, 'charity', 'b', 10), (i) => all(spread(i)));
    await closeAndSettle(ctx.stack, ctx.api, c, s, 'w1');
    await ctx.stack.runJob();
    const first = cellsOf(await getJson(snapshotKeys(c, s).latestJson), 'w1');
    expect(find(first, 'sector', 'vcse')).toMatchObject({ suppressed: false, n: 13 });
    expect(find(first, 'neighbourhood', 'a').suppressed).toBe(true);
    expect(find(first, 'neighbourhood', 'b').suppressed).toBe(true);
    // Only the 2 characteristics the survey asks about have rows (not the framework's 8).
    expect([...new Set(first.map((x) => x.characteristic))]).toEqual([
      'shared-purpose',
      'trusting-relationships',
    ]);

    // act: publish neighbourhoods only, then run the job and download, and open a later wave
    const doc = collaborationDocument({
      neighbourhoods: [
        { id: 'a', name: 'A' },
        { id: 'b', name: 'B' },
      ],
      dimensions: ['neighbourhood'],
    });
    expect((await ctx.api.put(`/admin/collaborations/${c}`, doc, admin)).status).toBe(200);
    await ctx.stack.runJob();
    await openWave(base, 'w2');
    await ctx.stack.runJob();

    // assert: every history copy, latest.json and the admin downloads hold the very same w1 cells
    const history = (await listKeys(`snapshots/v1/${c}/${s}/history/`)).filter((k) => k.endsWith('.json'));
    expect(history.length).toBeGreaterThanOrEqual(2);
    for (const key of [...history, snapshotKeys(c, s).latestJson]) {
      expect(cellsOf(await getJson(key), 'w1'), key).toEqual(first);
    }
    expect(cellsOf(await download(base), 'w1')).toEqual(first);
    expect((await download(base, 'w1')).cells).toEqual(first);
  });

  it('refuses thresholds below the deployment floor with a 422 naming it', async () => {
    const { c } = await setUp();

    const low = await ctx.api.put(
      `/admin/collaborations/${c}`,
      collaborationDocument({ minGroupSize: 4 }),
      admin,
    );
    const lowComments = await ctx.api.put(
      `/admin/collaborations/${c}`,
      collaborationDocument({ minCommentGroupSize: 9 }),
      admin,
    );

    expect(low.status).toBe(422);
    expect(low.json.issues).toEqual([
      { path: 'minGroupSize', message: expect.stringContaining('at least 5') },
    ]);
    expect(lowComments.status).toBe(422);
    expect(lowComments.json.issues[0]).toMatchObject({ path: 'minCommentGroupSize' });
    expect(lowComments.json.issues[0].message).toContain('at least 10');
    const stored = await ctx.api.get(`/admin/collaborations/${c}`, admin);
    expect(stored.json).toMatchObject({ minGroupSize: 5, minCommentGroupSize: 10 });
  });

  it('keeps a closed wave when minGroupSize is lowered or raised within the allowed range', async () => {
    const { c, s, base } = await setUp({ minGroupSize: 7 });
    await openWave(base, 'w1');
    await answer(await issue(base, 'pcn', 'north', 6), (i) => all(spread(i)));
    await answer(await issue(base, 'council', 'south', 8), (i) => all(spread(i + 1)));
    await closeAndSettle(ctx.stack, ctx.api, c, s, 'w1');
    await ctx.stack.runJob();
    const first = cellsOf(await getJson(snapshotKeys(c, s).latestJson), 'w1');
    expect(find(first, 'neighbourhood', 'north').suppressed).toBe(true);

    for (const minGroupSize of [5, 12]) {
      expect(
        (await ctx.api.put(`/admin/collaborations/${c}`, collaborationDocument({ minGroupSize }), admin))
          .status,
      ).toBe(200);
      await ctx.stack.runJob();
      const latest = await getJson(snapshotKeys(c, s).latestJson);
      expect(cellsOf(latest, 'w1')).toEqual(first);
      expect(cellsOf(await download(base), 'w1')).toEqual(first);
      // The wave says which threshold its cells were published under; the new setting is for waves to come.
      expect(latest.minGroupSize).toBe(minGroupSize);
      expect(latest.waves.find((w: { id: string }) => w.id === 'w1').minGroupSize).toBe(7);
      const report = await ctx.api.get(`${base}/report?wave=w1`, admin);
      expect(report.text).toContain('groups of at least 7 people');
    }
  });

  it("keeps a closed wave's cells, labels and comments byte-identical through survey edits", async () => {
    const { c, s, base } = await setUp();
    await openWave(base, 'w1');
    await answer(await issue(base, 'pcn', 'north', 11), (i) => all(spread(i)), 'More joint time');
    await closeAndSettle(ctx.stack, ctx.api, c, s, 'w1');
    await ctx.stack.runJob();
    const before = JSON.stringify(cellsOf(await getJson(snapshotKeys(c, s).latestJson), 'w1'));
    const comments = async () => {
      const res = await ctx.api.get(`${base}/comments?wave=w1`, admin);
      expect(res.status).toBe(200);
      return res.json.characteristics.map((x: { id: string; comments: string[] }) => ({
        ...x,
        comments: [...x.comments].sort(),
      }));
    };
    const commentsBefore = await comments();
    expect(commentsBefore[0].comments).toHaveLength(11);

    // act: reword sp1, drop sp2 and the comment question
    const edited = surveyDocument();
    edited.questions = [
      { id: 'sp1', characteristic: 'shared-purpose', text: 'Reworded: we share a purpose', type: 'likert5' },
      {
        id: 'tr1',
        characteristic: 'trusting-relationships',
        text: 'I trust colleagues in partner organisations',
        type: 'likert5',
      },
    ];
    expect((await ctx.api.put(base, edited, admin)).status).toBe(200);
    await ctx.stack.runJob();

    // assert
    expect(JSON.stringify(cellsOf(await getJson(snapshotKeys(c, s).latestJson), 'w1'))).toBe(before);
    expect(JSON.stringify(cellsOf(await download(base), 'w1'))).toBe(before);
    expect(await comments()).toEqual(commentsBefore);
    expect(find(JSON.parse(before), 'overall', null, 'sp1').questionText).toBe(
      'We agree on what the alliance is for',
    );
  });

  it('filters and states a closed wave’s comments under its frozen threshold after the setting is raised', async () => {
    // prepare: 11 comments on one topic, published under the default threshold of 10
    const { c, s, base } = await setUp();
    await openWave(base, 'w1');
    await answer(await issue(base, 'pcn', 'north', 11), (i) => all(spread(i)), 'More joint time');
    await closeAndSettle(ctx.stack, ctx.api, c, s, 'w1');
    await ctx.stack.runJob();

    // act: raise the threshold above the number of comments written
    const raised = collaborationDocument({ minCommentGroupSize: 12 });
    expect((await ctx.api.put(`/admin/collaborations/${c}`, raised, admin)).status).toBe(200);
    const comments = await ctx.api.get(`${base}/comments?wave=w1`, admin);
    const support = await signedInClient(ctx.stack.url);
    const results = await support.get(`/console/collaborations/${c}/surveys/${s}/results?wave=w1`);

    // assert: the comments are shown as before, and both say the threshold they were filtered under
    expect(comments.status).toBe(200);
    expect(comments.json).toMatchObject({
      purged: false,
      minCommentGroupSize: 10,
      characteristics: [{ id: 'shared-purpose', withheld: false }],
    });
    expect(comments.json.characteristics[0].comments).toHaveLength(11);
    expect(results.status).toBe(200);
    expect(results.text).toContain('only for topics where at least 10 people commented');
    expect(results.text).not.toContain('at least 12 people');
    expect(results.text).toContain('More joint time 0');
  });

  it('freezes the comment threshold at the first reading of comments when the job has not yet published the wave', async () => {
    // prepare: 11 comments, the wave settled but not yet published (the job has not run since)
    const { c, s, base } = await setUp();
    await openWave(base, 'w1');
    await answer(await issue(base, 'pcn', 'north', 11), (i) => all(spread(i)), 'More joint time');
    await closeAndSettle(ctx.stack, ctx.api, c, s, 'w1');
    const read = async () => {
      const res = await ctx.api.get(`${base}/comments?wave=w1`, admin);
      expect(res.status).toBe(200);
      return { threshold: res.json.minCommentGroupSize, shown: res.json.characteristics[0].comments.length };
    };

    // act: read the comments, raise the threshold above their number, let the job run, read again
    const first = await read();
    const raised = collaborationDocument({ minCommentGroupSize: 12 });
    expect((await ctx.api.put(`/admin/collaborations/${c}`, raised, admin)).status).toBe(200);
    await ctx.stack.runJob();
    const later = await read();

    // assert: the first reading published the wave, so both apply (and state) the same threshold
    expect(first).toEqual({ threshold: 10, shown: 11 });
    expect(later).toEqual(first);
  });

  it('publishes an empty sector as n 0 without suppressing any other cell', async () => {
    // prepare: primary care 6 and local authority 9; the charity (VCSE) and a new NHS trust have no links
    const { c, s, base } = await setUp();
    await openWave(base, 'w1');
    await answer(await issue(base, 'pcn', 'north', 6), (i) => all(spread(i)));
    await answer(await issue(base, 'council', 'north', 9), (i) => all(spread(i + 2)));
    await ctx.api.post(`${base}/waves/w1/close`, {}, admin);
    const withTrust = collaborationDocument();
    withTrust.partners = [
      ...withTrust.partners,
      { id: 'trust', name: 'Hospital Trust', sector: 'nhs-trust' },
    ];
    expect((await ctx.api.put(`/admin/collaborations/${c}`, withTrust, admin)).status).toBe(200);

    // act
    await closeAndSettle(ctx.stack, ctx.api, c, s, 'w1');
    await ctx.stack.runJob();

    // assert
    const cells = cellsOf(await getJson(snapshotKeys(c, s).latestJson), 'w1');
    expect(find(cells, 'sector', 'primary-care')).toMatchObject({ suppressed: false, n: 6 });
    expect(find(cells, 'sector', 'local-authority')).toMatchObject({ suppressed: false, n: 9 });
    for (const empty of ['vcse', 'nhs-trust']) {
      expect(find(cells, 'sector', empty)).toMatchObject({
        suppressed: false,
        n: 0,
        dontKnow: 0,
        mean: null,
        vsRest: null,
      });
    }
    expect(find(cells, 'neighbourhood', 'south')).toMatchObject({ suppressed: false, n: 0 });
    expect(find(cells, 'neighbourhood', 'north')).toMatchObject({ suppressed: false, n: 15 });
  });

  it("leaves a closed wave's invited unchanged when links are issued and revoked after it closed", async () => {
    const { c, s, base } = await setUp();
    await openWave(base, 'w1');
    const links = await issue(base, 'pcn', 'north', 6);
    await issue(base, 'council', 'south', 4);
    await answer(links.slice(0, 5), (i) => all(spread(i)));
    await closeAndSettle(ctx.stack, ctx.api, c, s, 'w1');
    await ctx.stack.runJob();
    const waves = async () => (await ctx.api.get(`${base}/waves`, admin)).json.waves;
    const before = await waves();
    expect(before[0]).toMatchObject({ id: 'w1', invited: 10, responses: 5, responseRate: 0.5 });

    // act
    await issue(base, 'pcn', 'north', 3);
    expect((await ctx.api.del(`${base}/links/${links[0]?.id}`, admin)).status).toBe(204);
    await ctx.stack.runJob();

    // assert
    expect(await waves()).toEqual(before);
    const latest = await getJson(snapshotKeys(c, s).latestJson);
    expect(latest.waves[0]).toMatchObject({ id: 'w1', invited: 10, responses: 5 });
    expect(latest.waves[0].bySegment).toEqual(
      expect.arrayContaining([
        {
          dimension: 'neighbourhood',
          segment: 'north',
          segmentName: 'North',
          invited: 6,
          responses: 5,
          responseRate: 5 / 6,
        },
        {
          dimension: 'sector',
          segment: 'local-authority',
          segmentName: 'Local authority',
          invited: 4,
          responses: 0,
          responseRate: 0,
        },
      ]),
    );
    // The next wave counts links live while it is open: 13 issued, 1 revoked before it opened.
    await openWave(base, 'w2');
    expect((await waves())[1]).toMatchObject({ id: 'w2', invited: 12 });
  });
});

describe('comparisons that find what matters', () => {
  it('marks a planted change of 0.5 (60 respondents a wave) significant, and a neighbourhood 0.8 below the rest', async () => {
    const { c, s, base } = await setUp();
    const north = await issue(base, 'pcn', 'north', 30);
    const south = await issue(base, 'council', 'south', 30);
    const pattern = [2, 3, 3, 3, 4];
    const trusting = [3, 4, 4, 4, 5];
    // Wave 1: everyone alike. Wave 2: every other respondent one point higher on shared purpose (+0.5),
    // and on trusting relationships the south scores 0.8 below the north.
    await openWave(base, 'w1');
    await answer([...north, ...south], (i) => ({
      sp1: pattern[i % 5] as number,
      sp2: pattern[(i + 1) % 5] as number,
      tr1: 4,
    }));
    await closeAndSettle(ctx.stack, ctx.api, c, s, 'w1');
    await openWave(base, 'w2');
    const up = (i: number, v: number) => v + (i % 2 === 0 ? 1 : 0);
    await answer(north, (i) => ({
      sp1: up(i, pattern[i % 5] as number),
      sp2: up(i, pattern[(i + 1) % 5] as number),
      tr1: trusting[i % 5] as number,
    }));
    await answer(south, (i) => ({
      sp1: up(i, pattern[i % 5] as number),
      sp2: up(i, pattern[(i + 1) % 5] as number),
      tr1: (trusting[i % 5] as number) - (i % 5 < 4 ? 1 : 0),
    }));
    await closeAndSettle(ctx.stack, ctx.api, c, s, 'w2');

    await ctx.stack.runJob();

    const cells = cellsOf(await getJson(snapshotKeys(c, s).latestJson), 'w2');
    const purpose = find(cells, 'overall', null);
    expect(purpose.change?.meanDelta).toBeCloseTo(0.5, 10);
    expect(purpose.change?.significant).toBe(true);
    const trust = cells.find(
      (x) =>
        x.dimension === 'neighbourhood' &&
        x.segment === 'south' &&
        x.characteristic === 'trusting-relationships' &&
        x.question === null,
    );
    expect(trust?.vsRest?.meanDelta).toBeCloseTo(-0.8, 10);
    expect(trust?.vsRest?.significant).toBe(true);
  }, 180_000); // 180 submissions over HTTP
});
