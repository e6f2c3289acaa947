import type { Model, ObjectiveSense } from 'highs';
import {
  type LinearProgram,
  type LpSession,
  type LpSolver,
  LpSolverCrashed,
  type Objective,
  type OptimiseOptions,
} from '../domain/disclosure-audit/solver.js';

/** HiGHS's `simplex_strategy` value for the primal simplex. */
const PRIMAL_SIMPLEX = 4;
/** How far from a whole number a column may lie and still count as whole (HiGHS's own MIP tolerance). */
const WHOLE_TOLERANCE = 1e-6;
/** A WebAssembly trap or abort (`WebAssembly.RuntimeError`, not typed here: the project has no DOM lib). */
const isTrap = (error: unknown): error is Error => error instanceof Error && error.name === 'RuntimeError';
/** An objective target no audit objective reaches (the default, "search to optimality"). */
const NO_TARGET = 1e300;

/**
 * The audit's LP port on HiGHS compiled to WebAssembly (`highs`). The WebAssembly module loads once per
 * process (about 100 ms); every program gets a persistent HiGHS model, so re-optimising it for another
 * objective starts from the previous basis instead of parsing and solving from scratch.
 */
export interface SolverOptions {
  timeLimitSeconds?: number;
  /**
   * Start each programme's first LP solve from its feasible point by crossover (default true). Should
   * HiGHS trap there (see `start`), the WebAssembly instance is unusable, and the audit is run again on
   * a fresh instance without it.
   */
  warmStart?: boolean;
}

export const loadHighsSolver = async (options: SolverOptions = {}): Promise<CrashAwareSolver> => {
  const highs = await (await import('highs')).default();
  const { objectiveSense, modelStatus, variableType } = highs.constants;
  let crashed = false;
  /** Runs a call into WebAssembly: a trap (or an abort) poisons the instance, and every later call refuses. */
  const guarded = <T>(call: () => T): T => {
    if (crashed) throw new LpSolverCrashed('The HiGHS instance failed earlier and cannot be used');
    try {
      return call();
    } catch (error) {
      if (!isTrap(error)) throw error;
      crashed = true;
      throw new LpSolverCrashed(`HiGHS failed inside WebAssembly: ${error.message}`, { cause: error });
    }
  };
  const solver: LpSolver = (program: LinearProgram): LpSession => {
    // Two models of one programme: the LP relaxation (integrality dropped) for most questions, and the
    // MIP, built only when a question needs whole numbers. The LP is solved with the primal simplex
    // from a feasible basis: the first time, one crossed over from the programme's feasible point (the
    // true answers); later, the previous optimum, which a new objective leaves feasible. Tens of
    // iterations each, where the dual simplex starts over every time (hundreds, 5–10 times slower here).
    const models: { lp?: Model; mip?: Model } = {};
    const modelFor = (integer: boolean): Model => {
      const key = integer ? 'mip' : 'lp';
      let model = models[key];
      if (!model) {
        model = highs.createModel(toModelData(program, highs.infinity, integer ? variableType.integer : 0));
        model.options.set({
          output_flag: false,
          // Each objective is a question of its own: a MIP's gap must be closed, not approximated.
          mip_rel_gap: 0,
          // Symmetry detection costs more than it saves on these small, structured programmes.
          mip_detect_symmetry: false,
          ...(options.timeLimitSeconds ? { time_limit: options.timeLimitSeconds } : {}),
        });
        models[key] = model;
      }
      return model;
    };
    const cost = new Float64Array(program.columns.length);
    let started = false;
    /**
     * Crosses the LP model over from the programme's feasible point; whether it did. HiGHS declining
     * the point is fine (the solve starts cold). Its crossover traps now and then ("memory access out
     * of bounds", or an abort), on programmes as small as 16 columns that a fresh instance crosses over
     * without trouble: it reads memory earlier work left behind. A trap means the instance's memory can
     * no longer be trusted, so it propagates: `guarded` marks the engine crashed, nothing more is
     * computed on it, and the audit runs again on a fresh engine without warm starts. (Given duals as
     * well — zero row duals, each column's cost as its reduced cost — it did not trap in any test or
     * benchmark run, but it was slower than no crossover at all: the demo's audit took 2.3 s, against
     * 2.1 s cold and 1.5 s with the primal point alone.)
     */
    const start = (): boolean => {
      if (options.warmStart === false || !program.start || program.start.length !== program.columns.length)
        return false;
      try {
        modelFor(false).crossover({ colValue: Float64Array.from(program.start) });
        return true;
      } catch (error) {
        if (isTrap(error)) throw error;
        return false;
      }
    };
    const integerColumns = program.columns.flatMap((c, i) => (c.integer ? [i] : []));
    let last: Model | undefined;
    let lastInteger = false;
    const optimise = (
      objective: Objective,
      sense: ObjectiveSense,
      { integer = false, enough }: OptimiseOptions,
    ): number | undefined => {
      // A programme without columns (nobody scored) has only the empty objective.
      if (program.columns.length === 0) return 0;
      cost.fill(0);
      objective.columns.forEach((c, i) => {
        cost[c] = (cost[c] as number) + (objective.coefficients[i] as number);
      });
      const prepared = (model: Model) => {
        model.changeColsCost({ kind: 'range', from: 0, to: cost.length - 1 }, cost);
        model.changeObjectiveSense(sense);
        return model;
      };
      const model = prepared(modelFor(integer));
      const minimising = sense === objectiveSense.minimize;
      // HiGHS takes no infinite option values; its default target is "never stop early".
      if (integer) model.options.set({ objective_target: enough ?? (minimising ? -NO_TARGET : NO_TARGET) });
      else if (!started) {
        started = true;
        if (start()) model.options.set({ simplex_strategy: PRIMAL_SIMPLEX });
      }
      model.run();
      last = model;
      lastInteger = integer;
      if (!integer) model.options.set({ simplex_strategy: PRIMAL_SIMPLEX });
      const status = model.getModelStatus();
      return status === modelStatus.optimal ||
        (enough !== undefined && status === modelStatus.objectiveTarget)
        ? model.getObjectiveValue()
        : undefined;
    };
    return {
      minimise: (objective, options = {}) =>
        guarded(() => optimise(objective, objectiveSense.minimize, options)),
      maximise: (objective, options = {}) =>
        guarded(() => optimise(objective, objectiveSense.maximize, options)),
      lastIsWhole: () =>
        guarded(() => {
          if (!last) return false;
          if (lastInteger) return true;
          const { colValue } = last.getSolution();
          return integerColumns.every((c) => {
            const x = colValue[c] as number;
            return Math.abs(x - Math.round(x)) <= WHOLE_TOLERANCE;
          });
        }),
      // Reading a persistent MIP model's solution left HiGHS's WebAssembly memory corrupted in testing
      // (a later call trapped with "memory access out of bounds" or aborted): whole-number solutions come
      // from HiGHS's one-shot MIP call, which copies the model in and the solution out.
      minimiseWhole: (objective) =>
        guarded(() => {
          const wholeCost = new Float64Array(program.columns.length);
          objective.columns.forEach((c, i) => {
            wholeCost[c] = (wholeCost[c] as number) + (objective.coefficients[i] as number);
          });
          const result = highs.raw.mipCall({
            ...toModelData(program, highs.infinity, variableType.integer),
            colCost: wholeCost,
            sense: objectiveSense.minimize,
          });
          return result.value?.modelStatus === modelStatus.optimal
            ? Array.from(result.value.solution.colValue)
            : undefined;
        }),
      // A crashed instance is left alone: its memory is no longer to be trusted, and it is dropped whole.
      close: () => {
        if (crashed) return;
        guarded(() => {
          models.lp?.dispose();
          models.mip?.dispose();
        });
      },
    };
  };
  return { solver, crashed: () => crashed };
};

