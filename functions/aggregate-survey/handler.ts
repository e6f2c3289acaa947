import { composeJob } from '../../lib/composition.js';
import { loadRuntimeConfig } from '../../lib/config.js';
import { createLogger } from '../../lib/logger.js';
import { createSurveyWorker } from './function.js';

const logger = createLogger('aggregate-survey');

/** Lambda entry for the fan-out's worker (SQS, one survey per message): compose once per cold start. */
export const handler = createSurveyWorker(await composeJob(loadRuntimeConfig(process.env), logger), logger);
