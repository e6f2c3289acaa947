import { type Actor, auditQuerySchema } from '../domain/audit.js';
import type { AuditPage } from '../stores/ports.js';
import type { AdminDeps } from './deps.js';
import { recordAudit } from './record-audit.js';
import { parseOrThrow } from './validate.js';

/** Events per page of `GET /admin/audit`; `next` asks for the following page. */
export const AUDIT_PAGE_SIZE = 500;
const DEFAULT_DAYS = 7;

/**
 * The audit trail for auditors and the support team:
 * 1. validate the query (`from`/`to` ISO times; `to` defaults to now, `from` to a week before `to`);
 * 2. record that the trail was read (reading it is itself an action an auditor wants to see);
 * 3. return the events in the range, oldest first, a page at a time.
 */
export const readAuditTrail = async (deps: AdminDeps, actor: Actor, query: unknown): Promise<AuditPage> => {
  const parsed = parseOrThrow(auditQuerySchema, query ?? {}, 'audit query');
  const to = parsed.to ? new Date(parsed.to) : deps.now();
  const from = parsed.from ? new Date(parsed.from) : new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
  await recordAudit(deps, actor, 'audit.read', {}, { from: from.toISOString(), to: to.toISOString() });
  return deps.audit.list({ from, to, after: parsed.after, limit: AUDIT_PAGE_SIZE });
};
