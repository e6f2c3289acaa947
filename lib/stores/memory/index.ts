import type { Stores } from '../ports.js';
import { MemoryAggregationStateStore } from './aggregation-state.js';
import { MemoryAuditTrail } from './audit-trail.js';
import { MemoryCollaborationStore } from './collaborations.js';
import { MemoryLeaseStore } from './leases.js';
import { MemoryLinkStore } from './links.js';
import { MemoryObjectStore } from './objects.js';
import { MemoryResponseStore } from './responses.js';
import { MemorySurveyStore } from './surveys.js';
import { MemoryWaveStore } from './waves.js';

/**
 * In-memory adapters for every port: they pass the same contract tests as the DynamoDB and S3
 * adapters (test/contract/), so use-case tests can run on them with no emulator.
 */
export const createMemoryStores = (): Stores => ({
  collaborations: new MemoryCollaborationStore(),
  surveys: new MemorySurveyStore(),
  waves: new MemoryWaveStore(),
  links: new MemoryLinkStore(),
  responses: new MemoryResponseStore(),
});

export { MemoryObjectLinks } from './object-links.js';
export {
  MemoryAggregationStateStore,
  MemoryAuditTrail,
  MemoryCollaborationStore,
  MemoryLeaseStore,
  MemoryLinkStore,
  MemoryObjectStore,
  MemoryResponseStore,
  MemorySurveyStore,
  MemoryWaveStore,
};
