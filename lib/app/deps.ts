import type { Stores } from '../stores/ports.js';

/** What every use case is given: its stores, the HMAC secret for response keys, and a clock. */
export interface AppDeps {
  stores: Stores;
  /** Server secret for response and comment keys (privacy rule 2); never leaves the process. */
  hmacSecret: Buffer;
  now: () => Date;
}
