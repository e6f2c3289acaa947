import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, launchChromium, pageWidths } from '../support/browser.js';
import { type Http, http, setUpOpenSurvey, startTestStack, type TestStack } from '../support/stack.js';

/**
 * A respondent in a real browser (Debian's Chromium driven by playwright-core) against the whole local
 * stack in-process: the submit / error / fix / thanks flow, reading one's own answers back with the
 * edit cookie (privacy rule 3), a blank form for anyone else, no JavaScript needed, and axe.
 */

const TIMEOUT = 60_000;

let stack: TestStack;
let api: Http;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack();
  api = http(stack.url);
  browser = await launchChromium();
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, TIMEOUT);

const linkUrl = (token: string) => `${stack.url}/s/${token}`;

const only = <T>(items: T[]): T => {
  expect(items).toHaveLength(1);
  return items[0] as T;
};

/** Console errors and uncaught page errors, to fail on anything unexpected. */
const watch = (page: Page) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  return problems;
};

/** The re-rendered form with errors is a 422 on purpose; Chromium logs any 4xx document. */
const isExpected422 = (problem: string) => /status of 422 \(Unprocessable (Entity|Content)\)/.test(problem);
const unexpected = (problems: string[]) => problems.filter((p) => !isExpected422(p));

/**
 * axe on the current page at phone (390 px) and desktop (1280 px) widths: no violation with impact
 * serious or critical (all printed if any), and no sideways scrolling. Ends at desktop width.
 */
const expectAccessible = async (page: Page, what: string) => {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    const at = `${what} at ${width} px`;
    const results = await new AxeBuilder({ page }).analyze();
    const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(blocking, `axe violations on ${at}:\n${describeViolations(blocking)}`).toEqual([]);
    const minor = results.violations.filter((v) => !blocking.includes(v));
    if (minor.length > 0) console.info(`axe (minor/moderate) on ${at}:\n${describeViolations(minor)}`);
    expect(results.passes.length, `axe ran rules on ${at}`).toBeGreaterThan(10);
    const { scrollWidth, clientWidth } = await pageWidths(page);
    expect(scrollWidth, `sideways scrolling on ${at}`).toBeLessThanOrEqual(clientWidth);
  }
};

/** The checked radio of a question, or null. */
const checkedValue = async (page: Page, questionId: string): Promise<string | null> => {
  const checked = page.locator(`input[type=radio][name="q.${questionId}"]:checked`);
  const count = await checked.count();
  expect(count, `at most one checked radio for ${questionId}`).toBeLessThanOrEqual(1);
  return count === 0 ? null : checked.getAttribute('value');
};

const commentText = (page: Page) => page.locator('textarea[name="c.sp-comment"]').inputValue();

const radio = (page: Page, questionId: string, value: string) =>
  page.locator(`input[type=radio][name="q.${questionId}"][value="${value}"]`);

const submit = async (page: Page) => {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: 'Submit answers' }).click(),
  ]);
  return response;
};

/** Answers sp1 (agree), tr1 (disagree) and the comment; leaves sp2 unanswered. */
const answerAllButSp2 = async (page: Page) => {
  await page
    .getByRole('group', { name: 'We agree on what the alliance is for' })
    .getByLabel('Agree', { exact: true })
    .check();
  await page
    .getByRole('group', { name: 'I trust colleagues in partner organisations' })
    .getByLabel('Disagree', { exact: true })
    .check();
  await page.getByLabel('Anything to add? (optional)').fill('More joint time, please');
};

const expectBlankForm = async (page: Page) => {
  for (const q of ['sp1', 'sp2', 'tr1']) expect(await checkedValue(page, q), q).toBeNull();
  expect(await commentText(page)).toBe('');
  await expect
    .poll(() => page.locator('main').textContent())
    .toContain('If you have already answered in this round, submitting again replaces your earlier answers.');
};

