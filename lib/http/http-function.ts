import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import httpUrlencodeBodyParser from '@middy/http-urlencode-body-parser';
import type { Context } from 'aws-lambda';
import { NotFoundError } from '../errors.js';
import {
  bodyLimit,
  countOutcomes,
  type ExposedError,
  emptyBodyIsNoBody,
  errorJson,
  errorResponses,
  exposeError,
  jsonBody,
  requestIdOf,
  requireMediaType,
} from './middleware.js';
import { secureResponse } from './secure-response.js';
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
  /** Powertools metrics (EMF): responses by status class and the `outcomes` counts. */
  metrics: Metrics;
  /** Counts outcomes of some routes (e.g. responses submitted) as metrics. */
  outcomes?: Partial<Record<string, { ok: string; rejected: string }>>;
  /** Renders errors for routes that answer in HTML; others get `{error, issues}`. */
  renderError?: (event: HttpEvent, error: ExposedError, cause: unknown) => HttpResult | undefined;
}

/**
 * One Lambda function serving several routes: middleware first (Powertools context and metrics,
 * errors, body limit, JSON or form body parsing, authorisation), then dispatch on the route key.
 *
 * Security headers and the access log are applied around the whole middy chain rather than in an
 * `after` hook: middy skips `after` hooks once `onError` has produced the response, so anything done
 * there would vanish from exactly the answers (404, 500) that most need it. Wrapping the chain gives
 * every response, whichever path made it, the headers and exactly one log line.
 */
export const httpFunction = <D>(options: HttpFunctionOptions<D>): HttpHandler => {
  const { logger } = options;
  const handler = middy<HttpEvent, HttpResult, Error, Context>()
    // Never log the event, whatever POWERTOOLS_LOGGER_LOG_EVENT says: paths and bodies hold tokens and answers.
    .use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }))
    .use(logMetrics(options.metrics, { captureColdStartMetric: true }))
    .use(countOutcomes(options.metrics, options.outcomes ?? {}))
    .use(errorResponses(logger, options.renderError))
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

  return async (event, context) => {
    const started = performance.now();
    const requestId = requestIdOf(event, context);
    let response: HttpResult;
    try {
      // The body parsers widen middy's event type; callers (Lambda, the local API) pass API Gateway v2 events.
      response = await handler(event as Parameters<typeof handler>[0], context);
    } catch (error) {
      // Only reached when the error handling itself failed (e.g. an error page that could not render).
      logger.error('unhandled error', { routeKey: event.routeKey, requestId, error: error as Error });
      response = errorJson(exposeError(error, requestId));
    }
    const secured = secureResponse(response);
    logger.info('request', {
      routeKey: event.routeKey,
      status: secured.statusCode ?? 200,
      ms: Math.round(performance.now() - started),
      requestId,
    });
    return secured;
  };
};
