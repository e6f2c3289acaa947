import type { SurveyQueue } from '../stores/ports.js';

export type { SurveyQueue };

import type { JobDeps } from './job-deps.js';

export interface DispatchSummary {
  startedAt: string;
  dispatched: number;
}

/**
 * The scheduled job when surveys are many (AWS): instead of working through every survey in one
 * invocation, it enqueues one message per survey; a worker runs `runSurvey` for each, with its lease,
 * at a bounded concurrency. A survey no longer waits behind the others or misses a run's deadline.
 */
export const dispatchAggregation = async (
  deps: Pick<JobDeps, 'stores' | 'now' | 'log'>,
  queue: SurveyQueue,
): Promise<DispatchSummary> => {
  const startedAt = deps.now().toISOString();
  const surveys = await deps.stores.surveys.listAll();
  await queue.enqueue(surveys);
  deps.log('aggregation dispatched', { surveys: surveys.length });
  return { startedAt, dispatched: surveys.length };
};
