import { composeSupportTeam } from '../../lib/composition.js';
import { loadRuntimeConfig } from '../../lib/config.js';
import { createLogger } from '../../lib/logger.js';
import { createAdminHandler } from './function.js';

const config = loadRuntimeConfig(process.env);

/** Lambda entry: compose once per cold start, then serve the support team's routes. */
export const handler = createAdminHandler(await composeSupportTeam(config, createLogger('admin')), config);
