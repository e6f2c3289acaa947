import type { UnlabelledCell, WaveAccumulator } from '../domain/aggregation/index.js';
import {
  type AuditSummary,
  publishAuditedWave,
  summariseAudits,
  type WaveAudit,
} from '../domain/disclosure-audit/index.js';
import type { JobDeps } from './job-deps.js';

/**
 * How long one survey's audit may take. Beyond it the audit stops with `AuditBudgetExceeded`: the run
 * fails for that survey (logged, counted in `SurveysFailed`, which alarms) and publishes nothing new,
 * so nothing unaudited is ever published. The national-size benchmark needs a fraction of this.
 */
export const AUDIT_BUDGET_MS = 120_000;

/**
 * Disclosure control for a survey's closed waves, chosen and proven by the disclosure audit:
 * 1. load the LP solver (once per process);
 * 2. per wave, start from the per-relation rule, hide what the audit needs, publish again what it
 *    does not (`publishAuditedWave`), within the budget;
 * 3. sum up the snapshot's `audit`.
 */
export const auditWaves = async (
  deps: Pick<JobDeps, 'lpSolver' | 'log'>,
  minGroupSize: number,
  accumulators: readonly WaveAccumulator[],
): Promise<{ waves: UnlabelledCell[][]; audits: WaveAudit[]; audit: AuditSummary }> => {
  const solver = await deps.lpSolver();
  // Elapsed time, not the business clock (`deps.now`), which tests may hold still.
  const started = performance.now();
  const overBudget = () => performance.now() - started > AUDIT_BUDGET_MS;
  const audited = accumulators.map((accumulator) =>
    publishAuditedWave(accumulator, { minGroupSize, solver, overBudget }),
  );
  const audit = summariseAudits(
    audited.map((a) => a.audit),
    performance.now() - started,
  );
  return { waves: audited.map((a) => a.cells), audits: audited.map((a) => a.audit), audit };
};
