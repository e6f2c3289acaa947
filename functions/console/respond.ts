import type { HttpResult } from '../../lib/http/types.js';

/** Adds Set-Cookie headers (API Gateway v2's `cookies`) to a response. */
export const withCookies = (result: HttpResult, cookies: string[]): HttpResult => ({
  ...result,
  cookies: [...(result.cookies ?? []), ...cookies],
});
