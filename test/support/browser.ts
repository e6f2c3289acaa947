import type { AxeBuilder } from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs it when missing). */
const CHROMIUM = '/usr/bin/chromium';

/** Headless Chromium as every browser test launches it (flags measured on these machines, see STACK.md). */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

/** axe's violations as an assertion message: rule, help and where, one node a line. */
export const describeViolations = (violations: Violation[]): string =>
  violations
    .map(
      (v) =>
        `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${v.nodes
          .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\n/g, ' ')}`)
          .join('\n')}`,
    )
    .join('\n');

/** The page's full width and its viewport's: the page scrolls sideways when the first is larger. */
export const pageWidths = (page: Page): Promise<{ scrollWidth: number; clientWidth: number }> =>
  // A string, evaluated in the page: this project's TypeScript has no DOM types.
  page.evaluate(
    '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })',
  );
