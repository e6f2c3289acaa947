import type { JobDeps } from '../../lib/app/job-deps.js';
import {
  createMemoryStores,
  MemoryAggregationStateStore,
  MemoryLeaseStore,
  MemoryObjectStore,
} from '../../lib/stores/memory/index.js';
import { type TestClock, testClock } from './clock.js';

/** Everything the use cases and the job need, in memory, on a test clock. Nothing is shared between calls. */
export const memoryDeps = (clock: TestClock = testClock('2029-11-05T09:00:00.000Z')) => {
  const objects = new MemoryObjectStore();
  const deps: JobDeps = {
    stores: createMemoryStores(),
    hmacSecret: Buffer.from('memory-test-hmac-secret-0123456789abcdef'),
    now: clock.now,
    objects,
    leases: new MemoryLeaseStore(),
    aggregationState: new MemoryAggregationStateStore(),
    log: () => {},
    logError: () => {},
  };
  return { deps, clock, objects };
};
