import { describe, expect, it } from 'vitest';
import { FUNCTION_ROUTES } from '../../functions/routes.js';
import {
  collaborationDocument,
  setUpOpenSurvey,
  surveyDocument,
  uniqueId,
  useTestStack,
  validAnswers,
} from '../support/stack.js';

const ctx = useTestStack();

const paths = (res: { json: { issues: { path: string }[] } }) => res.json.issues.map((i) => i.path);

describe('support-team authentication', () => {
  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { authorization: 'Bearer wrong-token-wrong-token-wrong' }],
    ['another scheme', { authorization: 'Basic dGVzdDp0ZXN0' }],
  ])('answers 401 with %s', async (_what, headers) => {
    const res = await ctx.api.get(`/admin/collaborations/${uniqueId('c')}`, { headers });

    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error: expect.any(String), issues: [] });
  });
});

describe('collaborations', () => {
  it('stores a collaboration with defaults and reads it back', async () => {
    const c = uniqueId('c');

    const put = await ctx.api.put(`/admin/collaborations/${c}`, collaborationDocument(), { admin: true });
    const get = await ctx.api.get(`/admin/collaborations/${c}`, { admin: true });

    expect(put.status).toBe(200);
    expect(get.json).toMatchObject({
      id: c,
      minGroupSize: 5,
      minCommentGroupSize: 10,
      timeZone: 'Europe/London',
    });
    expect(get.json.framework.characteristics).toHaveLength(8);
  });

  it('answers 404 for an unknown collaboration', async () => {
    expect((await ctx.api.get(`/admin/collaborations/${uniqueId('c')}`, { admin: true })).status).toBe(404);
  });

  it('rejects invalid documents naming each field', async () => {
    const res = await ctx.api.put(
      `/admin/collaborations/${uniqueId('c')}`,
      collaborationDocument({
        partners: [
          { id: 'a', name: 'A', sector: 'pharma' },
          { id: 'Bad Id', name: 'B', sector: 'vcse' },
        ],
        neighbourhoods: [
          { id: 'north', name: 'North' },
          { id: 'north', name: 'North again' },
        ],
        timeZone: 'Mars/Olympus',
        minGroupSize: 1,
        framework: { characteristics: [] },
        colour: 'blue',
      }),
      { admin: true },
    );

    expect(res.status).toBe(422);
    expect(paths(res)).toEqual(
      expect.arrayContaining([
        'partners.0.sector',
        'partners.1.id',
        'neighbourhoods.1.id',
        'timeZone',
        'minGroupSize',
        'framework.characteristics',
        'colour',
      ]),
    );
  });
});

