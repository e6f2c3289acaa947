import { type Actor, LOCAL_ADMIN } from '../../lib/domain/audit.js';
import type { HttpEvent } from '../../lib/http/types.js';

/**
 * Who is calling, for the audit trail. On AWS the JWT authorizer has verified the Cognito token:
 * access tokens name the user in `username`, ID tokens in `cognito:username`, and both carry `sub`.
 * Without claims the request passed the local stack's admin-token check (authorizeSupportTeam runs
 * first), so it is the local admin.
 */
export const actorOf = (event: HttpEvent): Actor => {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  const requestId = event.requestContext.requestId;
  if (!claims) return { username: LOCAL_ADMIN, sub: null, requestId };
  const sub = typeof claims.sub === 'string' ? claims.sub : null;
  const username = claims['cognito:username'] ?? claims.username ?? sub ?? 'unknown';
  return { username: String(username), sub, requestId };
};
