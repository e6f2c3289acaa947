import type { SupportTeamDeps } from '../../lib/app/job-deps.js';
import type { RuntimeConfig } from '../../lib/config.js';
import type { Actor } from '../../lib/domain/audit.js';
import { ForbiddenError } from '../../lib/errors.js';
import { redirect } from '../../lib/http/html.js';
import { type HttpEvent, type HttpResult, header, originOf } from '../../lib/http/types.js';
import { mayAccess } from '../admin/auth.js';
import type { SignInProvider } from './cognito.js';
import { readCookie, type Session, type SessionKeys } from './session.js';

/** What every console route is given. */
export interface ConsoleDeps {
  app: SupportTeamDeps;
  keys: SessionKeys;
  config: Pick<RuntimeConfig, 'mode' | 'adminToken' | 'adminGroup'> & { consoleUrl?: string };
  /** Cognito managed login on AWS; none locally, where the admin token signs in. */
  signIn?: SignInProvider;
}

/** The signed-in user as a page sees them. */
export interface Viewer {
  session: Session;
  /** Who acts, for the audit trail: the same username and sub as the admin API records. */
  actor: Actor;
  csrf: string;
  account: { name: string; csrf: string };
}

export type ConsoleRoute = (deps: ConsoleDeps, event: HttpEvent) => Promise<HttpResult>;
export type SignedInRoute = (deps: ConsoleDeps, event: HttpEvent, viewer: Viewer) => Promise<HttpResult>;

export const SIGN_IN_PATH = '/console/sign-in';

/**
 * The console's public origin: PULSE_PUBLIC_BASE_URL (CloudFront or the custom domain, whose host
 * the API never sees), else the origin the request came in on (the local stack).
 */
export const consoleOrigin = (deps: ConsoleDeps, event: HttpEvent) =>
  deps.config.consoleUrl ? new URL(deps.config.consoleUrl).origin : originOf(event);

/**
 * A POST must come from a console page: from our own origin, and carrying the CSRF token bound to
 * the session (or to the sign-in attempt). Either failing is a 403 and nothing happens. Our pages
 * send `Referrer-Policy: no-referrer`, so browsers send their forms with `Origin: null`: then
 * Sec-Fetch-Site must say same-origin (a request with neither header is not from a browser, and
 * still needs the token).
 */
export const checkPost = (deps: ConsoleDeps, event: HttpEvent, boundTo: string, presented: unknown) => {
  const origin = header(event, 'origin');
  const site = header(event, 'sec-fetch-site');
  const fromElsewhere =
    origin !== undefined && origin !== 'null'
      ? origin !== consoleOrigin(deps, event)
      : site !== undefined
        ? site !== 'same-origin'
        : origin === 'null';
  if (fromElsewhere) {
    throw new ForbiddenError('This form was sent from another site, so it was not accepted.');
  }
  if (!deps.keys.checkCsrf(boundTo, presented)) {
    throw new ForbiddenError(
      'This form has expired or did not come from the console. Go back, reload the page and try again.',
    );
  }
};

/** Any support-team group at all: the whole team, or one collaboration's. */
const inSupportTeam = (groups: readonly string[], adminGroup: string) =>
  groups.some((g) => g === adminGroup || g.startsWith(`${adminGroup}:`));

/**
 * Wraps a page that needs a signed-in user with the admin API's group rules: no valid session
 * (missing, forged, expired) goes to sign-in; a POST must pass `checkPost`; a collaboration's pages
 * need the support-team group or that collaboration's own group (403 page otherwise).
 */
export const signedIn =
  (route: SignedInRoute): ConsoleRoute =>
  async (deps, event) => {
    const session = deps.keys.openSession(readCookie(event, 'session'), deps.app.now());
    if (!session) return redirect(SIGN_IN_PATH);
    const isPost = event.requestContext.http.method === 'POST';
    if (isPost) {
      const body = (event.body ?? {}) as Record<string, unknown>;
      checkPost(deps, event, session.sid, body.csrf);
    }
    const collaborationId = event.pathParameters?.c;
    const allowed =
      collaborationId === undefined
        ? inSupportTeam(session.groups, deps.config.adminGroup)
        : mayAccess(session.groups, deps.config.adminGroup, collaborationId);
    if (!allowed) {
      throw new ForbiddenError(
        collaborationId
          ? `Your account is not in the "${deps.config.adminGroup}" group or the "${deps.config.adminGroup}:${collaborationId}" group, which this collaboration needs.`
          : `Your account is not in the "${deps.config.adminGroup}" group. Ask an administrator to add you.`,
      );
    }
    const csrf = deps.keys.csrfToken(session.sid);
    const actor = { username: session.username, sub: session.sub, requestId: event.requestContext.requestId };
    return route(deps, event, { session, actor, csrf, account: { name: session.name, csrf } });
  };

/** Whether the viewer may act on every collaboration (create new ones, see them all). */
export const isWholeTeam = (deps: ConsoleDeps, viewer: Viewer) =>
  viewer.session.groups.includes(deps.config.adminGroup);
