import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  collaborationDocument,
  type HttpReply,
  setUpOpenSurvey,
  surveyDocument,
  uniqueId,
  useTestStack,
} from '../support/stack.js';

/**
 * The respondent's HTML pages (`GET/POST /s/{token}`) over real HTTP, no browser: security headers
 * (privacy rule 8), the form's content, the friendly error pages, the error summary, the edit cookie
 * (privacy rule 3) and HTML escaping.
 */

const ctx = useTestStack();

const FORM = 'application/x-www-form-urlencoded';

const only = <T>(items: T[]): T => {
  expect(items).toHaveLength(1);
  return items[0] as T;
};

/** POSTs the survey form as a browser would (form-urlencoded), optionally with a cookie. */
const postForm = (token: string, fields: Record<string, string>, cookie?: string): Promise<HttpReply> =>
  ctx.api.call('POST', `/s/${token}`, {
    raw: new URLSearchParams(fields).toString(),
    headers: { 'content-type': FORM, ...(cookie ? { cookie } : {}) },
  });

const getPage = (token: string, cookie?: string): Promise<HttpReply> =>
  ctx.api.get(`/s/${token}`, cookie ? { headers: { cookie } } : undefined);

/** Every field of the test survey answered: sp1 agree, sp2 don't know, tr1 disagree, a comment. */
const completeForm = {
  'q.sp1': '4',
  'q.sp2': 'dk',
  'q.tr1': '2',
  'c.sp-comment': 'More joint time',
};

