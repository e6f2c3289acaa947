import type { LpSolver } from '../domain/disclosure-audit/index.js';
import type { AggregationStateStore, LeaseStore, ObjectLinks, ObjectStore } from '../stores/ports.js';
import type { AdminDeps, AppDeps } from './deps.js';

/** What the scheduled job needs beyond the use cases' stores: the bucket, leases and its own memory. */
export interface JobDeps extends AppDeps {
  objects: ObjectStore;
  objectLinks: ObjectLinks;
  leases: LeaseStore;
  aggregationState: AggregationStateStore;
  log: (message: string, data?: Record<string, unknown>) => void;
  /**
   * The disclosure audit's LP solver, loaded once per process on first use (HiGHS in WebAssembly), and
   * again after it failed inside (`LpSolverCrashed`); `warmStart: false` gives one that never starts a
   * programme from its feasible point (slower, for a second attempt after such a failure).
   */
  lpSolver: (options?: { warmStart?: boolean }) => Promise<LpSolver>;
  /** How long one survey's disclosure audit may take (default `AUDIT_BUDGET_MS`; tests shorten it). */
  auditBudgetMs?: number;
  /** A failure an operator must see: logged at ERROR with the error's stack. */
  logError: (message: string, error: unknown, data?: Record<string, unknown>) => void;
  /** The deployment's retention of raw responses (months) where a collaboration sets none; `DEFAULT_RETENTION_MONTHS` when not given. */
  retentionMonths?: number;
}

/** The support team's function (admin API, console): the job's deps, since it can run it, plus the audit trail. */
export interface SupportTeamDeps extends JobDeps, AdminDeps {}
