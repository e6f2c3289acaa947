import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRespondentHandler } from '../../functions/respondent/function.js';
import { composeApp } from '../../lib/composition.js';
import { loadRuntimeConfig, SDK_BUDGETS } from '../../lib/config.js';
import { newSecretToken } from '../../lib/crypto.js';
import { SECURITY_HEADERS } from '../../lib/http/secure-response.js';
import type { HttpEvent } from '../../lib/http/types.js';
import { validAnswers } from '../support/stack.js';

/** A DynamoDB that accepts connections and then never says a word (loopback only). */
let stalled: Server;
const sockets = new Set<Socket>();
let endpoint: string;

beforeAll(async () => {
  stalled = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => stalled.close(resolve));
});

const submission = (token: string, method: 'PUT' | 'GET', routeKey: string): HttpEvent =>
  ({
    routeKey,
    headers: { 'content-type': 'application/json' },
    pathParameters: { token },
    requestContext: { requestId: 'api-1', domainName: 'example.org', http: { method } },
    ...(method === 'PUT' ? { body: JSON.stringify(validAnswers) } : {}),
    isBase64Encoded: false,
  }) as unknown as HttpEvent;

describe('a stalled DynamoDB', () => {
  it('gives the respondent a 503 with Retry-After within a few seconds, not a hang', async () => {
    const config = loadRuntimeConfig({ PULSE_TABLE_NAME: 'pulse', PULSE_HMAC_SECRET: 'x'.repeat(32) });
    const deps = await composeApp(config, {
      region: 'eu-west-2',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      dynamoDbEndpoint: endpoint,
    });
    const handler = createRespondentHandler(deps);
    const budget = SDK_BUDGETS.respondent;
    const token = newSecretToken();

    for (const [method, routeKey] of [
      ['PUT', 'PUT /api/s/{token}/response'],
      ['GET', 'GET /s/{token}'],
    ] as const) {
      const started = Date.now();
      const res = await handler(submission(token, method, routeKey), {
        awsRequestId: 'req-stall',
      } as Context);
      const elapsed = Date.now() - started;

      expect(res.statusCode, routeKey).toBe(503);
      expect(res.headers?.['retry-after']).toBe('5');
      // Privacy rule 8 holds on a backend failure too, for the survey page as for the API.
      expect(res.headers, routeKey).toMatchObject(SECURITY_HEADERS);
      // Every attempt waited for its whole request timeout, and no more than that plus backoff.
      expect(elapsed).toBeGreaterThanOrEqual(budget.maxAttempts * budget.requestTimeoutMs - 100);
      expect(elapsed).toBeLessThan(budget.maxAttempts * budget.requestTimeoutMs + 1_500);
    }
  }, 20_000);
});
