import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FUNCTION_ROUTES, type FunctionName } from '../../functions/routes.js';
import { secureResponse } from '../../lib/http/secure-response.js';
import { type HttpEvent, type HttpHandler, type HttpResult, json } from '../../lib/http/types.js';
import { listen } from './start-errors.js';

/** API Gateway's own payload limit: bigger requests never reach a function. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

/**
 * How much of an oversized body is read and thrown away so that its 413 reaches the client on a
 * connection it can go on using; a client that sends more than this is cut off.
 */
const MAX_DRAINED_BYTES = 8 * MAX_REQUEST_BYTES;

interface CompiledRoute {
  routeKey: string;
  method: string;
  pattern: RegExp;
  params: string[];
  fn: FunctionName;
}

const compileRoutes = (): CompiledRoute[] =>
  Object.entries(FUNCTION_ROUTES).flatMap(([fn, keys]) =>
    keys.map((routeKey) => {
      const [method, path] = routeKey.split(' ') as [string, string];
      const params: string[] = [];
      const pattern = new RegExp(
        `^${path.replace(/\{(\w+)\}/g, (_, name: string) => {
          params.push(name);
          return '([^/]+)';
        })}$`,
      );
      return { routeKey, method, pattern, params, fn: fn as FunctionName };
    }),
  );

export interface ApiServer {
  url: string;
  /**
   * Stops taking requests, lets the ones in flight finish (a submission must not be cut between its
   * writes when the emulators stop next) for up to `graceMs`, then closes every connection.
   */
  close(graceMs: number): Promise<void>;
}

/**
 * Stands in for API Gateway (HTTP API, payload v2): matches the request against the route table,
 * builds the same event API Gateway would, and calls the same handler Lambda runs.
 */
export const startApiServer = async (
  handlers: Record<FunctionName, HttpHandler>,
  port: number,
): Promise<ApiServer> => {
  const routes = compileRoutes();
  const inFlight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const handled = serve(routes, handlers, req, res)
      .catch((error) => {
        console.error('local API server error', error);
        if (res.headersSent) res.end();
        else writeResult(res, secureResponse(json(500, { message: 'Internal Server Error' })));
      })
      .finally(() => inFlight.delete(handled));
    inFlight.add(handled);
  });
  await listen(server, port, 'PORT');
  const close = async (graceMs: number) => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...inFlight]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timer);
    server.closeAllConnections();
    await closed;
  };
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close };
};

const serve = async (
  routes: CompiledRoute[],
  handlers: Record<FunctionName, HttpHandler>,
  req: IncomingMessage,
  res: ServerResponse,
) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  const matched = matchRoute(routes, method, url.pathname);
  // API Gateway's own answers, in its words, with the headers every answer of ours carries.
  if (!matched) {
    await readBody(req);
    writeResult(res, secureResponse(json(404, { message: 'Not Found' })));
    return;
  }
  const { route, pathParameters } = matched;
  const body = await readBody(req);
  if (body === null) {
    writeResult(res, secureResponse(json(413, { message: 'Request Entity Too Large' })));
    return;
  }
  const event = toEvent(req, url, route.routeKey, pathParameters, body);
  const context = {
    awsRequestId: event.requestContext.requestId,
    functionName: route.fn,
  } as Parameters<HttpHandler>[1];
  const result = await handlers[route.fn](event, context);
  // Exactly what the function returned, as API Gateway passes it on: the function's own security
  // headers are what a test over HTTP sees, never some the local server added.
  writeResult(res, result);
};

const matchRoute = (routes: CompiledRoute[], method: string, path: string) => {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (!match) continue;
    const pathParameters = Object.fromEntries(
      route.params.map((p, i) => [p, safeDecode(match[i + 1] ?? '')]),
    );
    return { route, pathParameters };
  }
  return null;
};

/** Like API Gateway, pass a malformed escape through rather than failing the request. */
const safeDecode = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/**
 * The body, or null when it is over API Gateway's limit. An oversized body is still read to its end
 * (and dropped): answering while the client is still sending, or destroying the stream, would leave
 * the client with a reset connection instead of the 413.
 */
const readBody = async (req: IncomingMessage): Promise<string | null> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_DRAINED_BYTES) {
      req.socket.destroy();
      return null;
    }
    if (size <= MAX_REQUEST_BYTES) chunks.push(chunk as Buffer);
  }
  return size > MAX_REQUEST_BYTES ? null : Buffer.concat(chunks).toString('utf8');
};

const toEvent = (
  req: IncomingMessage,
  url: URL,
  routeKey: string,
  pathParameters: Record<string, string>,
  body: string,
): HttpEvent => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== 'cookie')
      headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  // API Gateway tells the function how the client connected; locally that is plain HTTP.
  headers['x-forwarded-proto'] = 'http';
  const cookies = req.headers.cookie
    ?.split(';')
    .map((c) => c.trim())
    .filter(Boolean);
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies?.length ? { cookies } : {}),
    headers,
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
    pathParameters,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: req.headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: req.headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body: body.length > 0 ? body : undefined,
    isBase64Encoded: false,
  };
};

const writeResult = (res: ServerResponse, result: HttpResult) => {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(
    result.body === undefined
      ? undefined
      : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'),
  );
};
