import type middy from '@middy/core';
import type { RuntimeConfig } from '../../lib/config.js';
import { secretsEqual } from '../../lib/crypto.js';
import { ForbiddenError, UnauthorizedError } from '../../lib/errors.js';
import { type HttpEvent, type HttpResult, header } from '../../lib/http/types.js';

/** API Gateway passes array claims as "[a b]" strings; accept that, JSON arrays and plain strings. */
export const groupsOf = (claim: unknown): string[] => {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .map((g) => g.replace(/^"|"$/g, ''))
    .filter(Boolean);
};

/**
 * The group rule shared by the admin API and the console: the support-team group may do everything;
 * `{group}:{collaborationId}` may act on that collaboration only (no collaboration: nothing).
 */
export const mayAccess = (groups: readonly string[], adminGroup: string, collaborationId?: string): boolean =>
  groups.includes(adminGroup) ||
  (collaborationId !== undefined && groups.includes(`${adminGroup}:${collaborationId}`));

/**
 * Support-team authorisation for every admin route.
 * - local mode: `Authorization: Bearer <PULSE_ADMIN_TOKEN>`, compared in constant time;
 * - AWS: API Gateway's JWT authorizer has verified the Cognito token (401 before we run); the
 *   authorizer cannot check groups, so we answer 403 unless `cognito:groups` holds either the
 *   support-team group (every collaboration, and running the job) or `{group}:{collaborationId}`
 *   (that collaboration's routes only). The audit trail (`GET /admin/audit`) spans every
 *   collaboration: the support-team group or the auditor group may read it, scoped members may not.
 */
const AUDIT_ROUTE = 'GET /admin/audit';

export const authorizeSupportTeam = (
  config: Pick<RuntimeConfig, 'mode' | 'adminToken' | 'adminGroup' | 'auditorGroup'>,
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
    const groups = groupsOf(claims['cognito:groups']);
    if (groups.includes(config.adminGroup)) return;
    if (event.routeKey === AUDIT_ROUTE) {
      if (groups.includes(config.auditorGroup)) return;
      throw new ForbiddenError(
        `Membership of the "${config.adminGroup}" or "${config.auditorGroup}" group is required`,
      );
    }
    const collaborationId = event.pathParameters?.c;
    if (mayAccess(groups, config.adminGroup, collaborationId)) return;
    throw new ForbiddenError(
      collaborationId
        ? `Membership of the "${config.adminGroup}" or "${config.adminGroup}:${collaborationId}" group is required`
        : `Membership of the "${config.adminGroup}" group is required`,
    );
  },
});
