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
}

/** A sparse linear objective over a program's columns. */
export interface Objective {
  columns: number[];
  coefficients: number[];
}

/**
 * One program loaded once and optimised for several objectives (so the solver can start each from the
 * previous basis). `minimise`/`maximise` return the optimal value, or `undefined` when the solver could
 * not prove optimality (time limit, numerical trouble): the audit then treats the cell as unsafe.
 * With `integer` false (the default) integrality is ignored: the LP relaxation, fast and warm-started;
 * with `integer` true the integer columns must take whole values (a MIP, far slower).
 */
export interface LpSession {
  minimise(objective: Objective, integer?: boolean): number | undefined;
  maximise(objective: Objective, integer?: boolean): number | undefined;
  /** Releases the solver's memory; the session cannot be used afterwards. */
  close(): void;
}

export type LpSolver = (program: LinearProgram) => LpSession;
