import fc from 'fast-check';
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

/** Names every JavaScript object has, or that code often treats specially. */
const JS_NAMES = [
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'tostring',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  '__defineGetter__',
  'toJSON',
  'then',
  'length',
  'name',
] as const;

/** Ids as an attacker would send them: JS property names, Unicode, overlong, and well-formed ones. */
const anyId = fc.oneof(
  fc.constantFrom(...JS_NAMES),
  fc.stringMatching(/^[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}$/),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
  fc.constantFrom('a'.repeat(65), 'x'.repeat(1100), 'é', 'ＡＢＣ', '١٢٣', 'a b', 'a/b', '..', '%00', 'a#b'),
);

/** Mostly ids the grammar may accept (JS names that match it included), so whole flows get exercised. */
const likelyId = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}$/) },
  { weight: 2, arbitrary: fc.constantFrom('constructor', 'prototype', 'then', 'length', 'name', 'tostring') },
  { weight: 1, arbitrary: anyId },
);

const seg = (id: string) => encodeURIComponent(id);

describe('ids that JavaScript objects already have', () => {
  it('refuses a question id "constructor" (it broke every later submission with a 500)', async () => {
    const c = uniqueId('c');
    await ctx.api.put(`/admin/collaborations/${c}`, collaborationDocument(), { admin: true });
    const survey = surveyDocument();
    survey.questions[0] = { ...survey.questions[0]!, id: 'constructor' };

    const res = await ctx.api.put(`/admin/collaborations/${c}/surveys/pulse`, survey, { admin: true });

    expect(res.status).toBe(422);
    expect(res.json.issues.map((i: { path: string }) => i.path)).toContain('questions.0.id');
    expect((await ctx.api.get(`/admin/collaborations/${c}/surveys/pulse`, { admin: true })).status).toBe(404);
  });

  it('refuses a wave id "constructor" (it failed the survey’s aggregation on every run)', async () => {
    const c = uniqueId('c');
    const base = `/admin/collaborations/${c}/surveys/pulse`;
    await ctx.api.put(`/admin/collaborations/${c}`, collaborationDocument(), { admin: true });
    await ctx.api.put(base, surveyDocument(), { admin: true });

    const res = await ctx.api.post(`${base}/waves`, { id: 'constructor' }, { admin: true });

    expect(res.status).toBe(422);
    expect((await ctx.api.get(`${base}/waves`, { admin: true })).json.waves).toEqual([]);
  });

  it.each(['partners', 'neighbourhoods'])('refuses a %s id "constructor"', async (list) => {
    const doc = collaborationDocument();
    const items = doc[list as 'partners'] as { id: string }[];
    items[0] = { ...items[0]!, id: 'constructor' };
    const c = uniqueId('c');

    expect((await ctx.api.put(`/admin/collaborations/${c}`, doc, { admin: true })).status).toBe(422);
    expect((await ctx.api.get(`/admin/collaborations/${c}`, { admin: true })).status).toBe(404);
  });
});

describe('query parameters are validated at the edge', () => {
  it('answers 422, not 500, to a 5,000-character wave', async () => {
    const { base } = await setUpOpenSurvey(ctx.api, 1);

    for (const route of ['comments', 'aggregates']) {
      const res = await ctx.api.get(`${base}/${route}?wave=${'w'.repeat(5000)}`, { admin: true });
      expect(res.status, route).toBe(422);
      expect(res.json.issues).toEqual([{ path: 'wave', message: expect.any(String) }]);
    }
  });

  it('answers 422 to a missing wave for comments and an unknown format for aggregates', async () => {
    const { base } = await setUpOpenSurvey(ctx.api, 1);

    expect((await ctx.api.get(`${base}/comments`, { admin: true })).status).toBe(422);
    expect((await ctx.api.get(`${base}/aggregates?format=xml`, { admin: true })).status).toBe(422);
  });
});

/**
 * Properties over the HTTP API of the local stack. Bounded by run count so the whole file takes a
 * few seconds; a failure prints the shrunk counterexample.
 */
