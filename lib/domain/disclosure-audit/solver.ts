/**
 * The linear-programming port the audit needs. The domain stays synchronous: the solver (HiGHS in
 * WebAssembly) is loaded once, asynchronously, by the application layer and handed in as a function.
 */

/** A variable: its bounds, and whether it must take whole values (a MIP column). */
export interface Column {
  lower: number;
  upper: number;
  integer: boolean;
}

/** `lower ≤ Σ coefficient · column ≤ upper` (equal bounds make an equality). */
export interface Row {
  lower: number;
  upper: number;
  columns: number[];
  coefficients: number[];
}

export interface LinearProgram {
  columns: Column[];
  rows: Row[];
  /** A feasible point, by column (the true answers): the solver may start its first solve from it. */
  start?: number[];
}

/** A sparse linear objective over a program's columns. */
export interface Objective {
  columns: number[];
  coefficients: number[];
}

/**
 * How to optimise: `integer` false (the default) ignores integrality: the LP relaxation, fast and
 * warm-started; `integer` true makes integer columns take whole values (a MIP, far slower). `enough`
 * (MIP only) turns "how far can it go?" into "can it reach this?": the search may stop at the first
 * whole-number solution at least this good (≤ when minimising, ≥ when maximising) and return its value,
 * which then only bounds the optimum.
 */
export interface OptimiseOptions {
  integer?: boolean;
  enough?: number;
}

/**
 * One program loaded once and optimised for several objectives (so the solver can start each from the
 * previous basis). `minimise`/`maximise` return the optimal value (or, with `enough`, a value at least
 * that good), or `undefined` when the solver could not prove it (time limit, numerical trouble): the
 * audit then treats the cell as unsafe.
 */
export interface LpSession {
  minimise(objective: Objective, options?: OptimiseOptions): number | undefined;
  maximise(objective: Objective, options?: OptimiseOptions): number | undefined;
  /**
   * Whether the last optimum found takes whole values in every integer column: then it is also a
   * whole-number solution, and the whole-number search for the same objective would find the same value.
   */
  lastIsWhole(): boolean;
  /**
   * A whole-number solution minimising `objective`, by column, or `undefined` when there is none. Solved
   * apart from the session's models, to HiGHS's default MIP gap (0.01 % of the objective): costs that
   * differ by less than that may be taken as equal.
   */
  minimiseWhole(objective: Objective): number[] | undefined;
  /** Releases the solver's memory; the session cannot be used afterwards. */
  close(): void;
}

export type LpSolver = (program: LinearProgram) => LpSession;

/**
 * Thrown by a solver whose engine failed inside (HiGHS in WebAssembly traps or aborts on some internal
 * errors): that engine is unusable afterwards, and the next solver loaded is a fresh one. The audit it
 * was part of can be run again from the start.
 */
export class LpSolverCrashed extends Error {
  override name = 'LpSolverCrashed';
}
