import type { SupportTeamDeps } from '../../lib/app/job-deps.js';
import type { RuntimeConfig } from '../../lib/config.js';
import { htmlPage } from '../../lib/http/html.js';
import { httpFunction } from '../../lib/http/http-function.js';
import type { ExposedError } from '../../lib/http/middleware.js';
import type { HttpEvent, HttpResult } from '../../lib/http/types.js';
import { createLogger } from '../../lib/logger.js';
import { createMetrics } from '../../lib/metrics.js';
import { renderConsolePage } from '../../lib/views/console/pages.js';
import { validPathIds } from '../admin/path-ids.js';
import { FUNCTION_ROUTES } from '../routes.js';
import { type ConsoleDeps, SIGN_IN_PATH } from './auth.js';
import { type CognitoOptions, cognitoSignIn } from './cognito.js';
import { pageRoutes } from './routes.js';
import { sessionKeys } from './session.js';
import { signInRoutes } from './sign-in.js';

export type ConsoleConfig = Pick<
  RuntimeConfig,
  'mode' | 'adminToken' | 'adminGroup' | 'console' | 'publicBaseUrl'
>;

/** Every console error is a page: 401 back to sign-in, 403 "no access", 404, and a plain 500. */
const renderError = (_event: HttpEvent, error: ExposedError): HttpResult => {
  const pages: Record<
    number,
    { heading: string; paragraphs: string[]; back?: { href: string; text: string } }
  > = {
    401: {
      heading: 'You need to sign in again',
      paragraphs: [error.message],
      back: { href: SIGN_IN_PATH, text: 'Sign in' },
    },
    403: {
      heading: 'You do not have access to this',
      paragraphs: [error.message],
      back: { href: '/console/collaborations', text: 'Go to your collaborations' },
    },
    404: {
      heading: 'Page not found',
      paragraphs: ['Check the address, or start again from your collaborations.'],
      back: { href: '/console/collaborations', text: 'Go to your collaborations' },
    },
  };
  const known = pages[error.status];
  const shown =
    known ??
    (error.status >= 500
      ? {
          heading: 'Sorry, there is a problem with the service',
          paragraphs: [
            'Please try again later. If it keeps happening, quote this reference to whoever runs the service:',
            String(error.extra?.requestId ?? ''),
          ],
        }
      : {
          heading: 'Sorry, that could not be done',
          paragraphs: [error.message],
          back: { href: '/console/collaborations', text: 'Go to your collaborations' },
        });
  return htmlPage(error.status, renderConsolePage('message', shown, { title: shown.heading }));
};

/**
 * The support console: server-rendered pages over the same use cases as `/admin`, behind a signed
 * session cookie (the function authenticates it itself: API Gateway has no authorizer on these
 * routes). Locally the admin token signs in; on AWS, Cognito's managed login.
 */
export const createConsoleHandler = (
  app: SupportTeamDeps,
  config: ConsoleConfig,
  cognito: CognitoOptions = {},
) => {
  const { userPoolId, clientId, signInDomain } = config.console;
  if (config.mode === 'aws' && !(userPoolId && clientId && signInDomain)) {
    throw new Error(
      'The console needs PULSE_USER_POOL_ID, PULSE_CONSOLE_CLIENT_ID and PULSE_SIGN_IN_DOMAIN on AWS',
    );
  }
  const deps: ConsoleDeps = {
    app,
    keys: sessionKeys(app.hmacSecret),
    config: {
      mode: config.mode,
      adminToken: config.adminToken,
      adminGroup: config.adminGroup,
      consoleUrl: config.publicBaseUrl,
    },
    signIn:
      config.mode === 'aws' && userPoolId && clientId && signInDomain
        ? cognitoSignIn({ userPoolId, clientId, domain: signInDomain }, cognito)
        : undefined,
  };
  return httpFunction({
    deps,
    logger: createLogger('console'),
    metrics: createMetrics('console'),
    routes: { ...signInRoutes, ...pageRoutes },
    formRoutes: FUNCTION_ROUTES.console.filter((r) => r.startsWith('POST ')),
    before: [validPathIds()],
    renderError,
  });
};
