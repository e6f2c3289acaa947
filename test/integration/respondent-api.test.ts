import { describe, expect, it } from 'vitest';
import {
  collaborationDocument,
  setUpOpenSurvey,
  surveyDocument,
  uniqueId,
  useTestStack,
  validAnswers,
} from '../support/stack.js';

const ctx = useTestStack();

const responsesIn = async (base: string) => {
  const waves = await ctx.api.get(`${base}/waves`, { admin: true });
  return waves.json.waves[0].responses as number;
};

describe('GET /api/s/{token}', () => {
  it('returns the open survey without answers', async () => {
    const { tokens, c } = await setUpOpenSurvey(ctx.api, 1);

    const res = await ctx.api.get(`/api/s/${tokens[0]!.token}`);

    expect(res.status).toBe(200);
    expect(res.json.collaboration).toEqual({ id: c, name: 'Test Alliance' });
    expect(res.json.wave).toMatchObject({ id: 'w1', status: 'open' });
    expect(res.json.questions.map((q: { id: string }) => q.id)).toEqual(['sp1', 'sp2', 'tr1', 'sp-comment']);
    expect(res.json.answers).toBeUndefined();
  });

  it('returns the stored answers only with the edit key', async () => {
    const { tokens } = await setUpOpenSurvey(ctx.api, 1);
    const token = tokens[0]!.token;
    const { json } = await ctx.api.put(`/api/s/${token}/response`, validAnswers);

    const withKey = await ctx.api.get(`/api/s/${token}`, { headers: { 'x-pulse-edit-key': json.editKey } });
    const withoutKey = await ctx.api.get(`/api/s/${token}`);
    const wrongKey = await ctx.api.get(`/api/s/${token}`, {
      headers: { 'x-pulse-edit-key': 'x'.repeat(43) },
    });

    expect(withKey.json.answers).toEqual(validAnswers.answers);
    expect(withKey.json.comments).toEqual(validAnswers.comments);
    expect(withoutKey.json.answers).toBeUndefined();
    expect(wrongKey.json.answers).toBeUndefined();
  });

  it('answers 404 for an unknown token and a revoked link', async () => {
    const { tokens, base } = await setUpOpenSurvey(ctx.api, 1);
    await ctx.api.del(`${base}/links/${tokens[0]!.id}`, { admin: true });

    const revoked = await ctx.api.get(`/api/s/${tokens[0]!.token}`);
    const unknown = await ctx.api.get(`/api/s/${'A'.repeat(43)}`);
    const junk = await ctx.api.get('/api/s/not-a-token');

    for (const res of [revoked, unknown, junk]) {
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ error: expect.any(String), issues: [] });
    }
  });
});