/** The radio inputs of one likert question, as raw tags. */
const radios = (html: string, questionId: string): string[] =>
  [...html.matchAll(/<input\b[^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => tag.includes(`name="q.${questionId}"`) && tag.includes('type="radio"'));

/** The values of the checked radios of a question (none, or one). */
const checkedValues = (html: string, questionId: string): string[] =>
  radios(html, questionId)
    .filter((tag) => /\schecked(\s|>|=)/.test(tag))
    .map((tag) => /value="([^"]*)"/.exec(tag)?.[1] ?? '?');

/** The text inside a comment question's textarea (as HTML source, so still escaped). */
const textareaText = (html: string, questionId: string): string | undefined =>
  new RegExp(`<textarea\\b[^>]*name="c\\.${questionId}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html)?.[1];

const setCookieHeaders = (reply: HttpReply): string[] => reply.headers.getSetCookie();

/** `pulse_edit=…` from a Set-Cookie header, ready for a Cookie header. */
const editCookiePair = (reply: HttpReply): string => {
  const cookie = setCookieHeaders(reply).find((c) => c.startsWith('pulse_edit='));
  expect(cookie, 'a pulse_edit cookie is set').toBeDefined();
  return (cookie as string).split(';')[0] as string;
};

const responsesInWave = async (base: string): Promise<number> => {
  const waves = await ctx.api.get(`${base}/waves`, { admin: true });
  expect(waves.status).toBe(200);
  return waves.json.waves[0].responses as number;
};

const expectHtmlSecurityHeaders = (reply: HttpReply) => {
  expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
  expect(reply.headers.get('cache-control')).toBe('no-store');
  expect(reply.headers.get('referrer-policy')).toBe('no-referrer');
  const csp = reply.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  // Strict: nothing loads by default and no inline script is allowed anywhere.
  expect(csp).toContain("default-src 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
};

/** A friendly page: no stack trace, no source paths, no JSON error body. */
const expectFriendly = (html: string) => {
  expect(html).toMatch(/^<!DOCTYPE html>/i);
  expect(html).not.toMatch(/\bat\s+\S+\s+\(.*:\d+:\d+\)/); // a stack frame
  expect(html).not.toMatch(/\.(ts|js):\d+/);
  expect(html).not.toContain('"error"');
  expect(html).not.toMatch(/Error:\s*\w+Error/);
};

describe('GET /s/{token}: the survey form', () => {
  it('answers 200 HTML with the security headers of privacy rule 8', async () => {
    const { tokens } = await setUpOpenSurvey(ctx.api, 1);
    const token = only(tokens).token;
    const page = await getPage(token);
    expect(page.status).toBe(200);
    expectHtmlSecurityHeaders(page);
    expect(page.text).toContain('<form method="post"');
    expect(page.text).toContain(`action="/s/${token}"`);
  });

  it('groups the questions under a heading per characteristic, in framework order', async () => {
    const { tokens } = await setUpOpenSurvey(ctx.api, 1);
    const token = only(tokens).token;
    const html = (await getPage(token)).text;
    const headings = [...html.matchAll(/<h2\b[^>]*>([^<]*)<\/h2>/g)].map((m) => m[1]?.trim());
    expect(headings).toEqual(['Shared purpose', 'Trusting relationships']);
    const sharedPurpose = html.indexOf('>Shared purpose</h2>');
    const trusting = html.indexOf('>Trusting relationships</h2>');
    const at = (text: string) => html.indexOf(text);
    // sp1, sp2 and the shared-purpose comment sit between the two headings; tr1 after the second.
    for (const text of [
      'We agree on what the alliance is for',
      'Our joint priorities are clear',
      'Anything to add?',
    ]) {
      expect(at(text)).toBeGreaterThan(sharedPurpose);
      expect(at(text)).toBeLessThan(trusting);
    }
    expect(at('I trust colleagues in partner organisations')).toBeGreaterThan(trusting);
    // A radio group per likert question: five points plus "Don't know"; the first radio carries the id.
    for (const q of ['sp1', 'sp2', 'tr1']) {
      const group = radios(html, q);
      expect(group.map((tag) => /value="([^"]*)"/.exec(tag)?.[1])).toEqual(['5', '4', '3', '2', '1', 'dk']);
      expect(group[0]).toContain(`id="q-${q}"`);
    }
    expect(html).toMatch(/Don(&#39;|')t know/);
    expect(textareaText(html, 'sp-comment')).toBe('');
    expect(html).toMatch(/<textarea\b[^>]*id="q-sp-comment"/);
  });

  it('carries a privacy notice: the group-size threshold N and that comments are read verbatim', async () => {
    const { tokens } = await setUpOpenSurvey(ctx.api, 1);
    const token = only(tokens).token;
    const html = (await getPage(token)).text;
    const notice = /<div class="nhsuk-inset-text">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
    expect(notice).toMatch(/confidential/i);
    // The default minGroupSize is 5, minCommentGroupSize 10.
    expect(notice).toMatch(/groups of at least 5\b/);
    expect(notice).toMatch(/comment/i);
    expect(notice).toMatch(/verbatim|word for word/i);
    expect(notice).toMatch(/support team/i);
  });

  it('uses the collaboration’s own threshold in the notice', async () => {
    const c = uniqueId('c');
    const base = `/admin/collaborations/${c}/surveys/pulse`;
    const collaboration = collaborationDocument({ minGroupSize: 7, minCommentGroupSize: 12 });
    expect((await ctx.api.put(`/admin/collaborations/${c}`, collaboration, { admin: true })).status).toBe(
      200,
    );
    expect((await ctx.api.put(base, surveyDocument(), { admin: true })).status).toBe(200);
    expect((await ctx.api.post(`${base}/waves`, { id: 'w1' }, { admin: true })).status).toBe(201);
    const issued = await ctx.api.post(
      `${base}/links`,
      { partnerId: 'council', neighbourhoodId: 'south', count: 1 },
      { admin: true },
    );
    const token = new URL(issued.json.links[0].url).pathname.split('/').pop() as string;
    const html = (await getPage(token)).text;
    expect(html).toMatch(/groups of at least 7\b/);
    expect(html).toMatch(/at least 12 people have commented/);
  });

  it('answers an unknown token with a friendly 404 page that does not echo the token', async () => {
    const unknown = randomBytes(32).toString('base64url');
    const page = await getPage(unknown);
    expect(page.status).toBe(404);
    expectHtmlSecurityHeaders(page);
    expectFriendly(page.text);
    expect(page.text).toMatch(/not recognised/i);
    expect(page.text).not.toContain(unknown);

    // A token that is not even token-shaped, with markup in it: same page, nothing reflected.
    const junk = '<script>x</script>';
    const junkPage = await getPage(encodeURIComponent(junk));
    expect(junkPage.status).toBe(404);
    expectFriendly(junkPage.text);
    expect(junkPage.text).not.toContain('<script>');
    expect(junkPage.text).not.toContain('&lt;script&gt;');

    // POST to an unknown link: the same friendly 404, nothing stored anywhere to check.
    const posted = await postForm(unknown, completeForm);
    expect(posted.status).toBe(404);
    expectFriendly(posted.text);
    expect(posted.text).not.toContain(unknown);
    expect(setCookieHeaders(posted)).toEqual([]);
  });

  it('answers a revoked link with the friendly 404 page, on GET and POST', async () => {
    const { base, tokens } = await setUpOpenSurvey(ctx.api, 2);
    const [revoked, kept] = tokens as [{ id: string; token: string }, { id: string; token: string }];
    expect((await getPage(revoked.token)).status).toBe(200);
    const del = await ctx.api.del(`${base}/links/${revoked.id}`, { admin: true });
    expect(del.status).toBeLessThan(300);

    const page = await getPage(revoked.token);
    expect(page.status).toBe(404);
    expectHtmlSecurityHeaders(page);
    expectFriendly(page.text);
    expect(page.text).toMatch(/not recognised/i);
    expect(page.text).not.toContain(revoked.token);

    const posted = await postForm(revoked.token, completeForm);
    expect(posted.status).toBe(404);
    expect(await responsesInWave(base)).toBe(0);
    // The other link still works.
    expect((await getPage(kept.token)).status).toBe(200);
  });

  it('says when the next round opens when no wave is open (200)', async () => {
    const { base, tokens } = await setUpOpenSurvey(ctx.api, 1);
    const token = only(tokens).token;
    expect((await ctx.api.post(`${base}/waves/w1/close`, {}, { admin: true })).status).toBeLessThan(300);
    const page = await getPage(token);
    expect(page.status).toBe(200);
    expectHtmlSecurityHeaders(page);
    expectFriendly(page.text);
    expect(page.text).toMatch(/not open/i);
    // The cadence's first opening, 2030-01-07T09:00 in Europe/London, in words.
    expect(page.text).toContain('Monday 7 January 2030 at 09:00');
    expect(page.text).not.toContain('<form');
    expect(page.text).not.toContain(token);

    // Posting to a closed wave stores nothing and shows the same page.
    const posted = await postForm(token, completeForm);
    expect(posted.status).toBe(200);
    expect(posted.text).toContain('Monday 7 January 2030 at 09:00');
    expect(setCookieHeaders(posted)).toEqual([]);
    expect(await responsesInWave(base)).toBe(0);
  });
});

describe('POST /s/{token}: submitting the form', () => {
  it('re-renders a form with a missing answer as 422 with an error summary, keeping what was typed', async () => {
    const { base, tokens } = await setUpOpenSurvey(ctx.api, 1);
    const token = only(tokens).token;
    const typed = 'Keep <this> & "that"';
    const reply = await postForm(token, { 'q.sp1': '5', 'q.tr1': 'dk', 'c.sp-comment': typed });
    expect(reply.status).toBe(422);
    expectHtmlSecurityHeaders(reply);
    expect(setCookieHeaders(reply)).toEqual([]);
    const html = reply.text;

    // The error summary links to the first radio of the unanswered question, and only that one.
    const summary = /<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
    expect(summary).toContain('There is a problem');
    const links = [...summary.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
    expect(links).toEqual(['#q-sp2']);
    expect(html).toMatch(/<input\b[^>]*id="q-sp2"/);
    expect(html).toMatch(/<title>Error: /);
    // The field itself shows the error, tied to its fieldset.
    expect(html).toContain('id="q-sp2-error"');
    expect(html).toContain('aria-describedby="q-sp2-error"');

    // What was typed is kept: checked radios, the comment text (escaped).
    expect(checkedValues(html, 'sp1')).toEqual(['5']);
    expect(checkedValues(html, 'sp2')).toEqual([]);
    expect(checkedValues(html, 'tr1')).toEqual(['dk']);
    expect(textareaText(html, 'sp-comment')).toBe('Keep &lt;this&gt; &amp; &quot;that&quot;');

    expect(await responsesInWave(base)).toBe(0);
  });

  it('reports every missing answer in the summary, in question order', async () => {
    const { tokens } = await setUpOpenSurvey(ctx.api, 1);
    const token = only(tokens).token;
    const reply = await postForm(token, {});
    expect(reply.status).toBe(422);
    const summary = /<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/.exec(reply.text)?.[0] ?? '';
    expect([...summary.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1])).toEqual([
      '#q-sp1',
      '#q-sp2',
      '#q-tr1',
    ]);
  });

  it('stores a valid form: 303 to the thank-you page with an HttpOnly SameSite=Strict cookie on the link path', async () => {
    const { base, tokens } = await setUpOpenSurvey(ctx.api, 1);
    const token = only(tokens).token;
    const reply = await postForm(token, completeForm);
    expect(reply.status).toBe(303);
    expect(reply.headers.get('location')).toBe(`/s/${token}/thanks`);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(reply.headers.get('referrer-policy')).toBe('no-referrer');

    const cookies = setCookieHeaders(reply);
    expect(cookies).toHaveLength(1);
    const cookie = cookies[0] as string;
    const attributes = cookie
      .split(';')
      .slice(1)
      .map((a) => a.trim());
    expect(cookie).toMatch(/^pulse_edit=[A-Za-z0-9_-]{22,}/);
    expect(attributes).toContain('HttpOnly');
    expect(attributes.map((a) => a.toLowerCase())).toContain('samesite=strict');
    expect(attributes).toContain(`Path=/s/${token}`);
    expect(await responsesInWave(base)).toBe(1);

    const thanks = await ctx.api.get(`/s/${token}/thanks`, { headers: { cookie: editCookiePair(reply) } });
    expect(thanks.status).toBe(200);
    expectHtmlSecurityHeaders(thanks);
    expect(thanks.text).toMatch(/Thank you/);

    // Without the edit key nobody is thanked: the thank-you address leads back to the form.
    const stranger = await ctx.api.get(`/s/${token}/thanks`);
    expect(stranger.status).toBe(303);
    expect(stranger.headers.get('location')).toBe(`/s/${token}`);
  });

  it('prefills the form only with the edit cookie; without it the form is blank and says a resubmission replaces', async () => {
    const { base, tokens } = await setUpOpenSurvey(ctx.api, 1);
    const token = only(tokens).token;
    const cookie = editCookiePair(await postForm(token, completeForm));

    const own = (await getPage(token, cookie)).text;
    expect(checkedValues(own, 'sp1')).toEqual(['4']);
    expect(checkedValues(own, 'sp2')).toEqual(['dk']);
    expect(checkedValues(own, 'tr1')).toEqual(['2']);
    expect(textareaText(own, 'sp-comment')).toBe('More joint time');
    expect(own).toMatch(/earlier answers[^<]*are shown/i);
    expect(own).toMatch(/Submitting again replaces them/i);

    const blank = (await getPage(token)).text;
    for (const q of ['sp1', 'sp2', 'tr1']) expect(checkedValues(blank, q)).toEqual([]);
    expect(textareaText(blank, 'sp-comment')).toBe('');
    expect(blank).toContain('submitting again replaces your earlier answers');
    expect(blank).not.toContain('More joint time');

    // A wrong edit key is the same as none.
    const forged = (await getPage(token, `pulse_edit=${randomBytes(32).toString('base64url')}`)).text;
    for (const q of ['sp1', 'sp2', 'tr1']) expect(checkedValues(forged, q)).toEqual([]);
    expect(forged).not.toContain('More joint time');

    // Submitting again replaces: still one response, and the new cookie shows the new answers.
    const again = await postForm(token, { 'q.sp1': '1', 'q.sp2': '3', 'q.tr1': '5', 'c.sp-comment': '' });
    expect(again.status).toBe(303);
    expect(await responsesInWave(base)).toBe(1);
    const replaced = (await getPage(token, editCookiePair(again))).text;
    expect(checkedValues(replaced, 'sp1')).toEqual(['1']);
    expect(checkedValues(replaced, 'sp2')).toEqual(['3']);
    expect(checkedValues(replaced, 'tr1')).toEqual(['5']);
    expect(textareaText(replaced, 'sp-comment')).toBe('');
    // The first cookie's key no longer reads anything.
    const stale = (await getPage(token, cookie)).text;
    expect(checkedValues(stale, 'sp1')).toEqual([]);
  });

  it('rejects a comment over 2,000 characters with 422, an error on the comment field, and stores nothing', async () => {
    const { base, tokens } = await setUpOpenSurvey(ctx.api, 1);
    const token = only(tokens).token;
    const long = 'a'.repeat(2001);
    const reply = await postForm(token, { ...completeForm, 'c.sp-comment': long });
    expect(reply.status).toBe(422);
    expect(setCookieHeaders(reply)).toEqual([]);
    const html = reply.text;
    const summary = /<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
    expect([...summary.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1])).toEqual(['#q-sp-comment']);
    expect(html).toContain('id="q-sp-comment-error"');
    expect(html).toMatch(/<textarea\b[^>]*class="[^"]*nhsuk-textarea--error/);
    expect(html).toMatch(/2,?000 characters/);
    // Kept as typed, and the radios too.
    expect(textareaText(html, 'sp-comment')).toBe(long);
    expect(checkedValues(html, 'sp1')).toEqual(['4']);
    expect(await responsesInWave(base)).toBe(0);

    // Exactly 2,000 is fine.
    const ok = await postForm(token, { ...completeForm, 'c.sp-comment': 'b'.repeat(2000) });
    expect(ok.status).toBe(303);
    expect(await responsesInWave(base)).toBe(1);
  });

  it('rejects an out-of-range answer with 422 on that question and stores nothing', async () => {
    const { base, tokens } = await setUpOpenSurvey(ctx.api, 1);
    const token = only(tokens).token;
    const reply = await postForm(token, { ...completeForm, 'q.tr1': '6' });
    expect(reply.status).toBe(422);
    const summary = /<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/.exec(reply.text)?.[0] ?? '';
    expect([...summary.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1])).toEqual(['#q-tr1']);
    expect(await responsesInWave(base)).toBe(0);
  });
});

describe('HTML escaping', () => {
  it('escapes markup in the collaboration name and question texts', async () => {
    const c = uniqueId('c');
    const base = `/admin/collaborations/${c}/surveys/pulse`;
    const name = '<script>alert(1)</script> & "Co"';
    const boldText = 'Is this <b>really</b> shared?';
    const put = await ctx.api.put(`/admin/collaborations/${c}`, collaborationDocument({ name }), {
      admin: true,
    });
    expect(put.status).toBe(200);
    const survey = surveyDocument({
      title: 'Pulse <i>survey</i>',
      questions: [
        { id: 'sp1', characteristic: 'shared-purpose', text: boldText, type: 'likert5' },
        {
          id: 'sp2',
          characteristic: 'shared-purpose',
          text: 'Our joint priorities are clear',
          type: 'likert5',
        },
        {
          id: 'sp-comment',
          characteristic: 'shared-purpose',
          text: 'Anything <u>else</u>?',
          type: 'comment',
        },
      ],
    });
    expect((await ctx.api.put(base, survey, { admin: true })).status).toBe(200);
    expect((await ctx.api.post(`${base}/waves`, { id: 'w1' }, { admin: true })).status).toBe(201);
    const issued = await ctx.api.post(
      `${base}/links`,
      { partnerId: 'pcn', neighbourhoodId: 'north', count: 1 },
      { admin: true },
    );
    expect(issued.status).toBe(201);
    const token = new URL(issued.json.links[0].url).pathname.split('/').pop() as string;

    const expectEscaped = (html: string) => {
      expect(html).not.toContain('<script');
      expect(html).not.toContain('<b>');
      expect(html).not.toContain('<i>');
      expect(html).not.toContain('<u>');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;');
      expect(html).toContain('Is this &lt;b&gt;really&lt;/b&gt; shared?');
      expect(html).toContain('Pulse &lt;i&gt;survey&lt;/i&gt;');
      expect(html).toContain('Anything &lt;u&gt;else&lt;/u&gt;?');
    };
    const page = await getPage(token);
    expect(page.status).toBe(200);
    expectEscaped(page.text);

    // The error summary quotes the question text: escaped there too.
    const invalid = await postForm(token, { 'q.sp2': '3', 'c.sp-comment': '</textarea><script>x</script>' });
    expect(invalid.status).toBe(422);
    expectEscaped(invalid.text);
    expect(textareaText(invalid.text, 'sp-comment')).toBe('&lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;');

    // The thank-you page names the collaboration (service name) and the survey: escaped.
    const ok = await postForm(token, { 'q.sp1': '3', 'q.sp2': '3' });
    expect(ok.status).toBe(303);
    const thanks = (await ctx.api.get(`/s/${token}/thanks`, { headers: { cookie: editCookiePair(ok) } }))
      .text;
    expect(thanks).not.toContain('<script');
    expect(thanks).not.toContain('<i>');
    expect(thanks).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;');
  });
});