/** A loaded solver, and whether its engine has failed (then a fresh one must be loaded). */
export interface CrashAwareSolver {
  solver: LpSolver;
  crashed(): boolean;
}

/** The program as HiGHS's compressed sparse rows. */
const toModelData = (program: LinearProgram, infinity: number, integer: 0 | 1) => {
  const { columns, rows } = program;
  const bound = (x: number) =>
    x === Number.POSITIVE_INFINITY ? infinity : x === Number.NEGATIVE_INFINITY ? -infinity : x;
  const starts = new Int32Array(rows.length + 1);
  let nonZeros = 0;
  rows.forEach((row, i) => {
    nonZeros += row.columns.length;
    starts[i + 1] = nonZeros;
  });
  const indices = new Int32Array(nonZeros);
  const values = new Float64Array(nonZeros);
  rows.forEach((row, i) => {
    indices.set(row.columns, starts[i] as number);
    values.set(row.coefficients, starts[i] as number);
  });
  return {
    numCols: columns.length,
    numRows: rows.length,
    colCost: new Float64Array(columns.length),
    colLower: Float64Array.from(columns, (c) => bound(c.lower)),
    colUpper: Float64Array.from(columns, (c) => bound(c.upper)),
    rowLower: Float64Array.from(rows, (r) => bound(r.lower)),
    rowUpper: Float64Array.from(rows, (r) => bound(r.upper)),
    matrix: {
      format: 'csr' as const,
      numRows: rows.length,
      numCols: columns.length,
      starts,
      indices,
      values,
    },
    integrality: Int32Array.from(columns, (c) => (c.integer ? integer : 0)),
  };
};

/**
 * A solver loaded on first use and shared afterwards (one WebAssembly instance per process and
 * setting), loaded again after its engine failed (`LpSolverCrashed`).
 */
/**
 * How long one solve may take in production. The audit's budget is checked between solves only, so
 * this bounds how far one runaway solve can overrun it; a solve cut short answers `undefined`, which
 * the audit treats as unprotected (it hides more, never less).
 */
export const SOLVE_TIME_LIMIT_SECONDS = 30;

export const lazyHighsSolver = (): ((options?: { warmStart?: boolean }) => Promise<LpSolver>) => {
  const loaded = new Map<boolean, Promise<CrashAwareSolver>>();
  return async ({ warmStart = true } = {}) => {
    let current = loaded.get(warmStart);
    if (!current || (await current).crashed()) {
      current = loadHighsSolver({ warmStart, timeLimitSeconds: SOLVE_TIME_LIMIT_SECONDS });
      loaded.set(warmStart, current);
    }
    return (await current).solver;
  };
};
