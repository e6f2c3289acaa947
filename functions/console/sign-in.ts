import { randomBytes } from 'node:crypto';
import { secretsEqual } from '../../lib/crypto.js';
import { LOCAL_ADMIN } from '../../lib/domain/audit.js';
import { UnauthorizedError } from '../../lib/errors.js';
import { htmlPage, redirect } from '../../lib/http/html.js';
import type { HttpEvent } from '../../lib/http/types.js';
import { renderConsolePage } from '../../lib/views/console/pages.js';
import { CONSOLE_CALLBACK_PATH, CONSOLE_SIGNED_OUT_PATH } from '../routes.js';
import { type ConsoleDeps, type ConsoleRoute, checkPost, consoleOrigin, SIGN_IN_PATH } from './auth.js';
import type { SignInState } from './cognito.js';
import { field, fieldsOf } from './forms.js';
import { withCookies } from './respond.js';
import { clearCookie, readCookie, SESSION_SECONDS, SIGN_IN_STATE_SECONDS, setCookie } from './session.js';

const HOME = '/console/collaborations';

/** The local sign-in form, with a CSRF token bound to a nonce in a short-lived cookie (no session yet). */
const localForm = (deps: ConsoleDeps, event: HttpEvent, status: number, error?: string, message?: string) => {
  const now = deps.app.now();
  const nonce = randomBytes(16).toString('base64url');
  return withCookies(
    htmlPage(
      status,
      renderConsolePage(
        'signIn',
        { local: true, csrf: deps.keys.csrfToken(nonce), error, message },
        { title: 'Sign in', errors: error ? [{ href: 'token', message: error }] : [] },
      ),
    ),
    [setCookie(event, 'state', deps.keys.sealState({ nonce }, now), SIGN_IN_STATE_SECONDS)],
  );
};

const startSession = (
  deps: ConsoleDeps,
  event: HttpEvent,
  user: Parameters<ConsoleDeps['keys']['create']>[0],
) => {
  const session = deps.keys.create(user, deps.app.now());
  return [
    setCookie(event, 'session', deps.keys.sealSession(session), SESSION_SECONDS),
    clearCookie(event, 'state'),
  ];
};

export const signInRoutes: Record<string, ConsoleRoute> = {
  'GET /console': async (deps, event) => {
    const signedIn = deps.keys.openSession(readCookie(event, 'session'), deps.app.now());
    return redirect(signedIn ? HOME : SIGN_IN_PATH);
  },

  /**
   * Locally: the admin-token form. On AWS: a page with a button (`?go=1`) that starts the managed
   * login, so a bookmark or a redirect never starts a flow on its own.
   */
  'GET /console/sign-in': async (deps, event) => {
    const message = event.queryStringParameters?.signedOut !== undefined ? 'You have signed out.' : undefined;
    if (!deps.signIn) return localForm(deps, event, 200, undefined, message);
    if (event.queryStringParameters?.go === undefined) {
      return htmlPage(200, renderConsolePage('signIn', { local: false, message }, { title: 'Sign in' }));
    }
    const { url, state } = await deps.signIn.start(`${consoleOrigin(deps, event)}${CONSOLE_CALLBACK_PATH}`);
    return withCookies(redirect(url), [
      setCookie(event, 'state', deps.keys.sealState(state, deps.app.now()), SIGN_IN_STATE_SECONDS),
    ]);
  },

  /** Local mode only: the admin token, compared in constant time, starts a whole-team session. */
  'POST /console/sign-in': async (deps, event) => {
    if (deps.signIn || deps.config.mode !== 'local') return redirect(SIGN_IN_PATH);
    const fields = fieldsOf(event.body);
    const state = deps.keys.openState(readCookie(event, 'state'), deps.app.now());
    if (!state?.nonce)
      return localForm(deps, event, 400, undefined, 'The sign-in page expired. Please try again.');
    checkPost(deps, event, state.nonce, fields.csrf);
    const token = field(fields, 'token');
    if (!token) return localForm(deps, event, 422, 'Enter the admin token');
    if (!deps.config.adminToken || !secretsEqual(token, deps.config.adminToken)) {
      return localForm(deps, event, 401, 'The admin token is not right. Check the one npm start printed.');
    }
    const user = { sub: null, username: LOCAL_ADMIN, name: 'Local admin', groups: [deps.config.adminGroup] };
    return withCookies(redirect(HOME), startSession(deps, event, user));
  },

  /**
   * Cognito sends the browser back here with a code. The session cookie is SameSite=Strict, so a
   * redirect from this cross-site navigation would not carry it: a page with a link continues instead.
   */
  'GET /console/callback': async (deps, event) => {
    if (!deps.signIn) return redirect(SIGN_IN_PATH);
    const state = deps.keys.openState(readCookie(event, 'state'), deps.app.now()) as SignInState | null;
    if (!state?.verifier || !state.state || !state.nonce) {
      throw new UnauthorizedError('Sign-in took too long or was started elsewhere. Please try again.');
    }
    const origin = consoleOrigin(deps, event);
    const callback = new URL(`${origin}${CONSOLE_CALLBACK_PATH}?${event.rawQueryString ?? ''}`);
    const user = await deps.signIn.finish(callback, state, `${origin}${CONSOLE_CALLBACK_PATH}`);
    return withCookies(
      htmlPage(200, renderConsolePage('signedIn', { name: user.name }, { title: 'Signed in' })),
      startSession(deps, event, user),
    );
  },

  /** Ends the session (the cookie is cleared; on AWS the managed login's session too). */
  'POST /console/sign-out': async (deps, event) => {
    const session = deps.keys.openSession(readCookie(event, 'session'), deps.app.now());
    if (session) checkPost(deps, event, session.sid, fieldsOf(event.body).csrf);
    const back = `${consoleOrigin(deps, event)}${CONSOLE_SIGNED_OUT_PATH}`;
    return withCookies(redirect(deps.signIn ? deps.signIn.signOutUrl(back) : CONSOLE_SIGNED_OUT_PATH), [
      clearCookie(event, 'session'),
    ]);
  },
};
