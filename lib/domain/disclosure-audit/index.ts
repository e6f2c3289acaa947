/**
 * The full linear audit of a survey's published tables (DESIGN "Disclosure audit"): pure and
 * synchronous, given an LP solver loaded by the application layer.
 */
export type { Finding, Weakness } from './audit.js';
export {
  AuditBudgetExceeded,
  checkSuppression,
  chooseSuppression,
  protectRulePattern,
  type WaveAudit,
  type WaveAuditOptions,
} from './choose.js';
export {
  AUDIT_VERSION,
  type AuditSummary,
  auditPublishedWave,
  type PublishedCell,
  publishAuditedWave,
  summariseAudits,
  type WaveAuditFigures,
} from './publish.js';
export type {
  Column,
  LinearProgram,
  LpSession,
  LpSolver,
  Objective,
  OptimiseOptions,
  Row,
} from './solver.js';
export { LpSolverCrashed } from './solver.js';
