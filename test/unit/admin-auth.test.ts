import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createAdminHandler } from '../../functions/admin/function.js';
import type { HttpEvent } from '../../lib/http/types.js';
import { httpEvent } from '../support/events.js';
import { memoryDeps } from '../support/memory.js';

// On AWS the JWT authorizer has already verified the token; the handler decides on groups.
const handler = createAdminHandler(memoryDeps().deps, {
  mode: 'aws',
  adminToken: undefined,
  adminGroup: 'support-team',
  auditorGroup: 'auditor',
});

const event = (groups: string | undefined, c = 'se-essex'): HttpEvent =>
  httpEvent('GET /admin/collaborations/{c}', {
    pathParameters: { c },
    requestContext:
      groups === undefined ? {} : { authorizer: { jwt: { claims: { sub: 'u', 'cognito:groups': groups } } } },
  });

const status = async (e: HttpEvent) => (await handler(e, {} as Context)).statusCode;

describe('support-team authorisation on AWS', () => {
  it('answers 401 without verified claims, even with a bearer token (local tokens mean nothing on AWS)', async () => {
    const withToken = {
      ...event(undefined),
      headers: { authorization: 'Bearer anything-at-all-0123456789' },
    };

    expect(await status(event(undefined))).toBe(401);
    expect(await status(withToken)).toBe(401);
  });

  it('answers 403 without the group, whatever other groups the user has', async () => {
    expect(await status(event('[readers auditors]'))).toBe(403);
    expect(await status(event(''))).toBe(403);
    expect(await status(event('[support-team:other-alliance]'))).toBe(403);
  });

  it('lets the support-team group in, in every form API Gateway passes array claims', async () => {
    // 404: past authorisation, the collaboration does not exist in the (empty) store.
    expect(await status(event('[support-team]'))).toBe(404);
    expect(await status(event('[readers support-team]'))).toBe(404);
    expect(await status(event('support-team'))).toBe(404);
  });

  it("lets a collaboration's own group in to that collaboration only", async () => {
    expect(await status(event('[support-team:se-essex]'))).toBe(404);
    expect(await status(event('[support-team:se-essex]', 'another'))).toBe(403);
  });

  it('lets the auditor group read the audit trail and nothing else; scoped members may not read it', async () => {
    const audit = (groups: string): HttpEvent =>
      ({ ...event(groups), routeKey: 'GET /admin/audit', pathParameters: {} }) as HttpEvent;

    expect(await status(audit('[auditor]'))).toBe(200);
    expect(await status(audit('[support-team]'))).toBe(200);
    expect(await status(audit('[support-team:se-essex]'))).toBe(403);
    expect(await status(audit('[readers]'))).toBe(403);
    expect(await status(event('[auditor]'))).toBe(403);
  });
});
