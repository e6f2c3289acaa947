import { describe, expect, it } from 'vitest';
import {
  collaborationDocument,
  setUpOpenSurvey,
  surveyDocument,
  uniqueId,
  useTestStack,
} from '../support/stack.js';

/** The admin routes the console needed: lists to choose from, one wave, links by name, bulk revocation. */
const ctx = useTestStack();

describe('GET /admin/collaborations and …/surveys', () => {
  it('lists collaborations by name and the surveys of one by title', async () => {
    const [a, b] = [uniqueId('c'), uniqueId('c')];
    await ctx.api.put(`/admin/collaborations/${a}`, collaborationDocument({ name: 'Zeta Alliance' }), {
      admin: true,
    });
    await ctx.api.put(`/admin/collaborations/${b}`, collaborationDocument({ name: 'Alpha Alliance' }), {
      admin: true,
    });
    await ctx.api.put(`/admin/collaborations/${a}/surveys/second`, surveyDocument({ title: 'Winter' }), {
      admin: true,
    });
    await ctx.api.put(`/admin/collaborations/${a}/surveys/first`, surveyDocument({ title: 'Autumn' }), {
      admin: true,
    });

    const collaborations = await ctx.api.get('/admin/collaborations', { admin: true });
    const surveys = await ctx.api.get(`/admin/collaborations/${a}/surveys`, { admin: true });
    const none = await ctx.api.get(`/admin/collaborations/${b}/surveys`, { admin: true });

    expect(collaborations.status).toBe(200);
    const mine = collaborations.json.collaborations.filter((x: { id: string }) => [a, b].includes(x.id));
    expect(mine).toEqual([
      { id: b, name: 'Alpha Alliance' },
      { id: a, name: 'Zeta Alliance' },
    ]);
    expect(surveys.json).toEqual({
      surveys: [
        { id: 'first', title: 'Autumn' },
        { id: 'second', title: 'Winter' },
      ],
    });
    expect(none.json).toEqual({ surveys: [] });
  });

  it('answers 401 without the token and 404 for the surveys of an unknown collaboration', async () => {
    expect((await ctx.api.get('/admin/collaborations')).status).toBe(401);
    expect(
      (await ctx.api.get(`/admin/collaborations/${uniqueId('c')}/surveys`, { admin: true })).status,
    ).toBe(404);
  });
});

describe('GET …/waves/{w}', () => {
  it('shows one wave with the same live counts as the list', async () => {
    const { base, tokens } = await setUpOpenSurvey(ctx.api, 3);
    await ctx.api.put(`/api/s/${tokens[0]!.token}/response`, {
      answers: { sp1: 4, sp2: null, tr1: 2 },
    });

    const one = await ctx.api.get(`${base}/waves/w1`, { admin: true });
    const list = await ctx.api.get(`${base}/waves`, { admin: true });

    expect(one.status).toBe(200);
    expect(one.json).toEqual(list.json.waves[0]);
    expect(one.json).toMatchObject({ id: 'w1', status: 'open', invited: 3, responses: 1 });
    expect(one.json.byPartner.find((p: { id: string }) => p.id === 'pcn')).toEqual({
      id: 'pcn',
      invited: 3,
      responses: 1,
      responseRate: 1 / 3,
    });
    expect((await ctx.api.get(`${base}/waves/nope`, { admin: true })).status).toBe(404);
  });
});

describe('POST …/links/revoke', () => {
  const issue = (base: string, partnerId: string, neighbourhoodId: string, count: number) =>
    ctx.api.post(`${base}/links`, { partnerId, neighbourhoodId, count }, { admin: true });

  it('revokes by partner, by neighbourhood or both, counting only links it revoked', async () => {
    const { base, tokens } = await setUpOpenSurvey(ctx.api, 2); // pcn × north
    await issue(base, 'pcn', 'south', 3);
    await issue(base, 'council', 'north', 4);

    const both = await ctx.api.post(
      `${base}/links/revoke`,
      { partnerId: 'pcn', neighbourhoodId: 'south' },
      {
        admin: true,
      },
    );
    const partner = await ctx.api.post(`${base}/links/revoke`, { partnerId: 'pcn' }, { admin: true });
    const again = await ctx.api.post(`${base}/links/revoke`, { partnerId: 'pcn' }, { admin: true });
    const neighbourhood = await ctx.api.post(
      `${base}/links/revoke`,
      { neighbourhoodId: 'north' },
      {
        admin: true,
      },
    );
    const links = (await ctx.api.get(`${base}/links`, { admin: true })).json.links as { revoked: boolean }[];

    expect(both.json).toEqual({ revoked: 3 });
    expect(partner.json).toEqual({ revoked: 2 });
    expect(again.json).toEqual({ revoked: 0 });
    expect(neighbourhood.json).toEqual({ revoked: 4 });
    expect(links.filter((l) => !l.revoked)).toHaveLength(0);
    expect((await ctx.api.get(`/api/s/${tokens[0]!.token}`)).status).toBe(404);
  });

  it('rejects unknown partners, neighbourhoods and fields, and revokes nothing then', async () => {
    const { base } = await setUpOpenSurvey(ctx.api, 2);

    const unknown = await ctx.api.post(
      `${base}/links/revoke`,
      { partnerId: 'nobody', neighbourhoodId: 'x' },
      {
        admin: true,
      },
    );
    const extra = await ctx.api.post(`${base}/links/revoke`, { partner: 'pcn' }, { admin: true });
    const links = (await ctx.api.get(`${base}/links`, { admin: true })).json.links as { revoked: boolean }[];

    expect(unknown.status).toBe(422);
    expect(unknown.json.issues.map((i: { path: string }) => i.path)).toEqual([
      'partnerId',
      'neighbourhoodId',
    ]);
    expect(extra.status).toBe(422);
    expect(links.every((l) => !l.revoked)).toBe(true);
  });
});

describe('POST …/links', () => {
  it('names the partner and neighbourhood of each link in JSON too', async () => {
    const { base } = await setUpOpenSurvey(ctx.api, 1);

    const res = await ctx.api.post(
      `${base}/links`,
      { partnerId: 'charity', neighbourhoodId: 'south', count: 1 },
      { admin: true },
    );

    expect(res.json.links[0]).toMatchObject({
      partnerId: 'charity',
      partnerName: 'Community Trust',
      neighbourhoodId: 'south',
      neighbourhoodName: 'South',
    });
  });
});
