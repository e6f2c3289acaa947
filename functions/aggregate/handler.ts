import { composeJob, composeSurveyQueue } from '../../lib/composition.js';
import { loadRuntimeConfig } from '../../lib/config.js';
import { createLogger } from '../../lib/logger.js';
import { createAggregateHandler, createDispatchHandler } from './function.js';

const logger = createLogger('aggregate');
const config = loadRuntimeConfig(process.env);
const deps = await composeJob(config, logger);

/**
 * Lambda entry for the scheduled job: compose once per cold start. With a survey queue (the stack
 * sets one) it fans out one message per survey; without, it runs every survey itself.
 */
const queue = composeSurveyQueue(config);
export const handler = queue
  ? createDispatchHandler(deps, logger, queue)
  : createAggregateHandler(deps, logger);