describe('PUT /api/s/{token}/response', () => {
  it('stores a response and returns the wave and an edit key', async () => {
    const { tokens, base } = await setUpOpenSurvey(ctx.api, 1);

    const res = await ctx.api.put(`/api/s/${tokens[0]!.token}/response`, validAnswers);

    expect(res.status).toBe(200);
    expect(res.json.wave).toBe('w1');
    expect(res.json.editKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await responsesIn(base)).toBe(1);
  });

  it('replaces the earlier response when the same link submits again in the wave', async () => {
    const { tokens, base } = await setUpOpenSurvey(ctx.api, 2);
    const [first, second] = tokens;
    await ctx.api.put(`/api/s/${first!.token}/response`, validAnswers);
    const again = await ctx.api.put(`/api/s/${first!.token}/response`, {
      answers: { sp1: 1, sp2: 1, tr1: 1 },
    });
    await ctx.api.put(`/api/s/${second!.token}/response`, validAnswers);

    const read = await ctx.api.get(`/api/s/${first!.token}`, {
      headers: { 'x-pulse-edit-key': again.json.editKey },
    });

    expect(await responsesIn(base)).toBe(2);
    expect(read.json.answers).toEqual({ sp1: 1, sp2: 1, tr1: 1 });
    expect(read.json.comments).toEqual({});
  });

  const badBodies: [string, unknown, string][] = [
    ['an answer out of range', { answers: { sp1: 6, sp2: 1, tr1: 1 } }, 'answers.sp1'],
    ['a zero answer', { answers: { sp1: 0, sp2: 1, tr1: 1 } }, 'answers.sp1'],
    ['a fractional answer', { answers: { sp1: 3.5, sp2: 1, tr1: 1 } }, 'answers.sp1'],
    ['an answer of the wrong type', { answers: { sp1: '4', sp2: 1, tr1: 1 } }, 'answers.sp1'],
    ['a missing answer', { answers: { sp1: 4, sp2: 1 } }, 'answers.tr1'],
    ['an unknown question id', { answers: { sp1: 4, sp2: 1, tr1: 1, zz9: 3 } }, 'answers.zz9'],
    [
      'an answer to a comment question',
      { answers: { sp1: 4, sp2: 1, tr1: 1, 'sp-comment': 3 } },
      'answers.sp-comment',
    ],
    [
      'a comment on a likert question',
      { answers: { sp1: 4, sp2: 1, tr1: 1 }, comments: { sp1: 'hi' } },
      'comments.sp1',
    ],
    [
      'a comment over 2,000 characters',
      { ...validAnswers, comments: { 'sp-comment': 'x'.repeat(2001) } },
      'comments.sp-comment',
    ],
    ['an unknown top-level field', { ...validAnswers, name: 'Jo' }, 'name'],
    ['answers that are not an object', { answers: [4, 1, 1] }, 'answers'],
    ['a body that is not an object', [1, 2], ''],
  ];

  it.each(badBodies)('rejects %s with 422 naming the field, storing nothing', async (_what, body, path) => {
    const { tokens, base } = await setUpOpenSurvey(ctx.api, 1);

    const res = await ctx.api.put(`/api/s/${tokens[0]!.token}/response`, body);

    expect(res.status).toBe(422);
    expect(res.json.error).toEqual(expect.any(String));
    expect(res.json.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(await responsesIn(base)).toBe(0);
  });

  it('rejects malformed JSON with a 4xx {error, issues}, storing nothing', async () => {
    const { tokens, base } = await setUpOpenSurvey(ctx.api, 1);

    const res = await ctx.api.call('PUT', `/api/s/${tokens[0]!.token}/response`, {
      raw: '{"answers": {"sp1": 4,',
      headers: { 'content-type': 'application/json' },
    });

    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: expect.any(String), issues: expect.any(Array) });
    expect(await responsesIn(base)).toBe(0);
  });

  it('rejects a body over the size limit with 413, storing nothing', async () => {
    const { tokens, base } = await setUpOpenSurvey(ctx.api, 1);

    const res = await ctx.api.put(`/api/s/${tokens[0]!.token}/response`, {
      ...validAnswers,
      comments: { 'sp-comment': 'x'.repeat(300_000) },
    });

    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({ error: expect.any(String), issues: expect.any(Array) });
    expect(await responsesIn(base)).toBe(0);
  });

  it('rejects a non-JSON content type with 415, storing nothing', async () => {
    const { tokens, base } = await setUpOpenSurvey(ctx.api, 1);

    const res = await ctx.api.call('PUT', `/api/s/${tokens[0]!.token}/response`, {
      raw: 'answers=4',
      headers: { 'content-type': 'text/plain' },
    });

    expect(res.status).toBe(415);
    expect(res.json).toMatchObject({ error: expect.any(String), issues: expect.any(Array) });
    expect(await responsesIn(base)).toBe(0);
  });

  it('answers 404 for an unknown token', async () => {
    const res = await ctx.api.put(`/api/s/${'B'.repeat(43)}/response`, validAnswers);

    expect(res.status).toBe(404);
  });

  it('answers 409 with the next opening when the wave is closed', async () => {
    const { tokens, base } = await setUpOpenSurvey(ctx.api, 1);
    await ctx.api.post(`${base}/waves/w1/close`, {}, { admin: true });

    const res = await ctx.api.put(`/api/s/${tokens[0]!.token}/response`, validAnswers);

    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({
      error: expect.any(String),
      issues: [],
      nextOpensAt: '2030-01-07T09:00:00.000Z',
    });
    expect(await responsesIn(base)).toBe(0);
  });

  it('answers 409 once the wave is past its closing time, even before the job closes it', async () => {
    const { tokens, base } = await setUpOpenSurvey(ctx.api, 1);
    const closesAt = new Date(ctx.stack.clock.now().getTime() + 1500).toISOString();
    expect((await ctx.api.patch(`${base}/waves/w1`, { closesAt }, { admin: true })).status).toBe(200);
    ctx.stack.clock.advance(1600);

    const res = await ctx.api.put(`/api/s/${tokens[0]!.token}/response`, validAnswers);

    expect(res.status).toBe(409);
  });
});

describe('when the cadence says a round is due but the job has not opened it yet', () => {
  it('says the round is opening now rather than naming the one after', async () => {
    const c = uniqueId('c');
    const base = `/admin/collaborations/${c}/surveys/pulse`;
    const opensAt = new Date(ctx.stack.clock.now().getTime() - 3_600_000).toISOString().slice(0, 19);
    await ctx.api.put(`/admin/collaborations/${c}`, collaborationDocument({ timeZone: 'UTC' }), {
      admin: true,
    });
    await ctx.api.put(
      base,
      surveyDocument({ cadence: { intervalDays: 30, waveLengthDays: 7, firstWaveOpensAt: opensAt } }),
      { admin: true },
    );
    const issued = await ctx.api.post(
      `${base}/links`,
      { partnerId: 'pcn', neighbourhoodId: 'north' },
      { admin: true },
    );
    const token = new URL(issued.json.links[0].url).pathname.split('/').pop() as string;

    const res = await ctx.api.put(`/api/s/${token}/response`, validAnswers);
    const page = await ctx.api.get(`/s/${token}`);

    expect(res.status).toBe(409);
    expect(res.json.nextOpensAt).toBe(`${opensAt}.000Z`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('opening now');
  });
});
