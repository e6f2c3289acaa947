import { composeJob } from '../../lib/composition.js';
import { loadRuntimeConfig } from '../../lib/config.js';
import { createLogger } from '../../lib/logger.js';
import { createAggregateHandler } from './function.js';

const logger = createLogger('aggregate');

/** Lambda entry for the scheduled job: compose once per cold start. */
export const handler = createAggregateHandler(
  await composeJob(loadRuntimeConfig(process.env), logger),
  logger,
);
