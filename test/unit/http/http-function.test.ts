import type { Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from '../../../lib/errors.js';
import { htmlPage, redirect } from '../../../lib/http/html.js';
import { httpFunction } from '../../../lib/http/http-function.js';
import { SECURITY_HEADERS } from '../../../lib/http/secure-response.js';
import { type HttpEvent, type HttpResult, json, noContent } from '../../../lib/http/types.js';
import { createLogger } from '../../../lib/logger.js';
import { createMetrics } from '../../../lib/metrics.js';

const event = (routeKey: string, overrides: Partial<HttpEvent> = {}): HttpEvent =>
  ({
    routeKey,
    headers: {},
    requestContext: { requestId: 'api-req', domainName: 'x', http: { method: routeKey.split(' ')[0] } },
    ...overrides,
  }) as unknown as HttpEvent;

const context = (awsRequestId: string) => ({ awsRequestId, functionName: 'test' }) as Context;

/** A function with a route per status class and error kind, and a logger whose calls are recorded. */
const setUp = (renderError?: Parameters<typeof httpFunction>[0]['renderError']) => {
  const logger = createLogger('test');
  const info = vi.spyOn(logger, 'info');
  const error = vi.spyOn(logger, 'error');
  const metrics = createMetrics('test');
  vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
  const handler = httpFunction({
    deps: {},
    logger,
    metrics,
    renderError,
    before: [
      {
        before: ({ event }) => {
          if (event.routeKey === 'GET /401') throw new UnauthorizedError();
          if (event.routeKey === 'GET /403') throw new ForbiddenError();
        },
      },
    ],
    routes: {
      'GET /200': async () => json(200, { ok: true }),
      'POST /201': async () => json(201, { ok: true }),
      'DELETE /204': async () => noContent(),
      'POST /303': async () => redirect('/next'),
      'GET /html': async () => htmlPage(200, '<!DOCTYPE html><p>hi</p>'),
      'GET /401': async () => json(200, {}),
      'GET /403': async () => json(200, {}),
      'GET /404': async () => {
        throw new NotFoundError();
      },
      'GET /409': async () => {
        throw new ConflictError('busy');
      },
      'PUT /422': async () => {
        throw new ValidationError('bad', [{ path: 'x', message: 'no' }]);
      },
      'PUT /json': async () => json(200, {}),
      'GET /500': async () => {
        throw new Error('database password is hunter2');
      },
    },
  });
  const accessLines = () => info.mock.calls.filter(([message]) => message === 'request');
  return { handler, accessLines, error };
};

const expectSecure = (res: HttpResult) => {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers?.[name]).toBe(value);
  expect(res.headers?.['x-content-type-options']).toBe('nosniff');
  expect(res.headers?.['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
};

describe('every response is secure and traceable', () => {
  const cases: [string, Partial<HttpEvent>, number][] = [
    ['GET /200', {}, 200],
    ['POST /201', {}, 201],
    ['DELETE /204', {}, 204],
    ['POST /303', {}, 303],
    ['GET /401', {}, 401],
    ['GET /403', {}, 403],
    ['GET /404', {}, 404],
    ['GET /no-such-route', {}, 404],
    ['GET /409', {}, 409],
    ['PUT /422', {}, 422],
    ['PUT /json', { body: '{', headers: { 'content-type': 'application/json' } }, 400],
    ['PUT /json', { body: 'x'.repeat(300_000), headers: { 'content-type': 'application/json' } }, 413],
    ['PUT /json', { body: '{}', headers: { 'content-type': 'text/plain' } }, 415],
    ['GET /500', {}, 500],
  ];

  it.each(cases)(
    '%s (%#) answers %i with the security headers and exactly one access-log line',
    async (routeKey, overrides, status) => {
      const { handler, accessLines } = setUp();

      const res = await handler(event(routeKey, overrides), context(`req-${status}`));

      expect(res.statusCode).toBe(status);
      expectSecure(res);
      expect(accessLines()).toHaveLength(1);
      expect(accessLines()[0]?.[1]).toEqual({
        routeKey,
        status,
        ms: expect.any(Number),
        requestId: `req-${status}`,
      });
    },
  );

  it("gives a 500 the request id of its log lines, and never the error's message", async () => {
    const { handler, accessLines, error } = setUp();

    const res = await handler(event('GET /500'), context('lambda-req-1'));

    expect(JSON.parse(res.body ?? '')).toEqual({
      error: 'Something went wrong on our side',
      issues: [],
      requestId: 'lambda-req-1',
    });
    expect(res.body).not.toContain('hunter2');
    expect(accessLines()[0]?.[1]).toMatchObject({ requestId: 'lambda-req-1', status: 500 });
    expect(error).toHaveBeenCalledWith(
      'unhandled error',
      expect.objectContaining({ requestId: 'lambda-req-1', error: expect.any(Error) }),
    );
  });

  it('adds the CSP and no-store to HTML, redirects included, and no-store to anything that did not choose', async () => {
    const { handler } = setUp();

    for (const routeKey of ['GET /html', 'POST /303']) {
      const res = await handler(event(routeKey), context('r'));
      expect(res.headers?.['content-security-policy']).toContain("default-src 'none'");
      expect(res.headers?.['cache-control']).toBe('no-store');
    }
    const api = await handler(event('GET /200'), context('r'));
    expect(api.headers?.['cache-control']).toBe('no-store');
    expect(api.headers?.['content-security-policy']).toBeUndefined();
  });

  it('still answers a secured 500 with one log line when rendering the error page itself fails', async () => {
    const { handler, accessLines } = setUp(() => {
      throw new Error('template missing');
    });

    const res = await handler(event('GET /404'), context('req-render'));

    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body ?? '').requestId).toBe('req-render');
    expectSecure(res);
    expect(accessLines()).toHaveLength(1);
  });

  it('falls back to API Gateway’s request id when there is no Lambda context', async () => {
    const { handler } = setUp();

    const res = await handler(event('GET /500'), {} as Context);

    expect(JSON.parse(res.body ?? '').requestId).toBe('api-req');
  });
});

describe('media types', () => {
  const put = (contentType: string) =>
    event('PUT /json', { body: '{}', headers: { 'content-type': contentType } });

  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'application/json ; charset=utf-8',
    'application/json;charset="UTF-8"',
    'application/merge-patch+json',
  ])('accepts %s', async (contentType) => {
    const { handler } = setUp();
    expect((await handler(put(contentType), context('r'))).statusCode).toBe(200);
  });

  it.each([
    'application/json; charset=utf-16',
    'application/json; charset=latin1',
    'text/json',
    'text/plain',
  ])('refuses %s with 415', async (contentType) => {
    const { handler } = setUp();
    expect((await handler(put(contentType), context('r'))).statusCode).toBe(415);
  });
});
