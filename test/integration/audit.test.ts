import { describe, expect, it } from 'vitest';
import {
  collaborationDocument,
  setUpOpenSurvey,
  uniqueId,
  useTestStack,
  validAnswers,
} from '../support/stack.js';

const ctx = useTestStack();

interface Event {
  at: string;
  actor: { username: string; sub: string | null };
  action: string;
  target: { collaborationId?: string; surveyId?: string; waveId?: string };
  details: Record<string, unknown>;
  requestId: string;
}

const trailOf = async (collaborationId: string, from: string): Promise<Event[]> => {
  const res = await ctx.api.get(`/admin/audit?from=${encodeURIComponent(from)}`, { admin: true });
  expect(res.status).toBe(200);
  return (res.json.events as Event[]).filter((e) => e.target.collaborationId === collaborationId);
};

describe('the audit trail of admin actions', () => {
  it('records every admin action with who, when, the request and what changed, and no secrets', async () => {
    const from = new Date().toISOString();
    const { c, s, base, tokens } = await setUpOpenSurvey(ctx.api, 3);
    await ctx.api.put(
      `/admin/collaborations/${c}`,
      collaborationDocument({ name: 'Renamed Alliance', minGroupSize: 6 }),
      { admin: true },
    );
    for (const { token } of tokens) {
      expect((await ctx.api.put(`/api/s/${token}/response`, validAnswers)).status).toBe(200);
    }
    await ctx.api.del(`${base}/links/${tokens[0]?.id}`, { admin: true });
    const later = new Date(Date.now() + 3 * 86_400_000).toISOString();
    await ctx.api.patch(`${base}/waves/w1`, { closesAt: later }, { admin: true });
    await ctx.api.post(`${base}/waves/w1/close`, {}, { admin: true });
    ctx.stack.clock.advance(6 * 60_000); // comments appear once late answers have landed
    await ctx.api.get(`${base}/aggregates?format=csv&wave=w1`, { admin: true });
    const comments = await ctx.api.get(`${base}/comments?wave=w1`, { admin: true });

    const trail = await trailOf(c, from);

    expect(trail.map((e) => e.action)).toEqual([
      'collaboration.put',
      'survey.put',
      'wave.open',
      'links.issue',
      'collaboration.put',
      'links.revoke',
      'wave.move',
      'wave.close',
      'aggregates.download',
      'comments.read',
    ]);
    for (const event of trail) {
      expect(event.actor).toEqual({ username: 'local admin', sub: null });
      expect(event.requestId).toMatch(/\S/);
      expect(Date.parse(event.at)).toBeGreaterThanOrEqual(Date.parse(from));
    }
    expect(trail[0]?.details.created).toBe(true);
    expect(trail[4]?.details).toEqual({
      created: false,
      changes: [
        { path: 'name', before: 'Test Alliance', after: 'Renamed Alliance' },
        { path: 'minGroupSize', before: 5, after: 6 },
      ],
    });
    expect(trail[3]?.details).toEqual({ counts: [{ partnerId: 'pcn', neighbourhoodId: 'north', count: 3 }] });
    expect(trail[5]?.details).toEqual({ counts: [{ partnerId: 'pcn', neighbourhoodId: 'north', count: 1 }] });
    expect(trail[6]?.details.changes).toEqual([
      { path: 'closesAt', before: expect.any(String), after: later },
    ]);
    expect(trail[8]).toMatchObject({ target: { collaborationId: c, surveyId: s, waveId: 'w1' } });
    expect(trail[8]?.details.format).toBe('csv');
    expect(comments.status).toBe(200);
    expect(trail[9]?.details.shown).toEqual([{ characteristic: 'shared-purpose', comments: 0 }]);
    const dump = JSON.stringify(trail);
    for (const { token } of tokens) expect(dump).not.toContain(token);
    expect(dump).not.toContain(validAnswers.comments['sp-comment']);
  });

  it('records a bulk revocation as counts per partner and neighbourhood', async () => {
    const from = new Date().toISOString();
    const { c, base } = await setUpOpenSurvey(ctx.api, 3);
    await ctx.api.post(
      `${base}/links`,
      { partnerId: 'council', neighbourhoodId: 'south', count: 2 },
      { admin: true },
    );

    const res = await ctx.api.post(`${base}/links/revoke`, {}, { admin: true });

    expect(res.json).toEqual({ revoked: 5 });
    const [revoke] = (await trailOf(c, from)).filter((e) => e.action === 'links.revoke');
    expect(revoke?.details.counts).toEqual(
      expect.arrayContaining([
        { partnerId: 'pcn', neighbourhoodId: 'north', count: 3 },
        { partnerId: 'council', neighbourhoodId: 'south', count: 2 },
      ]),
    );
  });

  it('records on-demand runs and reads of the trail itself', async () => {
    const from = new Date().toISOString();
    await ctx.api.post('/admin/aggregate', {}, { admin: true });
    await ctx.api.get(`/admin/audit?from=${encodeURIComponent(from)}`, { admin: true });

    const res = await ctx.api.get(`/admin/audit?from=${encodeURIComponent(from)}`, { admin: true });

    const actions = (res.json.events as Event[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['aggregation.run', 'audit.read']));
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('pages through a range oldest first, without gaps or repeats', async () => {
    // The stack's clock, which earlier tests in this file move forward.
    const from = ctx.stack.clock.now();
    const c = uniqueId('c');
    for (let i = 0; i < 5; i++) {
      await ctx.api.put(`/admin/collaborations/${c}`, collaborationDocument({ name: `Name ${i}` }), {
        admin: true,
      });
    }
    const to = ctx.stack.clock.now();
    const whole = await ctx.stack.deps.audit.list({ from, to, limit: 500 });
    const paged: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const page = await ctx.stack.deps.audit.list({ from, to, after, limit: 2 });
      expect(page.events.length).toBeLessThanOrEqual(2);
      paged.push(...page.events.map((e) => e.id));
      if (!page.next) break;
      after = page.next;
    }

    expect(whole.next).toBeNull();
    expect(whole.events.filter((e) => e.target.collaborationId === c)).toHaveLength(5);
    expect(paged).toEqual(whole.events.map((e) => e.id));
    const times = whole.events.map((e) => e.at);
    expect(times).toEqual([...times].sort());
  });

  it('rejects a malformed or reversed range with 422', async () => {
    const bad = await ctx.api.get('/admin/audit?from=yesterday', { admin: true });
    const reversed = await ctx.api.get('/admin/audit?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z', {
      admin: true,
    });

    expect(bad.status).toBe(422);
    expect(reversed.status).toBe(422);
    expect(reversed.json.issues[0].path).toBe('from');
  });

  it('answers 401 without the admin token', async () => {
    expect((await ctx.api.get('/admin/audit')).status).toBe(401);
  });
});
