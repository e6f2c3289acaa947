import type { ThresholdFloors } from '../domain/collaboration.js';
import type { AuditTrail, Stores } from '../stores/ports.js';

/** What every use case is given: its stores, the HMAC secret for response keys, and a clock. */
export interface AppDeps {
  stores: Stores;
  /** Server secret for response and comment keys (privacy rule 2); never leaves the process. */
  hmacSecret: Buffer;
  now: () => Date;
  /** Where survey links point (`https://host`, no trailing slash); else the request's own origin. */
  publicBaseUrl?: string;
  /** The deployment's threshold floors (rule 9); `DEFAULT_THRESHOLD_FLOORS` when not given. */
  thresholdFloors?: ThresholdFloors;
}

/** The support team's use cases also append to the audit trail. */
export interface AdminDeps extends AppDeps {
  audit: AuditTrail;
}