describe('surveys', () => {
  const setUpCollaboration = async () => {
    const c = uniqueId('c');
    await ctx.api.put(`/admin/collaborations/${c}`, collaborationDocument(), { admin: true });
    return c;
  };

  it('stores and reads a survey', async () => {
    const c = await setUpCollaboration();

    const put = await ctx.api.put(`/admin/collaborations/${c}/surveys/pulse`, surveyDocument(), {
      admin: true,
    });
    const get = await ctx.api.get(`/admin/collaborations/${c}/surveys/pulse`, { admin: true });

    expect(put.status).toBe(200);
    expect(get.json).toMatchObject({ id: 'pulse', collaborationId: c, title: 'Alliance pulse' });
  });

  it('rejects duplicate question ids, unknown types, bad cadences and surveys with no likert question', async () => {
    const c = await setUpCollaboration();
    const duplicates = surveyDocument({
      questions: [
        { id: 'q1', characteristic: 'shared-purpose', text: 'A', type: 'likert5' },
        { id: 'q1', characteristic: 'shared-purpose', text: 'B', type: 'likert5' },
      ],
      cadence: { intervalDays: 7, waveLengthDays: 14, firstWaveOpensAt: 'next monday' },
    });
    const badType = surveyDocument({
      questions: [{ id: 'q4', characteristic: 'leadership', text: 'E', type: 'rating' }],
    });
    const commentsOnly = surveyDocument({
      questions: [{ id: 'q4', characteristic: 'leadership', text: 'E', type: 'comment' }],
    });

    const [dup, type, noLikert] = await Promise.all(
      [duplicates, badType, commentsOnly].map((body) =>
        ctx.api.put(`/admin/collaborations/${c}/surveys/pulse`, body, { admin: true }),
      ),
    );

    expect(dup!.status).toBe(422);
    expect(paths(dup!).sort()).toEqual([
      'cadence.firstWaveOpensAt',
      'cadence.waveLengthDays',
      'questions.1.id',
    ]);
    expect(paths(type!)).toEqual(['questions.0.type']);
    expect(paths(noLikert!)).toEqual(['questions']);
  });

  it('names unknown characteristics, including a comment question pointing nowhere', async () => {
    const c = await setUpCollaboration();
    const body = surveyDocument({
      questions: [
        { id: 'q1', characteristic: 'shared-purpose', text: 'A', type: 'likert5' },
        { id: 'q2', characteristic: 'shared-porpoise', text: 'C', type: 'likert5' },
        { id: 'q3', characteristic: 'nowhere', text: 'D', type: 'comment' },
      ],
    });

    const res = await ctx.api.put(`/admin/collaborations/${c}/surveys/pulse`, body, { admin: true });

    expect(res.status).toBe(422);
    expect(paths(res)).toEqual(['questions.1.characteristic', 'questions.2.characteristic']);
  });

  it('answers 404 for a survey of an unknown collaboration', async () => {
    const res = await ctx.api.put(`/admin/collaborations/${uniqueId('c')}/surveys/pulse`, surveyDocument(), {
      admin: true,
    });

    expect(res.status).toBe(404);
  });

  it('refuses to change questions while a wave is open, but accepts other changes', async () => {
    const { base } = await setUpOpenSurvey(ctx.api, 1);
    const changed = surveyDocument({
      questions: [{ id: 'sp1', characteristic: 'shared-purpose', text: 'Reworded', type: 'likert5' }],
    });

    const refused = await ctx.api.put(base, changed, { admin: true });
    const retitled = await ctx.api.put(base, surveyDocument({ title: 'New title' }), { admin: true });

    expect(refused.status).toBe(409);
    expect(retitled.status).toBe(200);
  });
});

describe('waves', () => {
  it('opens, extends and closes a wave, with live counts', async () => {
    const { base, tokens } = await setUpOpenSurvey(ctx.api, 3);
    await ctx.api.put(`/api/s/${tokens[0]!.token}/response`, validAnswers);
    await ctx.api.put(`/api/s/${tokens[1]!.token}/response`, validAnswers);
    const closesAt = new Date(Date.now() + 30 * 86_400_000).toISOString();

    const extended = await ctx.api.patch(`${base}/waves/w1`, { closesAt }, { admin: true });
    const listed = await ctx.api.get(`${base}/waves`, { admin: true });
    const closed = await ctx.api.post(`${base}/waves/w1/close`, {}, { admin: true });
    const closedAgain = await ctx.api.post(`${base}/waves/w1/close`, {}, { admin: true });
    const extendClosed = await ctx.api.patch(`${base}/waves/w1`, { closesAt }, { admin: true });

    expect(extended.json.closesAt).toBe(closesAt);
    const [wave] = listed.json.waves;
    expect(wave).toMatchObject({ id: 'w1', status: 'open', invited: 3, responses: 2, responseRate: 2 / 3 });
    expect(wave.byPartner).toEqual([
      { id: 'council', invited: 0, responses: 0, responseRate: null },
      { id: 'pcn', invited: 3, responses: 2, responseRate: 2 / 3 },
      { id: 'charity', invited: 0, responses: 0, responseRate: null },
    ]);
    expect(wave.byNeighbourhood).toEqual([
      { id: 'north', invited: 3, responses: 2, responseRate: 2 / 3 },
      { id: 'south', invited: 0, responses: 0, responseRate: null },
    ]);
    expect(closed.json.status).toBe('closed');
    expect(closedAgain.status).toBe(200);
    expect(extendClosed.status).toBe(409);
  });

  it('refuses a second open wave, a taken id and a closing time in the past', async () => {
    const { base } = await setUpOpenSurvey(ctx.api, 1);

    const second = await ctx.api.post(`${base}/waves`, {}, { admin: true });
    await ctx.api.post(`${base}/waves/w1/close`, {}, { admin: true });
    const takenId = await ctx.api.post(`${base}/waves`, { id: 'w1' }, { admin: true });
    const past = await ctx.api.post(`${base}/waves`, { closesAt: '2020-01-01T00:00:00Z' }, { admin: true });
    const badId = await ctx.api.post(`${base}/waves`, { id: 'Not An Id' }, { admin: true });
    const next = await ctx.api.post(`${base}/waves`, {}, { admin: true });

    expect(second.status).toBe(409);
    expect(takenId.status).toBe(409);
    expect(past.status).toBe(422);
    expect(paths(past)).toEqual(['closesAt']);
    expect(badId.status).toBe(422);
    expect(next.status).toBe(201);
    expect(next.json.id).toMatch(/^\d{4}-\d{2}$/);
  });

  it('answers 404 for an unknown wave', async () => {
    const { base } = await setUpOpenSurvey(ctx.api, 1);

    expect((await ctx.api.post(`${base}/waves/nope/close`, {}, { admin: true })).status).toBe(404);
  });
});