describe('properties: whatever ids are sent', () => {
  it('every id the validation accepts works end to end; a rejected document stores nothing', async () => {
    let completed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          characteristic: likelyId,
          question: likelyId,
          partner: likelyId,
          neighbourhood: likelyId,
          wave: likelyId,
        }),
        async (ids) => {
          const c = uniqueId('p');
          const base = `/admin/collaborations/${c}/surveys/pulse`;
          const collaboration = await ctx.api.put(
            `/admin/collaborations/${c}`,
            collaborationDocument({
              partners: [{ id: ids.partner, name: 'P', sector: 'vcse' }],
              neighbourhoods: [{ id: ids.neighbourhood, name: 'N' }],
              framework: { characteristics: [{ id: ids.characteristic, name: 'C' }] },
              // The deployment floors (rule 9): lower thresholds are refused with 422.
              minGroupSize: 5,
              minCommentGroupSize: 10,
            }),
            { admin: true },
          );
          expect(collaboration.status).toBeLessThan(500);
          if (collaboration.status !== 200) {
            expect(collaboration.status).toBe(422);
            expect((await ctx.api.get(`/admin/collaborations/${c}`, { admin: true })).status).toBe(404);
            return;
          }
          const survey = await ctx.api.put(
            base,
            surveyDocument({
              questions: [
                { id: ids.question, characteristic: ids.characteristic, text: 'Q', type: 'likert5' },
                { id: `${ids.question}-c`, characteristic: ids.characteristic, text: 'Say', type: 'comment' },
              ],
            }),
            { admin: true },
          );
          expect(survey.status).toBeLessThan(500);
          if (survey.status !== 200) {
            expect(survey.status).toBe(422);
            expect((await ctx.api.get(base, { admin: true })).status).toBe(404);
            return;
          }
          const wave = await ctx.api.post(`${base}/waves`, { id: ids.wave }, { admin: true });
          expect(wave.status).toBeLessThan(500);
          if (wave.status !== 201) {
            expect(wave.status).toBe(422);
            expect((await ctx.api.get(`${base}/waves`, { admin: true })).json.waves).toEqual([]);
            return;
          }
          // Everything was accepted: the ids must now work on every later step.
          const links = await ctx.api.post(
            `${base}/links`,
            { partnerId: ids.partner, neighbourhoodId: ids.neighbourhood, count: 1 },
            { admin: true },
          );
          expect(links.status).toBe(201);
          for (const link of links.json.links as { url: string }[]) {
            const token = new URL(link.url).pathname.split('/').pop() as string;
            const submitted = await ctx.api.put(`/api/s/${token}/response`, {
              answers: { [ids.question]: 4 },
              comments: { [`${ids.question}-c`]: 'fine' },
            });
            expect(submitted.status).toBe(200);
          }
          expect(
            (await ctx.api.post(`${base}/waves/${seg(ids.wave)}/close`, {}, { admin: true })).status,
          ).toBe(200);
          ctx.stack.clock.advance(6 * 60_000); // cells and comments appear once late answers have landed
          for (const path of [
            `${base}/aggregates?wave=${seg(ids.wave)}`,
            `${base}/aggregates?format=csv`,
            `${base}/comments?wave=${seg(ids.wave)}`,
            `${base}/waves`,
          ]) {
            expect((await ctx.api.get(path, { admin: true })).status, path).toBe(200);
          }
          completed += 1;
        },
      ),
      {
        numRuns: 10,
        // The names that once broke storage and aggregation are always tried first.
        examples: [
          [
            {
              characteristic: 'constructor',
              question: 'constructor',
              partner: 'constructor',
              neighbourhood: 'constructor',
              wave: 'constructor',
            },
          ],
          [
            {
              characteristic: 'prototype',
              question: 'then',
              partner: 'length',
              neighbourhood: 'name',
              wave: 'tostring',
            },
          ],
        ],
      },
    );
    // The property means little unless runs went all the way through (the second example always does;
    // how many random ones do varies from run to run).
    expect(completed).toBeGreaterThan(0);
  }, 60_000);

  it('no path or query parameter gets a 5xx, and the server stays healthy', async () => {
    const { base, tokens, c } = await setUpOpenSurvey(ctx.api, 1);
    const token = tokens[0]!.token;
    const before = await ctx.api.get('/admin/collaborations', { admin: true });
    const routes = (id: string) => {
      const x = seg(id);
      return [
        ['GET', `/admin/collaborations/${x}`],
        ['GET', `/admin/collaborations/${x}/surveys`],
        ['GET', `/admin/collaborations/${c}/surveys/${x}`],
        ['GET', `/admin/collaborations/${c}/surveys/${x}/waves`],
        ['GET', `${base}/waves/${x}`],
        ['PATCH', `${base}/waves/${x}`],
        ['POST', `${base}/waves/${x}/close`],
        ['DELETE', `${base}/links/${x}`],
        ['GET', `${base}/links`],
        ['GET', `${base}/aggregates?wave=${x}`],
        ['GET', `${base}/aggregates?format=${x}`],
        ['GET', `${base}/comments?wave=${x}`],
        ['GET', `/s/${x}`],
        ['GET', `/s/${x}/thanks`],
        ['GET', `/api/s/${x}`],
        ['PUT', `/api/s/${x}/response`],
        ['GET', `/assets/${x}`],
      ] as const;
    };

    await fc.assert(
      fc.asyncProperty(anyId, fc.jsonValue({ maxDepth: 2 }), async (id, body) => {
        for (const [method, path] of routes(id)) {
          const res = await ctx.api.call(method, path, {
            admin: path.startsWith('/admin'),
            ...(method === 'GET' ? {} : { body }),
          });
          expect(res.status, `${method} ${path}`).toBeLessThan(500);
        }
        const wrongBody = await ctx.api.put(`/api/s/${token}/response`, body);
        expect(wrongBody.status).toBeLessThan(500);
      }),
      { numRuns: 15 },
    );

    // Nothing was created by the rejected requests, and the stack still serves a whole submission.
    expect((await ctx.api.get('/admin/collaborations', { admin: true })).json).toEqual(before.json);
    expect((await ctx.api.put(`/api/s/${token}/response`, validAnswers)).status).toBe(200);
    expect((await ctx.api.get('/openapi.json')).status).toBe(200);
  }, 60_000);
});
