import { type HttpEvent, header } from '../../lib/http/types.js';

const COOKIE = 'pulse_edit';

const isLocalHost = (event: HttpEvent) =>
  /^(localhost|127\.0\.0\.1)(:\d+)?$/.test(event.requestContext.domainName);

/** The cookie outlives the wave's planned close, so that extending the wave does not lose it. */
const KEEP_AFTER_CLOSE_SECONDS = 30 * 86_400;

/**
 * The edit key as a cookie (privacy rule 3): HttpOnly, SameSite=Strict, scoped to this link's path,
 * kept a while past the wave's closing time (the key only ever reads this wave's answers).
 * `Secure` everywhere but plain-HTTP localhost.
 */
export const editCookie = (event: HttpEvent, token: string, editKey: string, closesAt: string): string => {
  const maxAge =
    Math.max(0, Math.floor((Date.parse(closesAt) - Date.now()) / 1000)) + KEEP_AFTER_CLOSE_SECONDS;
  const secure = isLocalHost(event) && header(event, 'x-forwarded-proto') !== 'https' ? '' : '; Secure';
  return `${COOKIE}=${editKey}; Path=/s/${encodeURIComponent(token)}; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure}`;
};

export const readEditCookie = (event: HttpEvent): string | undefined => {
  const cookies = event.cookies ?? header(event, 'cookie')?.split(';') ?? [];
  for (const cookie of cookies) {
    const [name, ...value] = cookie.trim().split('=');
    if (name === COOKIE) return value.join('=');
  }
  return undefined;
};
