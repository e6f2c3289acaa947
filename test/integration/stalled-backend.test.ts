import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRespondentHandler } from '../../functions/respondent/function.js';
import { composeApp, composeSurveyQueue } from '../../lib/composition.js';
import { loadRuntimeConfig, SDK_BUDGETS } from '../../lib/config.js';
import { newSecretToken } from '../../lib/crypto.js';
import { SECURITY_HEADERS } from '../../lib/http/secure-response.js';
import type { HttpEvent } from '../../lib/http/types.js';
import { validAnswers } from '../support/stack.js';

/** An AWS service that accepts connections and then never says a word (loopback only). */
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

/** Small overrides keep these tests short; that they take effect is part of what is checked. */
const tightBudget = { PULSE_SDK_REQUEST_TIMEOUT_MS: '300', PULSE_SDK_MAX_ATTEMPTS: '2' };
const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };

/** Awaits a call expected to fail; returns the error and how long the call took. */
const failure = async (call: () => Promise<unknown>) => {
  const started = Date.now();
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, elapsed: Date.now() - started };
};

describe('the other SDK clients have the same time limits', () => {
  it('a stalled Secrets Manager fails the cold start after the budget, not at the Lambda limit', async () => {
    const config = loadRuntimeConfig({
      PULSE_TABLE_NAME: 'pulse',
      PULSE_HMAC_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:pulse-hmac',
      ...tightBudget,
    });

    const { error, elapsed } = await failure(() =>
      composeApp(config, { region: 'eu-west-2', credentials, secretsManagerEndpoint: endpoint }),
    );

    expect((error as Error | undefined)?.name).toBe('TimeoutError');
    // Both attempts waited for their whole request timeout, and no longer than that plus backoff.
    expect(elapsed).toBeGreaterThanOrEqual(2 * 300 - 100);
    expect(elapsed).toBeLessThan(2 * 300 + 1_500);
  }, 10_000);

  it('a stalled SQS fails the dispatch after the budget, so the schedule retries it', async () => {
    const config = loadRuntimeConfig({
      PULSE_TABLE_NAME: 'pulse',
      PULSE_HMAC_SECRET: 'x'.repeat(32),
      // The SQS client sends to the queue URL's host: here the stalled server.
      PULSE_SURVEY_QUEUE_URL: `${endpoint}/123456789012/pulse-surveys`,
      ...tightBudget,
    });
    const queue = composeSurveyQueue(config, { region: 'eu-west-2', credentials });

    const { error, elapsed } = await failure(async () =>
      queue?.enqueue([{ collaborationId: 'c', surveyId: 's' }]),
    );

    expect(queue).toBeDefined();
    expect((error as Error | undefined)?.name).toBe('TimeoutError');
    expect(elapsed).toBeGreaterThanOrEqual(2 * 300 - 100);
    expect(elapsed).toBeLessThan(2 * 300 + 1_500);
  }, 10_000);
});
