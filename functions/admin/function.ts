import type { JobDeps } from '../../lib/app/job-deps.js';
import type { RuntimeConfig } from '../../lib/config.js';
import { httpFunction } from '../../lib/http/http-function.js';
import { createLogger } from '../../lib/logger.js';
import { createMetrics } from '../../lib/metrics.js';
import { authorizeSupportTeam } from './auth.js';
import { validPathIds } from './path-ids.js';
import { adminRoutes } from './routes.js';

export const createAdminHandler = (
  deps: JobDeps,
  config: Pick<RuntimeConfig, 'mode' | 'adminToken' | 'adminGroup'>,
) =>
  httpFunction({
    deps,
    logger: createLogger('admin'),
    metrics: createMetrics('admin'),
    routes: adminRoutes,
    before: [authorizeSupportTeam(config), validPathIds()],
  });
