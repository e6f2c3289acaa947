import type middy from '@middy/core';
import type { RuntimeConfig } from '../../lib/config.js';
import { secretsEqual } from '../../lib/crypto.js';
import { ForbiddenError, UnauthorizedError } from '../../lib/errors.js';
import { type HttpEvent, type HttpResult, header } from '../../lib/http/types.js';

/** API Gateway passes array claims as "[a b]" strings; accept that, JSON arrays and plain strings. */
const groupsOf = (claim: unknown): string[] => {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .map((g) => g.replace(/^"|"$/g, ''))
    .filter(Boolean);
};

/**
 * Support-team authorisation for every admin route.
 * - local mode: `Authorization: Bearer <PULSE_ADMIN_TOKEN>`, compared in constant time;
 * - AWS: API Gateway's JWT authorizer has verified the Cognito token (401 before we run); we answer 403
 *   unless its `cognito:groups` holds the support-team group, which the authorizer cannot check.
 */
export const authorizeSupportTeam = (
  config: Pick<RuntimeConfig, 'mode' | 'adminToken' | 'adminGroup'>,
): middy.MiddlewareObj<HttpEvent, HttpResult> => ({
  before: ({ event }) => {
    if (config.mode === 'local') {
      const presented = /^Bearer\s+(.+)$/i.exec(header(event, 'authorization') ?? '')?.[1];
      if (!presented || !config.adminToken || !secretsEqual(presented, config.adminToken)) {
        throw new UnauthorizedError();
      }
      return;
    }
    const claims = event.requestContext.authorizer?.jwt?.claims;
    if (!claims) throw new UnauthorizedError();
    if (!groupsOf(claims['cognito:groups']).includes(config.adminGroup)) {
      throw new ForbiddenError(`Membership of the "${config.adminGroup}" group is required`);
    }
  },
});