describe('the respondent form in Chromium', () => {
  it(
    'submit with a missing answer, fix it, thanks; own answers come back in this browser only',
    async () => {
      const { tokens } = await setUpOpenSurvey(api, 1);
      const token = only(tokens).token;
      const url = linkUrl(token);
      const context = await browser.newContext();
      const page = await context.newPage();
      const problems = watch(page);

      const opened = await page.goto(url);
      expect(opened?.status()).toBe(200);
      expect(opened?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
      await expect.poll(() => page.title()).toBe('Alliance pulse – Alliance Pulse');
      await expect
        .poll(() => page.locator('h2').allInnerTexts())
        .toEqual(['Shared purpose', 'Trusting relationships']);
      await expectBlankForm(page);
      await expectAccessible(page, 'the blank form');

      // 1. Everything but sp2: the form comes back (422) with an error summary linking to sp2.
      await answerAllButSp2(page);
      const invalid = await submit(page);
      expect(invalid?.status()).toBe(422);
      expect(page.url()).toBe(url);
      expect(await page.title()).toMatch(/^Error: /);
      const summary = page.locator('.nhsuk-error-summary');
      expect(await summary.isVisible()).toBe(true);
      expect(await summary.getAttribute('role')).toBe('alert');
      expect(await summary.getAttribute('tabindex')).toBe('-1');
      // Focus moves to the summary on load (autofocus: the page ships no JavaScript).
      await expect.poll(() => page.locator('.nhsuk-error-summary:focus').count()).toBe(1);
      expect(await summary.getByRole('heading').textContent()).toBe('There is a problem');
      // It comes first in the main content, before the page heading.
      expect(await page.locator('main .nhsuk-error-summary ~ h1').count()).toBe(1);
      const links = summary.getByRole('link');
      expect(await links.count()).toBe(1);
      expect(await links.first().getAttribute('href')).toBe('#q-sp2');
      expect(await links.first().textContent()).toContain('Our joint priorities are clear');
      // The field shows its error too, and what was typed is kept.
      expect(await page.locator('#q-sp2-error').textContent()).toContain('Our joint priorities are clear');
      expect(await checkedValue(page, 'sp1')).toBe('4');
      expect(await checkedValue(page, 'sp2')).toBeNull();
      expect(await checkedValue(page, 'tr1')).toBe('2');
      expect(await commentText(page)).toBe('More joint time, please');
      await expectAccessible(page, 'the form with errors');

      // The summary's link leads to the first radio of the unanswered question.
      await links.first().click();
      await expect.poll(() => new URL(page.url()).hash).toBe('#q-sp2');
      await expect.poll(() => page.locator('#q-sp2:focus').count()).toBe(1);
      expect(await page.locator('#q-sp2').isVisible()).toBe(true);
      expect(await page.locator('#q-sp2').getAttribute('name')).toBe('q.sp2');

      // 2. Fix it ("Don't know") and submit: 303 to the thank-you page.
      await radio(page, 'sp2', 'dk').check();
      const thanks = await submit(page);
      expect(thanks?.status()).toBe(200);
      expect(page.url()).toBe(`${url}/thanks`);
      expect(await page.locator('h1').textContent()).toBe('Thank you, your answers have been recorded');
      await expectAccessible(page, 'the thank-you page');

      // The edit key is an HttpOnly, SameSite=Strict cookie scoped to this link; scripts cannot see it.
      const cookies = await context.cookies();
      expect(cookies.map((c) => c.name)).toEqual(['pulse_edit']);
      expect(cookies[0]).toMatchObject({
        httpOnly: true,
        sameSite: 'Strict',
        path: `/s/${token}`,
      });
      expect(await page.evaluate('document.cookie')).toBe('');

      // 3. Reopen the link in the same browser: the answers are back.
      await page.goto(url);
      expect(await checkedValue(page, 'sp1')).toBe('4');
      expect(await checkedValue(page, 'sp2')).toBe('dk');
      expect(await checkedValue(page, 'tr1')).toBe('2');
      expect(await commentText(page)).toBe('More joint time, please');
      expect(await page.locator('main').textContent()).toContain(
        'Your earlier answers for this round are shown. Submitting again replaces them.',
      );
      await expectAccessible(page, 'the prefilled form');

      // 4. Another browser context (another person with the same link) sees a blank form.
      const other = await browser.newContext();
      const otherPage = await other.newPage();
      expect((await otherPage.goto(url))?.status()).toBe(200);
      await expectBlankForm(otherPage);
      await other.close();

      expect(unexpected(problems), unexpected(problems).join('\n')).toEqual([]);
      await context.close();
    },
    TIMEOUT,
  );

  it(
    'works with JavaScript disabled: error summary, fix, thanks, answers back',
    async () => {
      const { base, tokens } = await setUpOpenSurvey(api, 1);
      const token = only(tokens).token;
      const url = linkUrl(token);
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      const problems = watch(page);

      expect((await page.goto(url))?.status()).toBe(200);
      await answerAllButSp2(page);
      const invalid = await submit(page);
      expect(invalid?.status()).toBe(422);
      const summaryLink = page.locator('.nhsuk-error-summary a[href="#q-sp2"]');
      expect(await summaryLink.isVisible()).toBe(true);
      await summaryLink.click();
      await expect.poll(() => page.locator('#q-sp2:focus').count()).toBe(1);
      expect(await page.locator('textarea[name="c.sp-comment"]').inputValue()).toBe(
        'More joint time, please',
      );

      await radio(page, 'sp2', '3').check();
      const thanks = await submit(page);
      expect(thanks?.status()).toBe(200);
      expect(page.url()).toBe(`${url}/thanks`);
      expect(await page.locator('h1').textContent()).toBe('Thank you, your answers have been recorded');

      const waves = await api.get(`${base}/waves`, { admin: true });
      expect(waves.json.waves[0].responses).toBe(1);

      await page.goto(url);
      expect(await page.locator('input[name="q.sp1"][value="4"]').isChecked()).toBe(true);
      expect(await page.locator('input[name="q.sp2"][value="3"]').isChecked()).toBe(true);
      expect(await page.locator('input[name="q.tr1"][value="2"]').isChecked()).toBe(true);
      expect(await page.locator('textarea[name="c.sp-comment"]').inputValue()).toBe(
        'More joint time, please',
      );

      // Change one answer and submit again: it replaces, still one response.
      await page.locator('input[name="q.tr1"][value="5"]').check();
      expect((await submit(page))?.status()).toBe(200);
      const after = await api.get(`${base}/waves`, { admin: true });
      expect(after.json.waves[0].responses).toBe(1);
      await page.goto(url);
      expect(await page.locator('input[name="q.tr1"][value="5"]').isChecked()).toBe(true);

      expect(unexpected(problems), unexpected(problems).join('\n')).toEqual([]);
      await context.close();
    },
    TIMEOUT,
  );

  it(
    'renders with the NHS.UK frontend styles (screenshot in the OS temp dir)',
    async () => {
      const { tokens } = await setUpOpenSurvey(api, 1);
      const token = only(tokens).token;
      const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
      const page = await context.newPage();
      const css = page.waitForResponse((r) => r.url().endsWith('/assets/nhsuk.css'));
      await page.goto(linkUrl(token));
      const stylesheet = await css;
      expect(stylesheet.status()).toBe(200);
      expect(stylesheet.headers()['content-type']).toMatch(/^text\/css/);

      const style = (selector: string, property: string) =>
        page.evaluate(
          `getComputedStyle(document.querySelector(${JSON.stringify(selector)})).getPropertyValue(${JSON.stringify(property)})`,
        );
      // NHS blue header, the green button, the styled radios (native inputs hidden behind NHS circles).
      expect(await style('.nhsuk-header', 'background-color')).toBe('rgb(0, 94, 184)');
      expect(await style('.nhsuk-button', 'background-color')).toBe('rgb(0, 127, 59)');
      expect(await style('.nhsuk-radios__input', 'opacity')).toBe('0');
      expect(await style('.nhsuk-inset-text', 'border-left-color')).toBe('rgb(0, 94, 184)');

      const path = join(tmpdir(), 'pulse-respondent-form.png');
      await page.screenshot({ path, fullPage: true });
      console.info(`screenshot of the form: ${path}`);
      await context.close();
    },
    TIMEOUT,
  );
});
