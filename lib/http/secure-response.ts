import { HTML_SECURITY_HEADERS } from './html.js';
import type { HttpResult } from './types.js';

/**
 * Privacy rule 8, for every response whatever produced it: no MIME sniffing, no referrer (paths hold
 * tokens), HTTPS only for two years (subdomains too: the API's custom domain is under the alliance's).
 */
export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
} as const;

const isHtml = (headers: HttpResult['headers']): boolean =>
  Object.entries(headers ?? {}).some(
    ([name, value]) => name.toLowerCase() === 'content-type' && /^\s*text\/html\b/i.test(String(value)),
  );

const hasHeader = (headers: HttpResult['headers'], wanted: string): boolean =>
  Object.keys(headers ?? {}).some((name) => name.toLowerCase() === wanted);

/**
 * Adds the security headers to a finished response. HTML (pages, error pages, redirects to pages)
 * also gets the CSP and framing rules; anything that did not choose its own caching is `no-store`,
 * since answers, links and figures must not sit in a shared cache. A route may choose its own CSP or
 * caching (assets are cached publicly); the three headers above always apply.
 */
export const secureResponse = (response: HttpResult): HttpResult => {
  const headers = { ...response.headers };
  const html = isHtml(headers) || (response.statusCode === 303 && hasHeader(headers, 'location'));
  return {
    ...response,
    headers: {
      ...(html ? HTML_SECURITY_HEADERS : {}),
      ...(hasHeader(headers, 'cache-control') ? {} : { 'cache-control': 'no-store' }),
      ...headers,
      ...SECURITY_HEADERS,
    },
  };
};
