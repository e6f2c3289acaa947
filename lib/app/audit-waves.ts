import type { UnlabelledCell, WaveAccumulator } from '../domain/aggregation/index.js';
import {
  type AuditSummary,
  auditPublishedWave,
  type LpSolver,
  LpSolverCrashed,
  type PublishedCell,
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

/** A wave published earlier, to audit again as it was published (its figures are kept). */
export interface PublishedWave {
  accumulator: WaveAccumulator;
  cells: readonly PublishedCell[];
  /** The threshold in force when it was published: the cells it protects are the ones to audit. */
  minGroupSize: number;
}

/** What auditing a published wave found: its hidden sensitive cells left unprotected, and cells that no longer match. */
export interface PublishedWaveAudit {
  checked: number;
  unsafe: number;
  mismatched: number;
}

/**
 * Disclosure control for a survey's closed waves, chosen and proven by the disclosure audit, all within
 * one budget:
 * 1. load the LP solver (once per process, and only when a wave is to be audited);
 * 2. per wave to publish now, start from the per-relation rule, hide what the audit needs, publish
 *    again what it does not (`publishAuditedWave`);
 * 3. per wave published earlier under older rules, audit its pattern as it stands (`auditPublishedWave`);
 * 4. sum up the snapshot's `audit` for the waves published now.
 */
export const auditWaves = async (
  deps: Pick<JobDeps, 'lpSolver' | 'auditBudgetMs' | 'log'>,
  minGroupSize: number,
  accumulators: readonly WaveAccumulator[],
  published: readonly PublishedWave[] = [],
): Promise<{
  waves: UnlabelledCell[][];
  audits: WaveAudit[];
  audit: AuditSummary;
  published: PublishedWaveAudit[];
}> => {
  // Most runs and downloads find every wave frozen: they need no solver, so none is loaded (its
  // WebAssembly would otherwise add to every cold start).
  if (accumulators.length === 0 && published.length === 0) {
    return { waves: [], audits: [], audit: summariseAudits([], 0), published: [] };
  }
  // Elapsed time, not the business clock (`deps.now`), which tests may hold still.
  const started = performance.now();
  const budget = deps.auditBudgetMs ?? AUDIT_BUDGET_MS;
  const overBudget = () => performance.now() - started > budget;
  const run = (solver: LpSolver) => {
    const audited = accumulators.map((accumulator) =>
      publishAuditedWave(accumulator, { minGroupSize, solver, overBudget }),
    );
    const audit = summariseAudits(
      audited.map((a) => a.audit),
      performance.now() - started,
    );
    const rechecked = published.map((wave) => {
      const { audit: found, mismatched } = auditPublishedWave(wave.accumulator, wave.cells, {
        minGroupSize: wave.minGroupSize,
        solver,
        overBudget,
      });
      return { checked: found.checked, unsafe: found.unsafe.length, mismatched };
    });
    return { audited, audit, rechecked };
  };
  let result: ReturnType<typeof run>;
  try {
    result = run(await deps.lpSolver());
  } catch (error) {
    if (!(error instanceof LpSolverCrashed)) throw error;
    // The engine failed inside (its warm start is what has been seen to fail): nothing from it is
    // kept, and the whole audit runs again on a fresh engine that starts every programme cold.
    deps.log('disclosure audit solver failed; auditing again without warm starts', { error: error.message });
    result = run(await deps.lpSolver({ warmStart: false }));
  }
  const { audited, audit, rechecked } = result;
  return {
    waves: audited.map((a) => a.cells),
    audits: audited.map((a) => a.audit),
    audit,
    published: rechecked,
  };
};
