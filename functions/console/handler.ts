import { composeSupportTeam } from '../../lib/composition.js';
import { loadRuntimeConfig } from '../../lib/config.js';
import { createLogger } from '../../lib/logger.js';
import { createConsoleHandler } from './function.js';

const config = loadRuntimeConfig(process.env);

/** Lambda entry: compose once per cold start, then serve the support console's pages. */
export const handler = createConsoleHandler(
  await composeSupportTeam(config, createLogger('console')),
  config,
);
