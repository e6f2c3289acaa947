import type { ConsoleRoute } from './auth.js';
import { collaborationsRoutes } from './pages/collaborations.js';
import { linksRoutes } from './pages/links.js';
import { resultsRoutes } from './pages/results.js';
import { surveysRoutes } from './pages/surveys.js';
import { wavesRoutes } from './pages/waves.js';

/** Every page behind sign-in, by route key: one module per part of the console. */
export const pageRoutes: Record<string, ConsoleRoute> = {
  ...collaborationsRoutes,
  ...surveysRoutes,
  ...wavesRoutes,
  ...linksRoutes,
  ...resultsRoutes,
};