describe('links', () => {
  it('issues links as JSON or CSV, lists them without tokens, and revokes them', async () => {
    const { base, tokens } = await setUpOpenSurvey(ctx.api, 2);

    const csv = await ctx.api.post(
      `${base}/links`,
      { partnerId: 'council', neighbourhoodId: 'south', count: 2 },
      { admin: true, headers: { accept: 'text/csv' } },
    );
    const revoked = await ctx.api.del(`${base}/links/${tokens[0]!.id}`, { admin: true });
    const listed = await ctx.api.get(`${base}/links`, { admin: true });

    expect(csv.status).toBe(201);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = csv.text.trim().split('\n');
    expect(rows[0]).toBe('id,url,partnerId,partnerName,neighbourhoodId,neighbourhoodName');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toMatch(
      /^[a-z0-9]+,http:\/\/127\.0\.0\.1:\d+\/s\/[A-Za-z0-9_-]{43},council,Borough Council,south,South$/,
    );
    expect(revoked.status).toBe(204);
    expect(listed.json.links).toHaveLength(4);
    for (const link of listed.json.links) {
      // A revoked link also says when (added by issue 7: past waves' invited counts need it).
      expect(Object.keys(link).sort()).toEqual([
        'collaborationId',
        'createdAt',
        'id',
        'neighbourhoodId',
        'partnerId',
        'revoked',
        ...(link.revoked ? ['revokedAt'] : []),
        'surveyId',
      ]);
    }
    expect(listed.json.links.find((l: { id: string }) => l.id === tokens[0]!.id).revoked).toBe(true);
    expect(listed.text).not.toContain(tokens[1]!.token);
  });

  it('rejects unknown partners and neighbourhoods and silly counts', async () => {
    const { base } = await setUpOpenSurvey(ctx.api, 1);

    const res = await ctx.api.post(
      `${base}/links`,
      { partnerId: 'nobody', neighbourhoodId: 'nowhere' },
      { admin: true },
    );
    const count = await ctx.api.post(
      `${base}/links`,
      { partnerId: 'pcn', neighbourhoodId: 'north', count: 0 },
      { admin: true },
    );

    expect(res.status).toBe(422);
    expect(paths(res)).toEqual(['partnerId', 'neighbourhoodId']);
    expect(count.status).toBe(422);
    expect(paths(count)).toEqual(['count']);
  });

  it('answers 404 when revoking an unknown link', async () => {
    const { base } = await setUpOpenSurvey(ctx.api, 1);

    expect((await ctx.api.del(`${base}/links/nope`, { admin: true })).status).toBe(404);
  });
});

