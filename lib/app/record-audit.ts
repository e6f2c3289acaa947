import { randomUUID } from 'node:crypto';
import type { Actor, AuditAction, AuditTarget } from '../domain/audit.js';
import type { AdminDeps } from './deps.js';

/**
 * Appends one admin action to the audit trail. Use cases call it after validating and before
 * changing anything (or before returning a download), so no change or download goes unrecorded; if
 * the change then fails, the trail shows an attempt the data does not reflect, which errs the safe
 * way. `details` must hold no token, answer or comment text.
 */
export const recordAudit = async (
  deps: AdminDeps,
  actor: Actor,
  action: AuditAction,
  target: AuditTarget,
  details: Record<string, unknown> = {},
): Promise<void> => {
  await deps.audit.append({
    id: randomUUID().replaceAll('-', ''),
    at: deps.now().toISOString(),
    actor: { username: actor.username, sub: actor.sub },
    action,
    target,
    details,
    requestId: actor.requestId,
  });
};
