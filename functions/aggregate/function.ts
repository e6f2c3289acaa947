import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import {
  type DispatchSummary,
  dispatchAggregation,
  type SurveyQueue,
} from '../../lib/app/dispatch-aggregation.js';
import type { JobDeps } from '../../lib/app/job-deps.js';
import type { PurgeSummary } from '../../lib/app/purge-expired-waves.js';
import { type RunSummary, runAggregation, type SurveyRunSummary } from '../../lib/app/run-aggregation.js';
import { createMetrics, MetricUnit } from '../../lib/metrics.js';

/** Per-survey outcome → metric; the worker of the fan-out counts the same ones. */
export const STATUS_METRICS = {
  published: 'SurveysPublished',
  unchanged: 'SurveysUnchanged',
  busy: 'SurveysBusy',
  failed: 'SurveysFailed',
  skipped: 'SurveysSkipped',
} as const;

/**
 * What retention deleted (counts only): responses and waves finished. The fan-out's worker counts the
 * same per survey.
 */
export const addRetentionMetrics = (metrics: Metrics, surveys: SurveyRunSummary[]): void => {
  const sum = (pick: (r: PurgeSummary) => number) =>
    surveys.reduce((total, s) => total + (s.retention ? pick(s.retention) : 0), 0);
  metrics.addMetric(
    'ResponsesPurged',
    MetricUnit.Count,
    sum((r) => r.responses),
  );
  metrics.addMetric(
    'WavesPurged',
    MetricUnit.Count,
    sum((r) => r.purged.length),
  );
};

/**
 * Waves published earlier that the disclosure audit, run again under its current rules, found unsafe
 * (counted once, when found): an alarm watches it.
 */
export const UNSAFE_PUBLISHED_METRIC = 'PublishedWavesUnsafe';

/** Time kept back from the Lambda limit so a run always finishes the survey in hand and releases its lease. */
const SAFETY_MARGIN_MS = 2 * 60_000;

/**
 * The scheduled job (EventBridge Scheduler, or the local timer). It records what each run did as
 * metrics and rethrows when any survey failed, so the scheduler retries and, in the end, the
 * dead-letter queue holds the event. Powertools adds the Lambda context to every log line and
 * publishes the metrics whether the run succeeded or threw.
 */
export const createAggregateHandler = (
  deps: JobDeps,
  logger: Logger,
  metrics: Metrics = createMetrics('aggregate'),
) => {
  const handler = middy(
    async (
      _event: unknown,
      context: Partial<Pick<Context, 'getRemainingTimeInMillis'>>,
    ): Promise<RunSummary> => {
      const started = deps.now().getTime();
      const remaining = context.getRemainingTimeInMillis?.();
      const summary = await runAggregation(
        deps,
        remaining === undefined ? {} : { deadline: new Date(started + remaining - SAFETY_MARGIN_MS) },
      );
      for (const [status, metric] of Object.entries(STATUS_METRICS)) {
        metrics.addMetric(
          metric,
          MetricUnit.Count,
          summary.surveys.filter((s) => s.status === status).length,
        );
      }
      addRetentionMetrics(metrics, summary.surveys);
      metrics.addMetric(
        UNSAFE_PUBLISHED_METRIC,
        MetricUnit.Count,
        summary.surveys.reduce((t, s) => t + s.unsafePublished.length, 0),
      );
      metrics.addMetric('JobDuration', MetricUnit.Milliseconds, deps.now().getTime() - started);
      // The heartbeat alarm waits for this: a job that stops running or always fails sends none.
      metrics.addMetric('JobSucceeded', MetricUnit.Count, summary.failed === 0 ? 1 : 0);
      if (summary.failed > 0) {
        logger.error('aggregation run had failures', { summary });
        throw new Error(`Aggregation failed for ${summary.failed} survey(s)`);
      }
      return summary;
    },
  )
    .use(injectLambdaContext(logger, { logEvent: false }))
    .use(logMetrics(metrics));
  // The local stack's timer and `POST /admin/aggregate` call it with no event or Lambda context.
  return (event?: unknown, context?: Partial<Context>): Promise<RunSummary> =>
    handler(event ?? {}, (context ?? {}) as Context);
};

/**
 * The scheduled job on AWS, where surveys may be hundreds: it only enqueues one message per survey
 * (the worker, functions/aggregate-survey, runs each). A failure to enqueue is rethrown, so the
 * scheduler retries and the dead-letter queue sees it; success is the heartbeat.
 */
export const createDispatchHandler = (
  deps: JobDeps,
  logger: Logger,
  queue: SurveyQueue,
  metrics: Metrics = createMetrics('aggregate'),
) =>
  middy(async (): Promise<DispatchSummary> => {
    const dispatched = await dispatchAggregation(deps, queue);
    metrics.addMetric('SurveysDispatched', MetricUnit.Count, dispatched.dispatched);
    metrics.addMetric('JobSucceeded', MetricUnit.Count, 1);
    return dispatched;
  })
    .use(injectLambdaContext(logger, { logEvent: false }))
    .use(logMetrics(metrics));
