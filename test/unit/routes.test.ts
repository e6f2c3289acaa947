import { describe, expect, it } from 'vitest';
import { adminRoutes } from '../../functions/admin/routes.js';
import { respondentRoutes } from '../../functions/respondent/routes.js';
import { FUNCTION_ROUTES, type RouteMap } from '../../functions/routes.js';

describe('route maps', () => {
  it('give each function a handler for exactly its route keys', () => {
    expect(Object.keys(adminRoutes).sort()).toEqual([...FUNCTION_ROUTES.admin].sort());
    expect(Object.keys(respondentRoutes).sort()).toEqual([...FUNCTION_ROUTES.respondent].sort());
  });

  it('do not compile with a route missing or one that is not the function’s (checked by tsc)', () => {
    // @ts-expect-error 'GET /assets/{name}' has no handler
    const missing: RouteMap<'public', number> = { 'GET /openapi.json': 1 };
    const unknown: RouteMap<'public', number> = {
      'GET /openapi.json': 1,
      'GET /assets/{name}': 2,
      // @ts-expect-error not a route of the public function
      'GET /s/{token}': 3,
    };
    expect([missing, unknown]).toHaveLength(2);
  });
});
