import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import httpUrlencodeBodyParser from '@middy/http-urlencode-body-parser';
import type { Context } from 'aws-lambda';
import { NotFoundError } from '../errors.js';
import {
  accessLog,
  bodyLimit,
  countOutcomes,
  type ExposedError,
  emptyBodyIsNoBody,
  errorResponses,
  jsonBody,
  requireMediaType,
  securityHeaders,
} from './middleware.js';
import type { HttpEvent, HttpHandler, HttpResult } from './types.js';

export type RouteHandler<D> = (deps: D, event: HttpEvent) => Promise<HttpResult>;

export interface HttpFunctionOptions<D> {
  deps: D;
  logger: Logger;
  /** Handlers by API Gateway route key (`GET /s/{token}`). */
  routes: Partial<Record<string, RouteHandler<D>>>;
  /** Routes whose body is a form (form-urlencoded); every other route's body is JSON. */
  formRoutes?: readonly string[];
  /** Extra middleware run before the route (authorisation). */
  before?: middy.MiddlewareObj<HttpEvent, HttpResult>[];
  /** Powertools metrics (EMF), for the `outcomes` counts. */
  metrics?: Metrics;
  /** Counts outcomes of some routes (e.g. responses submitted) as metrics. */
  outcomes?: Partial<Record<string, { ok: string; rejected: string }>>;
  /** Renders errors for routes that answer in HTML; others get `{error, issues}`. */
  renderError?: (event: HttpEvent, error: ExposedError, cause: unknown) => HttpResult | undefined;
}

/**
 * One Lambda function serving several routes: middleware first (access log, errors, security headers,
 * body limit, JSON or form body parsing, authorisation), then dispatch on the route key.
 */
export const httpFunction = <D>(options: HttpFunctionOptions<D>): HttpHandler => {
  const handler = middy<HttpEvent, HttpResult, Error, Context>()
    .use(options.metrics ? countOutcomes(options.metrics, options.outcomes ?? {}) : [])
    .use(accessLog(options.logger))
    .use(securityHeaders())
    .use(errorResponses(options.logger, options.renderError))
    .use(options.before ?? [])
    .use(bodyLimit())
    .use(emptyBodyIsNoBody())
    .use(requireMediaType(options.formRoutes ?? []))
    .use(jsonBody(options.formRoutes ?? []))
    .use(httpUrlencodeBodyParser({ disableContentTypeError: true }))
    .handler(async (event) => {
      const route = options.routes[event.routeKey];
      if (!route) throw new NotFoundError(`No route for ${event.routeKey}`);
      return route(options.deps, event);
    });
  // The body parsers widen middy's event type; callers (Lambda, the local API) pass API Gateway v2 events.
  return (event, context) => handler(event as Parameters<typeof handler>[0], context);
};
