import type { AppDeps } from '../../lib/app/deps.js';
import type { RuntimeConfig } from '../../lib/config.js';
import { httpFunction } from '../../lib/http/http-function.js';
import { createLogger } from '../../lib/logger.js';
import { authorizeSupportTeam } from './auth.js';
import { adminRoutes } from './routes.js';

export const createAdminHandler = (
  deps: AppDeps,
  config: Pick<RuntimeConfig, 'mode' | 'adminToken' | 'adminGroup'>,
) =>
  httpFunction({
    deps,
    logger: createLogger('admin'),
    routes: adminRoutes,
    before: [authorizeSupportTeam(config)],
  });
