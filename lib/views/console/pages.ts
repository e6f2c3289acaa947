import { Eta } from 'eta/core';
import { page } from '../pages.js';
import * as templates from './templates.js';

const eta = new Eta({ autoEscape: true, autoTrim: [false, 'nl'] });
for (const [name, template] of Object.entries(templates)) eta.loadTemplate(`@${name}`, template);

export type ConsoleTemplate = Exclude<keyof typeof templates, 'chrome' | 'input' | 'select'>;

/** An error in the summary: `href` is the id of the field it belongs to, when there is one. */
export interface SummaryError {
  href?: string;
  message: string;
}

export interface ConsolePageFrame {
  title: string;
  /** The signed-in user and the CSRF token for the header's sign-out form; none on the sign-in page. */
  account?: { name: string; csrf: string };
  crumbs?: { href: string; text: string }[];
  /** A one-line confirmation of what was just done (after a redirect). */
  notice?: string;
  errors?: SummaryError[];
}

const CONSOLE_SERVICE_NAME = 'Alliance Pulse support console';

/** A console page: breadcrumbs, notice and error summary around the page's own template. */
export const renderConsolePage = (
  template: ConsoleTemplate,
  data: Record<string, unknown>,
  frame: ConsolePageFrame,
): string => {
  const errors = frame.errors ?? [];
  const body = eta.render('@chrome', {
    crumbs: frame.crumbs ?? [],
    notice: frame.notice,
    errors,
    body: eta.render(`@${template}`, data),
  });
  // "Error: " first in the title, so screen reader users hear at once that the form needs fixing.
  const title = errors.length > 0 ? `Error: ${frame.title}` : frame.title;
  return page(title, body, CONSOLE_SERVICE_NAME, frame.account);
};
