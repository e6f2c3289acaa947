/**
 * Every HTTP route of the public contract and the function that serves it. The CDK stack creates one
 * API Gateway route per entry, the local server matches requests against the same list, and each
 * function dispatches on the route key. Pure data: no imports, safe to bundle anywhere.
 */
export const FUNCTION_ROUTES = {
  respondent: [
    'GET /s/{token}',
    'POST /s/{token}',
    'GET /s/{token}/thanks',
    'GET /api/s/{token}',
    'PUT /api/s/{token}/response',
  ],
  admin: [
    'GET /admin/collaborations',
    'PUT /admin/collaborations/{c}',
    'GET /admin/collaborations/{c}',
    'PUT /admin/collaborations/{c}/surveys/{s}',
    'GET /admin/collaborations/{c}/surveys',
    'GET /admin/collaborations/{c}/surveys/{s}',
    'POST /admin/collaborations/{c}/surveys/{s}/waves',
    'GET /admin/collaborations/{c}/surveys/{s}/waves',
    'GET /admin/collaborations/{c}/surveys/{s}/waves/{w}',
    'PATCH /admin/collaborations/{c}/surveys/{s}/waves/{w}',
    'POST /admin/collaborations/{c}/surveys/{s}/waves/{w}/close',
    'POST /admin/collaborations/{c}/surveys/{s}/links',
    'GET /admin/collaborations/{c}/surveys/{s}/links',
    'POST /admin/collaborations/{c}/surveys/{s}/links/revoke',
    'DELETE /admin/collaborations/{c}/surveys/{s}/links/{id}',
    'GET /admin/collaborations/{c}/surveys/{s}/aggregates',
    'GET /admin/collaborations/{c}/surveys/{s}/comments',
    'GET /admin/collaborations/{c}/surveys/{s}/report',
    'POST /admin/collaborations/{c}/surveys/{s}/report-links',
    'POST /admin/aggregate',
    'GET /admin/audit',
  ],
  public: ['GET /openapi.json', 'GET /assets/{name}'],
  // Static segments come before `{…}` ones: the local server takes the first match.
  console: [
    'GET /console',
    'GET /console/sign-in',
    'POST /console/sign-in',
    'GET /console/callback',
    'POST /console/sign-out',
    'GET /console/collaborations',
    'GET /console/collaborations/new',
    'POST /console/collaborations',
    'GET /console/collaborations/{c}',
    'GET /console/collaborations/{c}/edit',
    'POST /console/collaborations/{c}',
    'GET /console/collaborations/{c}/surveys/new',
    'POST /console/collaborations/{c}/surveys',
    'GET /console/collaborations/{c}/surveys/{s}',
    'GET /console/collaborations/{c}/surveys/{s}/edit',
    'POST /console/collaborations/{c}/surveys/{s}',
    'POST /console/collaborations/{c}/surveys/{s}/waves',
    'GET /console/collaborations/{c}/surveys/{s}/waves/{w}',
    'POST /console/collaborations/{c}/surveys/{s}/waves/{w}',
    'POST /console/collaborations/{c}/surveys/{s}/waves/{w}/close',
    'GET /console/collaborations/{c}/surveys/{s}/links',
    'POST /console/collaborations/{c}/surveys/{s}/links',
    'GET /console/collaborations/{c}/surveys/{s}/links/revoke',
    'POST /console/collaborations/{c}/surveys/{s}/links/revoke',
    'GET /console/collaborations/{c}/surveys/{s}/results',
    'GET /console/collaborations/{c}/surveys/{s}/results/report',
    'GET /console/collaborations/{c}/surveys/{s}/results/download',
  ],
} as const;

export type FunctionName = keyof typeof FUNCTION_ROUTES;
export type RouteKey = (typeof FUNCTION_ROUTES)[FunctionName][number];

/**
 * A function's route table: one handler for each of its route keys, no more and no fewer. Declaring a
 * map with this type makes a missing (or unknown) route a compile error instead of a 404 at run time.
 */
export type RouteMap<F extends FunctionName, Handler> = {
  readonly [K in (typeof FUNCTION_ROUTES)[F][number]]: Handler;
};

/**
 * Where Cognito sends the console's browser back, after sign-in and after sign-out. Cognito only
 * redirects to a URL registered with the app client, character for character, so the stack
 * registers these very paths (infra/aws/support-team-auth.ts) and the console sends them
 * (functions/console/sign-in.ts).
 */
export const CONSOLE_CALLBACK_PATH = '/console/callback';
export const CONSOLE_SIGNED_OUT_PATH = '/console/sign-in?signedOut';
