import type { HttpResult } from './types.js';

/** Privacy rule 8: no caching, no referrer, a strict CSP that forbids framing and inline code. */
export const HTML_SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
} as const;

export const htmlPage = (
  statusCode: number,
  body: string,
  headers: Record<string, string> = {},
): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'text/html; charset=utf-8', ...HTML_SECURITY_HEADERS, ...headers },
  body,
});

/** 303 See Other: after a POST the browser GETs the next page, so a refresh cannot resubmit. */
export const redirect = (location: string, headers: Record<string, string> = {}): HttpResult => ({
  statusCode: 303,
  headers: { location, ...HTML_SECURITY_HEADERS, ...headers },
});
