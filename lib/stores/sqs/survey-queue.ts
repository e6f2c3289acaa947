import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SurveyQueue, SurveyRef } from '../ports.js';

/** SQS accepts at most ten messages per batch. */
const BATCH = 10;

/** The survey work queue on SQS: one JSON message `{collaborationId, surveyId}` per survey. */
export class SqsSurveyQueue implements SurveyQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(surveys: SurveyRef[]): Promise<void> {
    for (let start = 0; start < surveys.length; start += BATCH) {
      const batch = surveys.slice(start, start + BATCH);
      const reply = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map(({ collaborationId, surveyId }, i) => ({
            Id: String(i),
            MessageBody: JSON.stringify({ collaborationId, surveyId }),
          })),
        }),
      );
      // A partly refused batch is still a failed dispatch: the schedule retries it whole (the work is idempotent).
      if (reply.Failed && reply.Failed.length > 0) {
        throw new Error(`SQS refused ${reply.Failed.length} survey message(s): ${reply.Failed[0]?.Code}`);
      }
    }
  }
}