describe('GET /openapi.json', () => {
  it('describes every API route as OpenAPI 3.1', async () => {
    const res = await ctx.api.get('/openapi.json');

    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe('3.1.0');
    const documented = Object.entries(res.json.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const routes = Object.values(FUNCTION_ROUTES)
      .flat()
      .filter((r) => r !== 'GET /openapi.json');
    expect(documented).toEqual(expect.arrayContaining(routes));
  });
});

describe('changing a collaboration that has surveys', () => {
  it('refuses to drop a characteristic a survey asks about, or a partner or neighbourhood with active links', async () => {
    const { c, base, tokens } = await setUpOpenSurvey(ctx.api, 1);
    const framework = {
      characteristics: [{ id: 'trusting-relationships', name: 'Trust', description: '' }],
    };

    const dropped = await ctx.api.put(`/admin/collaborations/${c}`, collaborationDocument({ framework }), {
      admin: true,
    });
    const noPcn = await ctx.api.put(
      `/admin/collaborations/${c}`,
      collaborationDocument({
        partners: [{ id: 'council', name: 'Borough Council', sector: 'local-authority' }],
        neighbourhoods: [{ id: 'south', name: 'South' }],
      }),
      { admin: true },
    );
    await ctx.api.del(`${base}/links/${tokens[0]!.id}`, { admin: true });
    const afterRevoking = await ctx.api.put(
      `/admin/collaborations/${c}`,
      collaborationDocument({
        partners: [{ id: 'council', name: 'Borough Council', sector: 'local-authority' }],
        neighbourhoods: [{ id: 'south', name: 'South' }],
      }),
      { admin: true },
    );

    expect(dropped.status).toBe(422);
    expect(dropped.json.issues).toEqual([
      {
        path: 'framework.characteristics',
        message: expect.stringContaining('asks about "shared-purpose" (question sp1)'),
      },
      expect.objectContaining({ path: 'framework.characteristics' }),
      expect.objectContaining({ path: 'framework.characteristics' }),
    ]);
    expect(noPcn.status).toBe(422);
    expect(noPcn.json.issues.map((i: { path: string }) => i.path)).toEqual(['partners', 'neighbourhoods']);
    expect(afterRevoking.status).toBe(200);
  });
});

describe('bodies', () => {
  it('treats an empty JSON body as no body', async () => {
    const { base } = await setUpOpenSurvey(ctx.api, 1);

    const res = await ctx.api.call('POST', `${base}/waves/w1/close`, {
      admin: true,
      headers: { 'content-type': 'application/json' },
    });

    expect(res.status).toBe(200);
    expect(res.json.status).toBe('closed');
  });
});

describe('documents read back', () => {
  it('accepts a collaboration and a survey sent back exactly as they were read', async () => {
    const { c, base } = await setUpOpenSurvey(ctx.api, 1);
    const collaboration = (await ctx.api.get(`/admin/collaborations/${c}`, { admin: true })).json;
    const survey = (await ctx.api.get(base, { admin: true })).json;

    const putCollaboration = await ctx.api.put(`/admin/collaborations/${c}`, collaboration, { admin: true });
    const putSurvey = await ctx.api.put(base, survey, { admin: true });
    const elsewhere = await ctx.api.put(`/admin/collaborations/${c}-copy`, collaboration, { admin: true });

    expect(putCollaboration.status).toBe(200);
    expect(putSurvey.status).toBe(200);
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.json.issues).toEqual([
      { path: 'id', message: expect.stringContaining('Must match the path') },
    ]);
  });
});

describe('media types', () => {
  it('answers 415 for a form body on a JSON route and 400 for JSON that does not parse', async () => {
    const c = uniqueId('c');

    const form = await ctx.api.call('PUT', `/admin/collaborations/${c}`, {
      admin: true,
      raw: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const broken = await ctx.api.call('PUT', `/admin/collaborations/${c}`, {
      admin: true,
      raw: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    const unauthenticated = await ctx.api.call('PUT', `/admin/collaborations/${c}`, {
      raw: 'name=x',
      headers: { 'content-type': 'text/plain' },
    });

    expect(form.status).toBe(415);
    expect(form.json).toMatchObject({
      error: expect.any(String),
      issues: [{ path: '', message: expect.any(String) }],
    });
    expect(broken.status).toBe(400);
    expect(unauthenticated.status).toBe(401);
    expect((await ctx.api.get(`/admin/collaborations/${c}`, { admin: true })).status).toBe(404);
  });
});

describe('ids in admin paths', () => {
  it('refuses to create under a malformed id and finds nothing under one', async () => {
    const created = await ctx.api.put('/admin/collaborations/Bad%20Id', collaborationDocument(), {
      admin: true,
    });
    const long = await ctx.api.get(`/admin/collaborations/${'a'.repeat(2100)}`, { admin: true });
    const wave = await ctx.api.post(
      `/admin/collaborations/c/surveys/s/waves/${'w'.repeat(1100)}/close`,
      {},
      {
        admin: true,
      },
    );

    expect(created.status).toBe(422);
    expect(created.json.issues).toEqual([{ path: 'c', message: expect.any(String) }]);
    expect(long.status).toBe(404);
    expect(wave.status).toBe(404);
  });
});
