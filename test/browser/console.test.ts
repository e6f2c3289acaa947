// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the text as rendered (table cells tab-separated), which these checks read, not the DOM property the rule is about
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, launchChromium, pageWidths } from '../support/browser.js';
import { http, startTestStack, TEST_ADMIN_TOKEN, type TestStack, uniqueId } from '../support/stack.js';

/**
 * The support team's whole journey in Chromium against the local stack, as a team member would do
 * it: sign in, create a collaboration and a survey, open a wave, issue links and download the CSV,
 * answer through them, close the wave, see the figures once they settle (the stack's clock is moved
 * on, never slept), revoke a partner's links in bulk, sign out. Every page is checked with axe at
 * desktop (1280 px) and phone (390 px) widths, and every page redirects to sign-in afterwards.
 */

const TIMEOUT = 240_000;

let stack: TestStack;
let browser: Browser;
let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);

beforeAll(async () => {
  stack = await startTestStack({ now: clock });
  browser = await launchChromium();
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, TIMEOUT);

/** Every console page visited, to check again after sign-out. */
const visited = new Set<string>();

/** axe and no sideways scrolling at both widths, then back to desktop. */
const expectAccessible = async (page: Page, what: string) => {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    const results = await new AxeBuilder({ page }).analyze();
    expect(
      results.violations,
      `axe violations on ${what} at ${width} px:\n${describeViolations(results.violations)}`,
    ).toEqual([]);
    // Wide tables scroll inside their own region; the page itself never scrolls sideways.
    const { scrollWidth, clientWidth } = await pageWidths(page);
    expect(scrollWidth, `sideways scrolling on ${what} at ${width} px`).toBeLessThanOrEqual(clientWidth);
  }
  visited.add(new URL(page.url()).pathname);
};

/** A full-page screenshot in the OS temp dir, to look at (the paths are printed). */
const shot = async (page: Page, name: string, width = 1280) => {
  await page.setViewportSize({ width, height: 900 });
  const path = join(tmpdir(), `pulse-console-${name}-${width}.png`);
  await page.screenshot({ path, fullPage: true });
  console.info(`screenshot: ${path}`);
};

const heading = (page: Page) => page.locator('h1').first().innerText();

