import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import type { JobDeps } from '../../lib/app/job-deps.js';
import { runSurvey, SURVEY_LEASE_MS } from '../../lib/app/run-aggregation.js';
import { createMetrics, MetricUnit } from '../../lib/metrics.js';
import { addRetentionMetrics, STATUS_METRICS, UNSAFE_PUBLISHED_METRIC } from '../aggregate/function.js';

const message = z.object({ collaborationId: z.string().min(1), surveyId: z.string().min(1) });

/**
 * The fan-out's worker: one SQS message per survey, run by the same `runSurvey` as the in-process job
 * (so it takes and releases the survey's lease). A failed survey is reported as a batch item failure:
 * SQS delivers it again and, after three attempts, moves it to the dead-letter queue. A busy survey
 * (another run holds the lease) is done: that run publishes it. A malformed message can never
 * succeed, so it is logged and dropped rather than retried. Metrics use the job's service name, so
 * the starvation and failure alarms see both modes alike.
 */
export const createSurveyWorker = (
  deps: JobDeps,
  logger: Logger,
  metrics: Metrics = createMetrics('aggregate'),
) =>
  middy(async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      const parsed = message.safeParse(safeJson(record.body));
      if (!parsed.success) {
        logger.error('survey message is not {collaborationId, surveyId}; dropped', {
          messageId: record.messageId,
        });
        continue;
      }
      const summary = await runSurvey(
        deps,
        parsed.data.collaborationId,
        parsed.data.surveyId,
        SURVEY_LEASE_MS,
      );
      metrics.addMetric(STATUS_METRICS[summary.status], MetricUnit.Count, 1);
      addRetentionMetrics(metrics, [summary]);
      metrics.addMetric(UNSAFE_PUBLISHED_METRIC, MetricUnit.Count, summary.unsafePublished.length);
      if (summary.status === 'failed') batchItemFailures.push({ itemIdentifier: record.messageId });
    }
    return { batchItemFailures };
  })
    .use(injectLambdaContext(logger, { logEvent: false }))
    .use(logMetrics(metrics));

const safeJson = (body: string): unknown => {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
};
