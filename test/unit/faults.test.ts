import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { Context } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRespondentHandler } from '../../functions/respondent/function.js';
import { createDynamoClient, createStores } from '../../lib/composition.js';
import { SDK_BUDGETS } from '../../lib/config.js';
import { hashSecret, newSecretToken } from '../../lib/crypto.js';
import type { HttpEvent } from '../../lib/http/types.js';
import { keys } from '../../lib/stores/dynamodb/table.js';
import { collaborationDocument, surveyDocument, validAnswers } from '../support/documents.js';
import { httpEvent } from '../support/events.js';

// Throttling and 5xx cannot be produced by the emulator, so these run against a mocked client.
const db = mockClient(DynamoDBDocumentClient);
const token = newSecretToken();

const event = (body: unknown): HttpEvent =>
  httpEvent('PUT /api/s/{token}/response', {
    rawPath: `/api/s/${token}/response`,
    headers: { 'content-type': 'application/json' },
    pathParameters: { token },
    requestContext: { requestId: 'req-123' },
    body: JSON.stringify(body),
  });

const handler = () => {
  const stores = createStores(createDynamoClient(SDK_BUDGETS.respondent, { region: 'eu-west-2' }), 'pulse');
  return createRespondentHandler({ stores, hmacSecret: Buffer.from('x'.repeat(32)), now: () => new Date() });
};

beforeEach(() => {
  db.reset();
  db.on(GetCommand, { Key: keys.link(hashSecret(token)) }).resolves({
    Item: {
      id: 'l1',
      collaborationId: 'c',
      surveyId: 's',
      partnerId: 'pcn',
      neighbourhoodId: 'north',
      revoked: false,
    },
  });
  db.on(GetCommand, { Key: keys.collaboration('c') }).resolves({
    Item: {
      id: 'c',
      ...collaborationDocument(),
      minGroupSize: 5,
      minCommentGroupSize: 10,
      timeZone: 'Europe/London',
      framework: {
        characteristics: [
          { id: 'shared-purpose', name: 'SP', description: '' },
          { id: 'trusting-relationships', name: 'TR', description: '' },
        ],
      },
    },
  });
  db.on(GetCommand, { Key: keys.survey('c', 's') }).resolves({
    Item: { id: 's', collaborationId: 'c', ...surveyDocument() },
  });
  db.on(QueryCommand).resolves({
    Items: [
      {
        id: 'w1',
        status: 'open',
        opensAt: '2020-01-01T00:00:00Z',
        closesAt: '2999-01-01T00:00:00Z',
        shards: 16,
      },
    ],
  });
});

describe('when DynamoDB fails', () => {
  // Was a plain 500: throttling that outlasts the SDK's retries is now a 503 the client may retry.
  it('answers 503 with Retry-After and the request id when writes are throttled, and says nothing else', async () => {
    // A submission is one transaction on AWS (issue 10): the response and its comments together.
    db.on(TransactWriteCommand).rejects(
      new ProvisionedThroughputExceededException({ message: 'Rate exceeded for table pulse', $metadata: {} }),
    );

    const res = await handler()(event(validAnswers), { awsRequestId: 'req-123' } as Context);

    expect(res.statusCode).toBe(503);
    expect(res.headers?.['retry-after']).toBe('5');
    expect(JSON.parse(res.body!)).toEqual({
      error: 'The service is busy. Please try again in a few seconds.',
      issues: [],
      requestId: 'req-123',
    });
    expect(res.body).not.toContain('pulse');
    expect(db).toHaveReceivedCommand(TransactWriteCommand);
    expect(db).not.toHaveReceivedCommand(PutCommand);
  });

  it('answers 503 when DynamoDB itself fails (5xx) or a request times out', async () => {
    for (const failure of [
      Object.assign(new Error('We encountered an internal error'), {
        name: 'InternalServerError',
        $fault: 'server',
        $metadata: { httpStatusCode: 500 },
      }),
      Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }),
    ]) {
      db.on(GetCommand).rejects(failure);

      const res = await handler()(event(validAnswers), { awsRequestId: 'req-125' } as Context);

      expect(res.statusCode).toBe(503);
      expect(res.headers?.['retry-after']).toBe('5');
    }
  });

  it('still answers a plain 500 to an error that is not the backend being unavailable', async () => {
    db.on(TransactWriteCommand).rejects(new TypeError('Cannot read properties of undefined'));

    const res = await handler()(event(validAnswers), { awsRequestId: 'req-126' } as Context);

    expect(res.statusCode).toBe(500);
    expect(res.headers?.['retry-after']).toBeUndefined();
    expect(JSON.parse(res.body!)).toEqual({
      error: 'Something went wrong on our side',
      issues: [],
      requestId: 'req-126',
    });
  });

  it('does not write anything when validation fails first', async () => {
    const res = await handler()(event({ answers: { sp1: 9 } }), { awsRequestId: 'req-124' } as Context);

    expect(res.statusCode).toBe(422);
    expect(db).not.toHaveReceivedCommand(PutCommand);
    expect(db).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('writes the response and its comments in one transaction, under unlinkable keys', async () => {
    db.on(TransactWriteCommand).resolves({});

    const res = await handler()(event(validAnswers), { awsRequestId: 'req-125' } as Context);

    expect(res.statusCode).toBe(200);
    const [call] = db.commandCalls(TransactWriteCommand);
    const items = call?.args[0].input.TransactItems ?? [];
    expect(items.map((i) => i.Put?.Item?.pk.slice(0, 2))).toEqual(['R#', 'M#']);
    const [response, comments] = items.map((i) => i.Put?.Item);
    expect(response?.sk).not.toBe(comments?.sk);
    expect(Object.keys(comments ?? {}).sort()).toEqual(['c', 'pk', 'sk']);
    expect(db).not.toHaveReceivedCommand(PutCommand);
  });
});
