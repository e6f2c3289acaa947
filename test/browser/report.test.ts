import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, seedDemo } from '../../infra/local/seed.js';
import { describeViolations, launchChromium, pageWidths } from '../support/browser.js';
import { http, startTestStack, TEST_ADMIN_TOKEN, type TestStack } from '../support/stack.js';

/**
 * The demo survey's results report in a real browser (Debian's Chromium via playwright-core), served
 * by the admin route of the whole local stack in-process: axe, the names it must show, disclosure
 * control, print to A4 PDF, and no sideways scrolling on a desktop or a phone.
 */

/** Browser globals used inside page.evaluate callbacks (the project's tsconfig has no DOM lib). */
declare const getComputedStyle: (element: unknown) => { breakInside: string; breakBefore: string };

// Each report request computes the snapshot with its disclosure audit: slow on a loaded machine.
const TIMEOUT = 300_000;
const A4_HEIGHT_PX = (297 / 25.4) * 96;

let stack: TestStack;
let browser: Browser;
let context: BrowserContext;
let reportUrl: string;

beforeAll(async () => {
  stack = await startTestStack();
  await seedDemo(stack.deps, '', () => {});
  reportUrl = `${stack.url}/admin/collaborations/${DEMO.collaborationId}/surveys/${DEMO.surveyId}/report`;
  browser = await launchChromium();
  // The route needs the bearer token; the browser sends it with every request of this context.
  context = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, TIMEOUT);

/** Opens the report, failing on any console error (a CSP violation would be one) or request elsewhere. */
const openReport = async (width: number): Promise<Page> => {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const res = await page.goto(reportUrl);
  expect(res?.status()).toBe(200);
  expect(problems).toEqual([]);
  expect(requests).toEqual([reportUrl]);
  return page;
};

describe('the demo survey’s results report', () => {
  it(
    'has no axe violations at 1280 and 390 px',
    async () => {
      for (const width of [1280, 390]) {
        const page = await openReport(width);
        const results = await new AxeBuilder({ page }).analyze();
        expect(results.violations, `at ${width} px:\n${describeViolations(results.violations)}`).toEqual([]);
        expect(results.passes.length).toBeGreaterThan(10);
        await page.close();
      }
    },
    TIMEOUT,
  );

  it(
    'names every characteristic, neighbourhood and sector, and shows no number for a suppressed cell',
    async () => {
      const api = http(stack.url);
      const snapshot = (
        await api.get(`/admin/collaborations/${DEMO.collaborationId}/surveys/${DEMO.surveyId}/aggregates`, {
          admin: true,
        })
      ).json as { characteristics: { name: string }[]; segments: { name: string }[] };
      const page = await openReport(1280);
      const text = await page.locator('main').textContent();
      const names = [...snapshot.characteristics, ...snapshot.segments].map((x) => x.name);
      expect(names.length).toBeGreaterThan(8 + 9);
      for (const name of names) expect(text ?? '', name).toContain(name);

      const suppressed = await page.locator('td[data-state=suppressed]').allInnerTexts();
      expect(suppressed.length, 'the demo has a neighbourhood too small to report on').toBeGreaterThan(0);
      // Great Wakering (4 links) is too small; another neighbourhood is hidden to protect it.
      expect(suppressed.map((cell) => cell.trim())).toContain('fewer than 5 responses');
      for (const cell of suppressed)
        expect(['fewer than 5 responses', 'hidden to protect privacy']).toContain(cell.trim());
      await page.close();
    },
    TIMEOUT,
  );

  it(
    'prints to at least two A4 pages with no chart split by a page break',
    async () => {
      const page = await openReport(1280);
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
      expect(pages).toBeGreaterThanOrEqual(2);

      await page.emulateMedia({ media: 'print' });
      const charts = await page.locator('figure.chart').evaluateAll((figures) =>
        figures.map((f) => ({
          breakInside: getComputedStyle(f).breakInside,
          height: f.getBoundingClientRect().height,
        })),
      );
      expect(charts.length).toBeGreaterThan(8);
      for (const chart of charts) {
        // `break-inside: avoid` keeps a chart whole as long as it fits on one page, which each does.
        expect(chart.breakInside).toBe('avoid');
        expect(chart.height).toBeLessThan(A4_HEIGHT_PX - 2 * 57);
      }
      const sectionBreaks = await page
        .locator('section:not(.intro)')
        .evaluateAll((sections) => sections.map((s) => getComputedStyle(s).breakBefore));
      expect(new Set(sectionBreaks)).toEqual(new Set(['page']));
      await page.close();
    },
    TIMEOUT,
  );

  for (const width of [1280, 390]) {
    it(
      `needs no sideways scrolling at ${width} px`,
      async () => {
        const page = await openReport(width);
        const { scrollWidth, clientWidth } = await pageWidths(page);
        expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
        await page.screenshot({ path: join(tmpdir(), `pulse-report-${width}.png`), fullPage: true });
        await page.close();
      },
      TIMEOUT,
    );
  }
});
