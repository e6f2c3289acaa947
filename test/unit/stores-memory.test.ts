import {
  createMemoryStores,
  MemoryAggregationStateStore,
  MemoryAuditTrail,
  MemoryLeaseStore,
  MemoryObjectStore,
} from '../../lib/stores/memory/index.js';
import { storeContract } from '../contract/stores.js';

storeContract('in memory', () => ({
  ...createMemoryStores(),
  leases: new MemoryLeaseStore(),
  aggregationState: new MemoryAggregationStateStore(),
  objects: new MemoryObjectStore(),
  audit: new MemoryAuditTrail(),
}));