describe('the support console in Chromium', () => {
  let context: BrowserContext;
  let page: Page;
  const c = uniqueId('alliance');
  const s = 'pulse';
  const base = `/console/collaborations/${c}/surveys/${s}`;
  let tokens: string[] = [];

  it(
    'walks the whole journey with no accessibility violations',
    async () => {
      context = await browser.newContext({ acceptDownloads: true });
      page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));

      // 1. Sign in (a wrong token first: error summary and the message beside the field).
      await page.goto(`${stack.url}/console`);
      expect(new URL(page.url()).pathname).toBe('/console/sign-in');
      await expectAccessible(page, 'sign-in');
      await page.fill('#token', 'not-the-token-at-all');
      await page.click('button[type=submit]');
      expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('admin token is not right');
      await expectAccessible(page, 'sign-in with an error');
      await page.fill('#token', TEST_ADMIN_TOKEN);
      await page.click('button[type=submit]');
      expect(await heading(page)).toBe('Collaborations');
      const cookies = await context.cookies();
      const session = cookies.find((k) => k.name === 'pulse-console');
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
      await expectAccessible(page, 'collaborations');

      // 2. Create a collaboration: a mistake first, shown in plain English beside the field.
      await page.click('text=Create a collaboration');
      await expectAccessible(page, 'new collaboration');
      await page.fill('#id', c);
      await page.fill('#name', 'Riverside Alliance');
      await page.fill('#neighbourhoods-0-id', 'north');
      await page.fill('#neighbourhoods-0-name', 'North');
      await page.fill('#neighbourhoods-1-id', 'South Side');
      await page.fill('#neighbourhoods-1-name', 'South');
      await page.fill('#partners-0-id', 'council');
      await page.fill('#partners-0-name', 'Riverside Council');
      await page.selectOption('#partners-0-sector', 'local-authority');
      await page.fill('#partners-1-id', 'pcn');
      await page.fill('#partners-1-name', 'Riverside PCN');
      await page.click('button:has-text("Save collaboration")');
      expect(await page.locator('#neighbourhoods-1-id-error').innerText()).toContain(
        'lower-case letters, digits and single hyphens',
      );
      expect(await page.locator('#partners-1-sector-error').innerText()).toContain(
        "Choose the partner's sector",
      );
      expect(await page.title()).toMatch(/^Error: /);
      expect(await page.locator('.nhsuk-error-summary').innerText()).not.toMatch(
        /Too small|Invalid|expected/,
      );
      await expectAccessible(page, 'collaboration form with errors');
      await shot(page, 'collaboration-errors', 390);
      await page.fill('#neighbourhoods-1-id', 'south');
      await page.selectOption('#partners-1-sector', 'primary-care');
      await page.click('button:has-text("Save collaboration")');
      expect(await heading(page)).toBe('Riverside Alliance');
      await expectAccessible(page, 'collaboration');

      // …and a survey, its questions grouped by characteristic and its cadence in words.
      await page.click('text=Create a survey');
      await expectAccessible(page, 'new survey');
      await page.fill('#id', s);
      await page.fill('#title', 'Riverside pulse');
      await page.fill('#firstDate', '2027-01-04');
      await page.fill('#firstTime', '09:00');
      const question = async (
        i: number,
        id: string,
        characteristic: string,
        text: string,
        type = 'likert5',
      ) => {
        await page.fill(`#questions-${i}-id`, id);
        await page.selectOption(`#questions-${i}-characteristic`, characteristic);
        await page.selectOption(`#questions-${i}-type`, type);
        await page.fill(`#questions-${i}-text`, text);
      };
      await question(0, 'sp1', 'shared-purpose', 'We agree on what the alliance is for');
      await question(1, 'tr1', 'trusting-relationships', 'I trust colleagues in partner organisations');
      await question(2, 'sp-comment', 'shared-purpose', 'Anything to add?', 'comment');
      await page.click('button:has-text("Save survey")');
      expect(await heading(page)).toBe('Riverside pulse');
      expect(await page.locator('main').innerText()).toContain(
        'every 13 weeks, open for 14 days, from Monday 4 January 2027 at 09:00',
      );
      await expectAccessible(page, 'survey');
      await shot(page, 'survey', 390);

      // 3. Open a wave now.
      await page.click('button:has-text("Open a wave now")');
      expect(await heading(page)).toMatch(/^Wave .+ open$/);
      const waveUrl = new URL(page.url()).pathname;
      await expectAccessible(page, 'wave (open)');

      // 4. Issue 5 links and download the CSV.
      await page.goto(`${stack.url}${base}/links`);
      expect(await page.locator('main').innerText()).toContain('shown only once');
      await expectAccessible(page, 'links');
      await page.selectOption('#partnerId', 'pcn');
      await page.selectOption('#neighbourhoodId', 'north');
      await page.fill('#count', '5');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('button:has-text("Issue and download CSV")'),
      ]);
      const csv = readFileSync((await download.path()) as string, 'utf8')
        .trim()
        .split('\n');
      expect(csv[0]).toBe('id,url,partnerId,partnerName,neighbourhoodId,neighbourhoodName');
      expect(csv).toHaveLength(6);
      for (const row of csv.slice(1)) expect(row).toMatch(/,pcn,Riverside PCN,north,North$/);
      tokens = csv.slice(1).map((row) => (row.split(',')[1] as string).split('/s/')[1] as string);
      await page.goto(`${stack.url}${base}/links`);
      expect(await page.locator('table').first().innerText()).toMatch(/Riverside PCN\s+North\s+5\s+0/);

      // 5. Answer through the 5 links (as respondents, in their own browser sessions).
      const respondent = await browser.newContext();
      for (const [i, token] of tokens.entries()) {
        const p = await respondent.newPage();
        await p.goto(`${stack.url}/s/${token}`);
        await p.check(`#q-sp1${i % 2 === 0 ? '' : '-4'}`);
        await p.check('#q-tr1-4');
        await p.fill('#q-sp-comment', `Comment ${i}`);
        await p.click('button[type=submit]');
        expect(await p.locator('h1').innerText()).toContain('Thank you');
        await p.close();
      }
      await respondent.close();
      await page.goto(`${stack.url}${waveUrl}`);
      expect(await page.locator('main').innerText()).toMatch(/5 of 5 invited \(100%\)/);
      expect(await page.locator('table').first().innerText()).toMatch(/Riverside PCN\s+5\s+5\s+100%/);
      await shot(page, 'wave-open');

      // 6. Close the wave: the page says when its figures appear.
      await page.click('button:has-text("Close wave")');
      expect(await heading(page)).toMatch(/closed$/);
      expect(await page.locator('main').innerText()).toMatch(
        /Figures for this wave appear at .+5 minutes after it closed/,
      );
      await expectAccessible(page, 'wave (just closed)');
      await page.goto(`${stack.url}${base}/results`);
      expect(await page.locator('main').innerText()).toContain('Figures for this wave appear at');

      // 7. Six minutes later (the stack's clock, not a sleep) the figures have settled.
      offsetMs += 6 * 60_000;
      await page.reload();
      const results = await page.locator('main').innerText();
      expect(results).toContain('5 of 5 invited people answered');
      expect(results).toMatch(/Shared purpose\s+5\s+[\d.]+\s+\d+%\s+(Strength|Borderline|Concern)/);
      expect(results).toContain('Fewer than 10 comments: not shown');
      expect(results, 'only the characteristics the wave asked about').not.toContain('Leadership');
      await expectAccessible(page, 'results');
      await shot(page, 'results');
      const [figures] = await Promise.all([page.waitForEvent('download'), page.click('text=Figures as CSV')]);
      expect(readFileSync((await figures.path()) as string, 'utf8')).toContain('shared-purpose');
      // The full results report opens from the results page, behind the same session.
      await page.click('text=Open the full results report');
      expect(await page.locator('h1').innerText()).toMatch(/results for round/);
      expect(await page.locator('main, body').first().innerText()).toContain('Shared purpose');
      await expectAccessible(page, 'results report');
      await page.goBack();

      // 8. Revoke the partner's links in bulk, after a confirmation page.
      await page.goto(`${stack.url}${base}/links`);
      await page.selectOption('#revoke-partner', 'pcn');
      await page.click('button:has-text("Continue")');
      expect(await heading(page)).toBe('Revoke 5 links?');
      await expectAccessible(page, 'revoke confirmation');
      await page.click('button:has-text("Yes, revoke them")');
      expect(await page.locator('.nhsuk-notification-banner').innerText()).toContain('revoked');
      expect(await page.locator('table').first().innerText()).toMatch(/Riverside PCN\s+North\s+0\s+5/);
      expect((await http(stack.url).get(`/api/s/${tokens[0]}`)).status).toBe(404);

      // 9. Sign out.
      await page.click('button:has-text("Sign out")');
      expect(new URL(page.url()).pathname).toBe('/console/sign-in');
      expect(await page.locator('main').innerText()).toContain('You have signed out');
      expect((await context.cookies()).find((k) => k.name === 'pulse-console')).toBeUndefined();

      await shot(page, 'signed-out');
      expect(problems).toEqual([]);
    },
    TIMEOUT,
  );

  it('sends every page back to sign-in once signed out', async () => {
    expect(visited.size).toBeGreaterThan(8);
    for (const path of [...visited].filter((p) => p !== '/console/sign-in')) {
      const res = await fetch(`${stack.url}${path}`, { redirect: 'manual' });
      expect([path, res.status, res.headers.get('location')]).toEqual([path, 303, '/console/sign-in']);
    }
    await context.close();
  });
});
