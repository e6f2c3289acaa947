import { lazyHighsSolver } from '../../lib/app/highs-solver.js';
import type { SupportTeamDeps } from '../../lib/app/job-deps.js';
import type { Actor } from '../../lib/domain/audit.js';
import {
  createMemoryStores,
  MemoryAggregationStateStore,
  MemoryAuditTrail,
  MemoryLeaseStore,
  MemoryObjectLinks,
  MemoryObjectStore,
} from '../../lib/stores/memory/index.js';
import { type TestClock, testClock } from './clock.js';

/** Who the support team's use cases record in the audit trail during a test. */
export const TEST_ACTOR: Actor = { username: 'test admin', sub: null, requestId: 'req-test' };

/** Everything the use cases and the job need, in memory, on a test clock. Nothing is shared between calls. */
export const memoryDeps = (clock: TestClock = testClock('2029-11-05T09:00:00.000Z')) => {
  const objects = new MemoryObjectStore();
  const deps: SupportTeamDeps = {
    stores: createMemoryStores(),
    hmacSecret: Buffer.from('memory-test-hmac-secret-0123456789abcdef'),
    now: clock.now,
    objects,
    objectLinks: new MemoryObjectLinks(objects),
    leases: new MemoryLeaseStore(),
    aggregationState: new MemoryAggregationStateStore(),
    log: () => {},
    logError: () => {},
    // The real solver: the disclosure audit is part of what the job computes.
    lpSolver: lazyHighsSolver(),
    audit: new MemoryAuditTrail(),
  };
  return { deps, clock, objects };
};
