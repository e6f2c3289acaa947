import { NotFoundError } from '../../lib/errors.js';
import { httpFunction, type RouteHandler } from '../../lib/http/http-function.js';
import { openApiDocument } from '../../lib/http/openapi.js';
import { json, pathParam } from '../../lib/http/types.js';
import { createLogger } from '../../lib/logger.js';
import { createMetrics } from '../../lib/metrics.js';
import { ASSETS, isAssetName, readAsset } from '../../lib/views/assets.js';
import type { RouteMap } from '../routes.js';

/** Routes that need no data and no auth: the API description and the pages' stylesheet. */
export const createPublicHandler = () => {
  const document = openApiDocument();
  return httpFunction({
    deps: {},
    logger: createLogger('public'),
    metrics: createMetrics('public'),
    routes: {
      // A total map (RouteMap): a route added to FUNCTION_ROUTES.public without a handler does not compile.
      'GET /openapi.json': async () => json(200, document, { 'cache-control': 'public, max-age=300' }),
      'GET /assets/{name}': async (_deps, event) => {
        const name = pathParam(event, 'name');
        if (!isAssetName(name)) throw new NotFoundError(`No asset "${name}"`);
        return {
          statusCode: 200,
          headers: { 'content-type': ASSETS[name].contentType, 'cache-control': 'public, max-age=86400' },
          body: readAsset(name).toString('utf8'),
        };
      },
    } satisfies RouteMap<'public', RouteHandler<unknown>>,
  });
};
