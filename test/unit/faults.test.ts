import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRespondentHandler } from '../../functions/respondent/function.js';
import { putCollaboration, putSurvey } from '../../lib/app/manage-collaborations.js';
import { createLinks } from '../../lib/app/manage-links.js';
import { openWave } from '../../lib/app/manage-waves.js';
import type { ResponseRecord } from '../../lib/domain/response.js';
import { MemoryResponseStore } from '../../lib/stores/memory/index.js';
import type { WaveRef } from '../../lib/stores/ports.js';
import { collaborationDocument, surveyDocument, validAnswers } from '../support/documents.js';
import { httpEvent } from '../support/events.js';
import { memoryDeps, TEST_ACTOR } from '../support/memory.js';

// Throttling and 5xx cannot be produced by the emulator: a response store that fails as DynamoDB
// does when a table is throttled stands in for it.
class ThrottledResponseStore extends MemoryResponseStore {
  attempts = 0;
  override async putResponse(_wave: WaveRef, _key: string, _response: ResponseRecord, _hash: string) {
    this.attempts++;
    throw new ProvisionedThroughputExceededException({
      message: 'Rate exceeded for table pulse',
      $metadata: {},
    });
  }
}

let token: string;
let responses: ThrottledResponseStore;
let handler: ReturnType<typeof createRespondentHandler>;

beforeEach(async () => {
  const { deps } = memoryDeps();
  responses = new ThrottledResponseStore();
  const throttled = { ...deps, stores: { ...deps.stores, responses } };
  await putCollaboration(throttled, TEST_ACTOR, 'c', collaborationDocument());
  await putSurvey(throttled, TEST_ACTOR, 'c', 's', surveyDocument());
  await openWave(throttled, TEST_ACTOR, 'c', 's', { id: 'w1' });
  const [link] = await createLinks(throttled, TEST_ACTOR, 'c', 's', {
    partnerId: 'pcn',
    neighbourhoodId: 'north',
  });
  token = link?.token ?? '';
  handler = createRespondentHandler(throttled);
});

const submit = (body: unknown, requestId: string) =>
  handler(
    httpEvent('PUT /api/s/{token}/response', {
      rawPath: `/api/s/${token}/response`,
      headers: { 'content-type': 'application/json' },
      pathParameters: { token },
      requestContext: { requestId },
      body: JSON.stringify(body),
    }),
    { awsRequestId: requestId } as Context,
  );

describe('when DynamoDB fails', () => {
  it('answers a plain 500 with the request id when writes are throttled, and says nothing else', async () => {
    const res = await submit(validAnswers, 'req-123');

    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body ?? '')).toEqual({
      error: 'Something went wrong on our side',
      issues: [],
      requestId: 'req-123',
    });
    expect(res.body).not.toContain('pulse');
    expect(responses.attempts).toBe(1);
  });

  it('does not write anything when validation fails first', async () => {
    const res = await submit({ answers: { sp1: 9 } }, 'req-124');

    expect(res.statusCode).toBe(422);
    expect(responses.attempts).toBe(0);
  });
});
