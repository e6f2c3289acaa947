import type { AppDeps } from '../../lib/app/deps.js';
import { formatLocal } from '../../lib/domain/time.js';
import { NoOpenWaveError, UnknownLinkError } from '../../lib/errors.js';
import { htmlPage } from '../../lib/http/html.js';
import { httpFunction } from '../../lib/http/http-function.js';
import { type ExposedError, errorJson } from '../../lib/http/middleware.js';
import type { HttpEvent, HttpResult } from '../../lib/http/types.js';
import { createLogger } from '../../lib/logger.js';
import { createMetrics } from '../../lib/metrics.js';
import { renderMessagePage } from '../../lib/views/pages.js';
import { respondentRoutes } from './routes.js';

/** Friendly pages for the HTML routes; the JSON API answers `{error, issues}` (plus `nextOpensAt` on 409). */
const renderError = (event: HttpEvent, error: ExposedError, cause: unknown): HttpResult | undefined => {
  const isHtml = event.routeKey.startsWith('GET /s/') || event.routeKey.startsWith('POST /s/');
  if (!isHtml) {
    return cause instanceof NoOpenWaveError
      ? errorJson({ ...error, extra: { nextOpensAt: cause.nextOpensAt } })
      : undefined;
  }
  if (cause instanceof UnknownLinkError) {
    return htmlPage(
      404,
      renderMessagePage({
        title: 'Link not recognised',
        heading: 'This survey link is not recognised',
        paragraphs: [
          'Check that you copied the whole link from your invitation. If it still does not work, it may have been withdrawn: ask the person who invited you for a new one.',
        ],
      }),
    );
  }
  if (cause instanceof NoOpenWaveError) {
    return htmlPage(
      200,
      renderMessagePage({
        title: 'Survey not open',
        heading: 'The survey is not open at the moment',
        paragraphs: [nextRoundText(cause)],
      }),
    );
  }
  return htmlPage(
    error.status,
    renderMessagePage({
      title: 'Sorry, there is a problem',
      heading:
        error.status >= 500 ? 'Sorry, there is a problem with the service' : 'Sorry, we could not do that',
      paragraphs:
        error.status >= 500
          ? [
              'Please try again later.',
              // The same id as the log lines, so whoever supports the survey can find what happened.
              `If it keeps happening, tell the person who invited you and quote reference ${String(error.extra?.requestId ?? 'unknown')}.`,
            ]
          : [error.message],
    }),
  );
};

const SUBMISSIONS = { ok: 'ResponsesSubmitted', rejected: 'SubmissionsRejected' };

const nextRoundText = (cause: NoOpenWaveError): string => {
  if (!cause.nextOpensAt) return 'Your link will work again when the next round opens.';
  if (Date.parse(cause.nextOpensAt) <= Date.now()) {
    return 'The next round is opening now. Please try your link again in an hour or so.';
  }
  return `The next round opens on ${formatLocal(cause.nextOpensAt, cause.timeZone)}. Your link will work again then.`;
};

export const createRespondentHandler = (deps: AppDeps) =>
  httpFunction({
    deps,
    logger: createLogger('respondent'),
    metrics: createMetrics('respondent'),
    outcomes: { 'PUT /api/s/{token}/response': SUBMISSIONS, 'POST /s/{token}': SUBMISSIONS },
    routes: respondentRoutes,
    formRoutes: ['POST /s/{token}'],
    renderError,
  });
