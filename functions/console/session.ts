import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { type HttpEvent, header } from '../../lib/http/types.js';

/** How long a console session lasts from sign-in, whatever happens in between. */
const SESSION_HOURS = 8;
/** How long a sign-in may take (the sign-in form, or the round trip to Cognito's managed login). */
const SIGN_IN_MINUTES = 10;

/** Who is signed in: their name for the header, and their groups for the admin API's rules. */
export interface ConsoleUser {
  /** Cognito's `sub`; null for the local admin token, which stands for no user. */
  sub: string | null;
  /** The username the audit trail records (Cognito's `cognito:username`, or the local admin). */
  username: string;
  /** What the header shows (the e-mail address on AWS). */
  name: string;
  groups: string[];
}

const sessionSchema = z.object({
  sub: z.string().nullable(),
  username: z.string(),
  name: z.string(),
  groups: z.array(z.string()),
  /** Random per sign-in: the CSRF token is bound to it. */
  sid: z.string(),
  /** Expiry, in seconds since the epoch, inside the signed payload so it cannot be extended. */
  exp: z.number(),
});
export type Session = z.infer<typeof sessionSchema>;

/**
 * Stateless, signed sessions: the cookie holds the user and an expiry, with an HMAC over both under
 * a key derived from the server's HMAC secret (so a table dump, which never holds the secret, cannot
 * forge one). It holds no token, and the cookie is HttpOnly: nothing readable by JavaScript.
 */
export const sessionKeys = (hmacSecret: Buffer) => {
  const key = createHmac('sha256', hmacSecret).update('pulse-console-session-v1').digest();
  const mac = (purpose: string, text: string) =>
    createHmac('sha256', key).update(`${purpose}\u0000${text}`).digest('base64url');
  const seal = (purpose: string, payload: unknown) => {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${mac(purpose, body)}`;
  };
  const open = (purpose: string, value: string | undefined): unknown => {
    const [body, tag, extra] = (value ?? '').split('.');
    if (!body || !tag || extra !== undefined || !sameText(tag, mac(purpose, body))) return null;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
  };
  return {
    /** A new session for `user`, valid for SESSION_HOURS from `now`. */
    create: (user: ConsoleUser, now: Date): Session => ({
      ...user,
      sid: randomBytes(16).toString('base64url'),
      exp: Math.floor(now.getTime() / 1000) + SESSION_HOURS * 3600,
    }),
    sealSession: (session: Session) => seal('session', session),
    /** The session in a cookie value, or null when it is missing, forged, malformed or expired. */
    openSession: (value: string | undefined, now: Date): Session | null => {
      const parsed = sessionSchema.safeParse(open('session', value));
      if (!parsed.success || parsed.data.exp * 1000 <= now.getTime()) return null;
      return parsed.data;
    },
    /** Short-lived signed state (the sign-in form's nonce, or PKCE verifier, state and nonce). */
    sealState: (state: Record<string, string>, now: Date) =>
      seal('state', { ...state, exp: Math.floor(now.getTime() / 1000) + SIGN_IN_MINUTES * 60 }),
    openState: (value: string | undefined, now: Date): Record<string, string> | null => {
      const state = open('state', value) as Record<string, unknown> | null;
      if (!state || typeof state.exp !== 'number' || state.exp * 1000 <= now.getTime()) return null;
      const { exp: _exp, ...rest } = state;
      return Object.values(rest).every((v) => typeof v === 'string')
        ? (rest as Record<string, string>)
        : null;
    },
    /** The synchronizer token for forms, bound to one session (or one sign-in attempt). */
    csrfToken: (boundTo: string) => mac('csrf', boundTo),
    checkCsrf: (boundTo: string, presented: unknown) =>
      typeof presented === 'string' && sameText(presented, mac('csrf', boundTo)),
  };
};
export type SessionKeys = ReturnType<typeof sessionKeys>;

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The cookies the console sets. Over https the `__Host-` prefix pins them to this origin. */
const cookieNames = (secure: boolean) => ({
  session: secure ? '__Host-pulse-console' : 'pulse-console',
  state: secure ? '__Host-pulse-console-signin' : 'pulse-console-signin',
});
export type CookieName = keyof ReturnType<typeof cookieNames>;

const isHttps = (event: HttpEvent) => (header(event, 'x-forwarded-proto') ?? 'https') === 'https';

export const readCookie = (event: HttpEvent, which: CookieName): string | undefined => {
  const name = cookieNames(isHttps(event))[which];
  for (const cookie of event.cookies ?? []) {
    const at = cookie.indexOf('=');
    if (at > 0 && cookie.slice(0, at).trim() === name) return cookie.slice(at + 1).trim();
  }
  return undefined;
};

/**
 * A console cookie: HttpOnly always, Secure over https, SameSite=Strict for the session. The sign-in
 * state must survive the redirect back from Cognito, a cross-site navigation, so it is Lax.
 */
export const setCookie = (
  event: HttpEvent,
  which: CookieName,
  value: string,
  maxAgeSeconds: number,
): string => {
  const secure = isHttps(event);
  return [
    `${cookieNames(secure)[which]}=${value}`,
    'Path=/',
    'HttpOnly',
    secure ? 'Secure' : undefined,
    `SameSite=${which === 'session' ? 'Strict' : 'Lax'}`,
    `Max-Age=${maxAgeSeconds}`,
  ]
    .filter(Boolean)
    .join('; ');
};

export const clearCookie = (event: HttpEvent, which: CookieName) => setCookie(event, which, '', 0);

export const SIGN_IN_STATE_SECONDS = SIGN_IN_MINUTES * 60;
export const SESSION_SECONDS = SESSION_HOURS * 3600;
