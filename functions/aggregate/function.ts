import type { Logger } from '@aws-lambda-powertools/logger';
import type { JobDeps } from '../../lib/app/job-deps.js';
import { type RunSummary, runAggregation } from '../../lib/app/run-aggregation.js';

/**
 * The scheduled job (EventBridge Scheduler, or the local timer). It rethrows when any survey failed,
 * so the scheduler retries and, in the end, the dead-letter queue holds the event.
 */
export const createAggregateHandler = (deps: JobDeps, logger: Logger) => async (): Promise<RunSummary> => {
  const summary = await runAggregation(deps);
  if (summary.failed > 0) {
    logger.error('aggregation run had failures', { summary });
    throw new Error(`Aggregation failed for ${summary.failed} survey(s)`);
  }
  return summary;
};
