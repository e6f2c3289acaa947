import type { SupportTeamDeps } from '../../lib/app/job-deps.js';
import type { RuntimeConfig } from '../../lib/config.js';
import { httpFunction } from '../../lib/http/http-function.js';
import { createLogger } from '../../lib/logger.js';
import { createMetrics } from '../../lib/metrics.js';
import { authorizeSupportTeam } from './auth.js';
import { validPathIds } from './path-ids.js';
import { adminRoutes } from './routes.js';

export const createAdminHandler = (
  deps: SupportTeamDeps,
  config: Pick<RuntimeConfig, 'mode' | 'adminToken' | 'adminGroup' | 'auditorGroup'>,
) =>
  httpFunction({
    deps,
    logger: createLogger('admin'),
    metrics: createMetrics('admin'),
    routes: adminRoutes,
    before: [authorizeSupportTeam(config), validPathIds()],
  });
