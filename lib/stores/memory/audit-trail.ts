import type { AuditEvent } from '../../domain/audit.js';
import { ConflictError } from '../../errors.js';
import type { AuditPage, AuditTrail } from '../ports.js';

/** `{at}_{id}`, as the S3 adapter names events: time order is name order. */
const nameOf = (event: Pick<AuditEvent, 'at' | 'id'>) => `${event.at}_${event.id}`;

/** The audit trail in a sorted list: append-only, so an event once appended is never replaced. */
export class MemoryAuditTrail implements AuditTrail {
  private readonly events = new Map<string, AuditEvent>();

  async append(event: AuditEvent): Promise<void> {
    const name = nameOf(event);
    if (this.events.has(name)) throw new ConflictError(`Audit event ${name} exists already`);
    this.events.set(name, structuredClone(event));
  }

  async list(query: { from: Date; to: Date; after?: string; limit: number }): Promise<AuditPage> {
    const from = query.from.toISOString();
    const to = query.to.toISOString();
    // A cursor from before `from` does not widen the range, as with the S3 listing's StartAfter.
    const start = query.after && query.after >= from ? query.after : from;
    const inRange = [...this.events.keys()]
      .sort()
      .filter((name) => name > start && (name.split('_')[0] ?? '') <= to);
    const page = inRange.slice(0, query.limit);
    const events = page.map((name) => structuredClone(this.events.get(name) as AuditEvent));
    const last = page.at(-1);
    return { events, next: inRange.length > query.limit && last ? last : null };
  }
}
