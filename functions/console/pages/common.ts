import type { Collaboration } from '../../../lib/domain/collaboration.js';
import { idSchema } from '../../../lib/domain/ids.js';
import type { Survey } from '../../../lib/domain/survey.js';
import { formatLocal, fromLocal } from '../../../lib/domain/time.js';
import type { WaveStatus } from '../../../lib/domain/wave.js';
import { SETTLE_AFTER_MS as FREEZE_AFTER_MS } from '../../../lib/domain/wave.js';
import { ValidationError } from '../../../lib/errors.js';
import { htmlPage } from '../../../lib/http/html.js';
import { type HttpEvent, type HttpResult, pathParam } from '../../../lib/http/types.js';
import {
  type ConsolePageFrame,
  type ConsoleTemplate,
  renderConsolePage,
} from '../../../lib/views/console/pages.js';
import type { Viewer } from '../auth.js';

/** What the console's pages share: addresses, the page frame, notices, labels and dates. */
export const COLLABORATIONS = '/console/collaborations';
export const collaborationPath = (c: string) => `${COLLABORATIONS}/${c}`;
export const surveyPath = (c: string, s: string) => `${collaborationPath(c)}/surveys/${s}`;

/** Ids a console address uses for its own pages, so they cannot name a collaboration or survey. */
const RESERVED_IDS = new Set(['new']);

/**
 * A new collaboration's or survey's id comes from the form, not the path: it must be well formed
 * (the admin API checks its path the same way) and not taken, or the form would replace another.
 */
export const assertFreeId = async (id: string, existing: () => Promise<unknown>) => {
  const message = !idSchema.safeParse(id).success
    ? 'Enter an id of lower-case letters, digits and single hyphens, e.g. south-east-essex'
    : RESERVED_IDS.has(id) || (await existing()) !== null
      ? `The id "${id}" is already taken: choose another`
      : null;
  if (message) throw new ValidationError('The id is not valid', [{ path: 'id', message }]);
};

export const show = (
  status: number,
  template: ConsoleTemplate,
  data: Record<string, unknown>,
  viewer: Viewer,
  frame: Omit<ConsolePageFrame, 'account'>,
): HttpResult => htmlPage(status, renderConsolePage(template, data, { ...frame, account: viewer.account }));

/** A short confirmation shown once after a redirect (`?done=`), from a fixed list: never echoed text. */
const NOTICES: Record<string, string> = {
  saved: 'Your changes have been saved.',
  opened: 'The wave is open: links accept answers now.',
  moved: 'The closing time has been moved.',
  closed: 'The wave is closed. Its figures appear 5 minutes after closing.',
  revoked: 'The links have been revoked.',
};
export const noticeOf = (event: HttpEvent) => NOTICES[event.queryStringParameters?.done ?? ''];

export const crumbsFor = (c?: Collaboration, s?: Survey) => [
  { href: COLLABORATIONS, text: 'Collaborations' },
  ...(c ? [{ href: collaborationPath(c.id), text: c.name }] : []),
  ...(c && s ? [{ href: surveyPath(c.id, s.id), text: s.title }] : []),
];

export const ids = (event: HttpEvent) => ({
  c: pathParam(event, 'c'),
  s: event.pathParameters?.s ?? '',
  w: event.pathParameters?.w ?? '',
});

export const percent = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 100)}%`);

export const STATUS_TAGS: Record<WaveStatus, string> = {
  open: 'nhsuk-tag--green',
  scheduled: 'nhsuk-tag--blue',
  closed: 'nhsuk-tag--grey',
};

/** "every 13 weeks, open for 14 days, from Monday 4 January 2027 at 09:00". */
export const cadenceInWords = (survey: Survey, timeZone: string) => {
  const { intervalDays, waveLengthDays, firstWaveOpensAt } = survey.cadence;
  const every =
    intervalDays % 7 === 0
      ? intervalDays === 7
        ? 'every week'
        : `every ${intervalDays / 7} weeks`
      : intervalDays === 1
        ? 'every day'
        : `every ${intervalDays} days`;
  const length = waveLengthDays === 1 ? '1 day' : `${waveLengthDays} days`;
  return `${every}, open for ${length}, from ${formatLocal(fromLocal(firstWaveOpensAt, timeZone), timeZone)}`;
};

/** When a closed wave's figures appear (they settle 5 minutes after closing), or null once they have. */
export const figuresPending = (closesAt: string, timeZone: string, now: Date): string | null => {
  const at = Date.parse(closesAt) + FREEZE_AFTER_MS;
  if (now.getTime() >= at) return null;
  return `Figures for this wave appear at ${formatLocal(new Date(at), timeZone)}, 5 minutes after it closed, so that answers sent just before closing are counted. Reload this page then.`;
};
