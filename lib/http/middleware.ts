import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { AppError, type Issue, ServiceUnavailableError, ValidationError } from '../errors.js';
import { MetricUnit } from '../metrics.js';
import { translateSdkError } from '../stores/sdk-errors.js';
import { type HttpEvent, type HttpResult, header, json } from './types.js';

type Middleware = middy.MiddlewareObj<HttpEvent, HttpResult>;

/** The largest request body any route accepts: a full survey document fits many times over. */
export const MAX_BODY_BYTES = 256 * 1024;

/** Rejects oversized bodies before anything parses them (413). */
export const bodyLimit = (maxBytes = MAX_BODY_BYTES): Middleware => ({
  before: ({ event }) => {
    if (typeof event.body !== 'string') return;
    const bytes = event.isBase64Encoded
      ? Math.floor((event.body.length * 3) / 4)
      : Buffer.byteLength(event.body);
    if (bytes > maxBytes) {
      throw new ValidationError(
        `The request body is larger than ${maxBytes} bytes`,
        [{ path: '', message: `At most ${maxBytes} bytes` }],
        413,
      );
    }
  },
});

/**
 * A request with no body (or an empty one) has nothing to parse, whatever its Content-Type says: the
 * header is dropped so the body parsers skip it, and the route sees `body` undefined.
 */
export const emptyBodyIsNoBody = (): Middleware => ({
  before: ({ event }) => {
    if (event.body !== undefined && event.body !== '') return;
    event.body = undefined;
    for (const name of Object.keys(event.headers ?? {})) {
      if (name.toLowerCase() === 'content-type') delete event.headers[name];
    }
  },
});

/**
 * A body must come in the media type its route reads: JSON everywhere except the survey form, which
 * browsers post form-urlencoded, and always UTF-8. Anything else is 415 rather than a confusing
 * validation error.
 */
export const requireMediaType = (formRoutes: readonly string[]): Middleware => ({
  before: ({ event }) => {
    if (event.body === undefined) return;
    const [essence = '', ...params] = (header(event, 'content-type') ?? '').split(';');
    const type = essence.trim().toLowerCase();
    const charset = params
      .map((p) => p.split('='))
      .find(([name]) => name?.trim().toLowerCase() === 'charset')?.[1]
      ?.trim()
      .replace(/^"|"$/g, '')
      .toLowerCase();
    const form = formRoutes.includes(event.routeKey);
    const ok =
      (form ? type === 'application/x-www-form-urlencoded' : /^application\/([\w.+-]+\+)?json$/.test(type)) &&
      (charset === undefined || charset === 'utf-8' || charset === 'utf8');
    if (!ok) {
      const wanted = form ? 'application/x-www-form-urlencoded' : 'application/json';
      throw new ValidationError(
        `Send the body as ${wanted} in UTF-8`,
        [{ path: '', message: `Content-Type must be ${wanted} (charset utf-8, if given)` }],
        415,
      );
    }
  },
});

/**
 * Parses a JSON route's body (the media type has been checked): text that is not JSON at all is a
 * malformed request (400); JSON that breaks the rules is for the route's schema to reject (422).
 */
export const jsonBody = (formRoutes: readonly string[]): Middleware => ({
  before: ({ event }) => {
    if (typeof event.body !== 'string' || formRoutes.includes(event.routeKey)) return;
    const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    try {
      (event as { body: unknown }).body = JSON.parse(text);
    } catch {
      throw new ValidationError('The body is not valid JSON', [{ path: '', message: 'Malformed JSON' }], 400);
    }
  },
});

/**
 * Counts every response by status class (`Http2xx` … `Http5xx`, per function) and, per route,
 * successful requests and rejected input (4xx), e.g. responses submitted. Runs after the error
 * handler has turned errors into responses, and before Powertools' `logMetrics` publishes them (every
 * request has a metric, so `logMetrics` never warns about publishing nothing).
 */
export const countOutcomes = (
  metrics: Metrics,
  outcomes: Partial<Record<string, { ok: string; rejected: string }>>,
): Middleware => {
  const count = (request: middy.Request<HttpEvent, HttpResult>) => {
    const status = request.response?.statusCode ?? 500;
    metrics.addMetric(`Http${Math.floor(status / 100)}xx`, MetricUnit.Count, 1);
    const names = outcomes[request.event.routeKey];
    if (!names || status >= 500) return;
    metrics.addMetric(status < 400 ? names.ok : names.rejected, MetricUnit.Count, 1);
  };
  return { after: count, onError: count };
};

export interface ExposedError {
  status: number;
  message: string;
  issues: Issue[];
  extra?: Record<string, unknown>;
  /** Headers the answer needs, e.g. `retry-after` on a 503. */
  headers?: Record<string, string>;
}

/**
 * What a caller may learn from an error: our own errors and middy's HTTP errors (e.g. malformed JSON)
 * below 500 keep their message; a backend that timed out or throttled us (after the SDK's retries)
 * is a 503 with Retry-After; anything else is a plain 500 with the request id.
 */
export const exposeError = (cause: unknown, requestId: string): ExposedError => {
  const error = translateSdkError(cause);
  if (error instanceof ServiceUnavailableError) {
    return {
      status: error.status,
      message: error.message,
      issues: [],
      extra: { requestId },
      headers: { 'retry-after': String(error.retryAfterSeconds) },
    };
  }
  if (error instanceof AppError && error.expose) {
    const issues = 'issues' in error ? (error.issues as Issue[]) : [];
    return { status: error.status, message: error.message, issues };
  }
  const e = error as { statusCode?: unknown; expose?: unknown; message?: unknown };
  if (typeof e?.statusCode === 'number' && e.statusCode < 500 && e.expose !== false) {
    return {
      status: e.statusCode,
      message: String(e.message),
      issues: [{ path: '', message: String(e.message) }],
    };
  }
  return { status: 500, message: 'Something went wrong on our side', issues: [], extra: { requestId } };
};

/**
 * Turns any error into a response. `render` may answer for some routes (the HTML pages); otherwise
 * the JSON body is `{error, issues}`. Unexpected errors are logged in full, never returned.
 */
export const errorResponses = (
  logger: Logger,
  render?: (event: HttpEvent, error: ExposedError, cause: unknown) => HttpResult | undefined,
): Middleware => ({
  onError: (request) => {
    const requestId = requestIdOf(request.event, request.context);
    const exposed = exposeError(request.error, requestId);
    if (exposed.status >= 500) {
      logger.error(exposed.status === 503 ? 'backend unavailable' : 'unhandled error', {
        routeKey: request.event.routeKey,
        requestId,
        error: request.error as Error,
      });
    }
    const response = render?.(request.event, exposed, request.error) ?? errorJson(exposed);
    request.response = { ...response, headers: { ...response.headers, ...exposed.headers } };
  },
});

/**
 * The id a caller can quote and an operator can find: Lambda's request id (Powertools logs it as
 * `function_request_id` too), or API Gateway's when there is no Lambda context.
 */
export const requestIdOf = (event: HttpEvent, context: Pick<Context, 'awsRequestId'> | undefined): string =>
  context?.awsRequestId ?? event.requestContext?.requestId ?? 'unknown';

export const errorJson = (e: ExposedError): HttpResult =>
  json(e.status, { error: e.message, issues: e.issues, ...e.extra }, e.headers);
