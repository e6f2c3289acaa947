import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

/** An API Gateway v2 event after our body parsers ran: `body` may be parsed JSON or form fields. */
export type HttpEvent = Omit<APIGatewayProxyEventV2, 'body'> & {
  body?: unknown;
  requestContext: APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt?: { claims?: Record<string, string | number | boolean | string[]> } };
  };
};
export type HttpResult = APIGatewayProxyStructuredResultV2;
export type HttpHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

export const json = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

export const noContent = (): HttpResult => ({ statusCode: 204 });

export const header = (event: HttpEvent, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {}))
    if (key.toLowerCase() === wanted) return value;
  return undefined;
};

export const pathParam = (event: HttpEvent, name: string): string => {
  const value = event.pathParameters?.[name];
  if (value === undefined) throw new Error(`Route has no path parameter "${name}"`);
  return value;
};

/** The public origin the request came in on (API Gateway's domain, or the local server's host). */
export const originOf = (event: HttpEvent): string => {
  const proto = header(event, 'x-forwarded-proto') ?? 'https';
  return `${proto}://${event.requestContext.domainName}`;
};
