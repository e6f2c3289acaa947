import type { LeaseStore } from '../ports.js';

/** The same rule as the conditional put: free, expired or already ours. */
export class MemoryLeaseStore implements LeaseStore {
  private readonly leases = new Map<string, { owner: string; expiresAt: number }>();

  async acquire(name: string, owner: string, ttlMs: number, now: Date): Promise<boolean> {
    const held = this.leases.get(name);
    if (held && held.expiresAt >= now.getTime() && held.owner !== owner) return false;
    this.leases.set(name, { owner, expiresAt: now.getTime() + ttlMs });
    return true;
  }

  async release(name: string, owner: string): Promise<void> {
    if (this.leases.get(name)?.owner === owner) this.leases.delete(name);
  }
}
