import type { Model, ObjectiveSense } from 'highs';
import type {
  LinearProgram,
  LpSession,
  LpSolver,
  Objective,
  OptimiseOptions,
} from '../domain/disclosure-audit/solver.js';

/** HiGHS's `simplex_strategy` value for the primal simplex. */
const PRIMAL_SIMPLEX = 4;
/** How far from a whole number a column may lie and still count as whole (HiGHS's own MIP tolerance). */
const WHOLE_TOLERANCE = 1e-6;
/** An objective target no audit objective reaches (the default, "search to optimality"). */
const NO_TARGET = 1e300;

/**
 * The audit's LP port on HiGHS compiled to WebAssembly (`highs`). The WebAssembly module loads once per
 * process (about 100 ms); every program gets a persistent HiGHS model, so re-optimising it for another
 * objective starts from the previous basis instead of parsing and solving from scratch.
 */
export const loadHighsSolver = async (options: { timeLimitSeconds?: number } = {}): Promise<LpSolver> => {
  const highs = await (await import('highs')).default();
  const { objectiveSense, modelStatus, variableType } = highs.constants;
  return (program: LinearProgram): LpSession => {
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
    /** A basis at the programme's feasible point; without one, the first solve is the dual simplex's from scratch. */
    const start = (model: Model): boolean => {
      if (!program.start || program.start.length !== program.columns.length) return false;
      try {
        model.crossover({ colValue: Float64Array.from(program.start) });
        return true;
      } catch {
        return false;
      }
    };
    const integerColumns = program.columns.flatMap((c, i) => (c.integer ? [i] : []));
    let last: Model | undefined;
    const optimise = (
      objective: Objective,
      sense: ObjectiveSense,
      { integer = false, enough }: OptimiseOptions,
    ): number | undefined => {
      // A programme without columns (nobody scored) has only the empty objective.
      if (program.columns.length === 0) return 0;
      const model = modelFor(integer);
      cost.fill(0);
      objective.columns.forEach((c, i) => {
        cost[c] = (cost[c] as number) + (objective.coefficients[i] as number);
      });
      model.changeColsCost({ kind: 'range', from: 0, to: cost.length - 1 }, cost);
      model.changeObjectiveSense(sense);
      const minimising = sense === objectiveSense.minimize;
      // HiGHS takes no infinite option values; its default target is "never stop early".
      if (integer) model.options.set({ objective_target: enough ?? (minimising ? -NO_TARGET : NO_TARGET) });
      else if (!started) {
        started = true;
        if (start(model)) model.options.set({ simplex_strategy: PRIMAL_SIMPLEX });
      }
      model.run();
      last = model;
      if (!integer) model.options.set({ simplex_strategy: PRIMAL_SIMPLEX });
      const status = model.getModelStatus();
      return status === modelStatus.optimal ||
        (enough !== undefined && status === modelStatus.objectiveTarget)
        ? model.getObjectiveValue()
        : undefined;
    };
    return {
      minimise: (objective, options = {}) => optimise(objective, objectiveSense.minimize, options),
      maximise: (objective, options = {}) => optimise(objective, objectiveSense.maximize, options),
      lastIsWhole: () => {
        if (!last) return false;
        const { colValue } = last.getSolution();
        return integerColumns.every((c) => {
          const x = colValue[c] as number;
          return Math.abs(x - Math.round(x)) <= WHOLE_TOLERANCE;
        });
      },
      lastSolution: () => (last ? Array.from(last.getSolution().colValue) : []),
      close: () => {
        models.lp?.dispose();
        models.mip?.dispose();
      },
    };
  };
};

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

/** A solver loaded on first use and shared afterwards (one WebAssembly instance per process). */
export const lazyHighsSolver = (): (() => Promise<LpSolver>) => {
  let solver: Promise<LpSolver> | undefined;
  return () => {
    solver ??= loadHighsSolver();
    return solver;
  };
};
