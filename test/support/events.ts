import type { HttpEvent } from '../../lib/http/types.js';

/**
 * A complete API Gateway v2 event for `routeKey` ("PUT /api/s/{token}/response"), as the local server
 * and API Gateway build it, so handler tests need no casts. `overrides.requestContext` is merged in.
 */
export const httpEvent = (
  routeKey: string,
  overrides: Partial<Omit<HttpEvent, 'requestContext'>> & {
    requestContext?: Partial<HttpEvent['requestContext']>;
  } = {},
): HttpEvent => {
  const [method = 'GET', path = '/'] = routeKey.split(' ');
  const { requestContext, ...rest } = overrides;
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'api.example.org',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'req-test',
      routeKey,
      stage: '$default',
      time: '2030-01-07T09:00:00.000Z',
      timeEpoch: Date.parse('2030-01-07T09:00:00.000Z'),
      ...requestContext,
    },
    ...rest,
  };
};
