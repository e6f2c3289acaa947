import { type Component, type ComponentCell, programOf, totalOf } from './model.js';
import type { LinearProgram, LpSolver } from './solver.js';

/** Why a hidden cell is not protected. */
export type Weakness =
  /** Its score sum can be narrowed to less than n wide: its mean is known to within one scale point. */
  | 'sum'
  /** A question cell whose members can be proven to have all given the same answer. */
  | 'unanimous'
  /** The solver could not prove an optimum (time limit, numerical trouble): treated as unsafe. */
  | 'unsolved';

export interface Finding {
  /** Position of the cell in the wave's cells. */
  index: number;
  weakness: Weakness;
}

export interface ComponentAudit {
  /** Hidden cells with respondents that were audited. */
  checked: number;
  unsafe: Finding[];
}

/** Every member of the cell gave the same score (a question answered as one, or an sd of 0). */
export const revealsEveryMember = (component: Component, cell: ComponentCell): boolean => {
  const n = totalOf(component, cell, (f) => f.n);
  if (n === 0) return false;
  if (cell.item > 0) {
    return [0, 1, 2, 3, 4].some((v) => totalOf(component, cell, (f) => f.counts?.[v] ?? 0) === n);
  }
  const sum = totalOf(component, cell, (f) => f.sum);
  const squares = totalOf(component, cell, (f) => f.sumSquares);
  return Math.abs(squares * n - sum * sum) <= 1e-9 * Math.max(1, sum * sum);
};

/**
 * A cell the threshold protects: 0 < n < minGroupSize. A cell with n ≥ minGroupSize may be published on
 * its own, so when it is hidden only to protect others, narrowing it down discloses nothing the rule
 * forbids; requiring its range to be n wide as well would hide far more (the big partners of small
 * cells) without protecting anyone.
 */
export const isSensitive = (component: Component, cell: ComponentCell, minGroupSize: number): boolean => {
  const n = totalOf(component, cell, (f) => f.n);
  return n > 0 && n < minGroupSize;
};

const contains = (outer: ComponentCell, inner: ComponentCell): boolean => {
  const blocks = new Set(outer.blocks);
  return inner.blocks.every((b) => blocks.has(b));
};

/**
 * Audits hidden cells of one component against everything published beside them, for one pattern at a
 * time (the programme is rebuilt only when the pattern changes):
 * 1. write the reader's programme for the pattern (`programOf`);
 * 2. minimise and maximise the cell's score sum: the range must be at least n wide;
 * 3. for a hidden question cell whose members did all give one answer, minimise that answer's count:
 *    it must stay below n (proving that nobody chose some value is allowed).
 * A hidden cell inside a published cell that already shows every member's answer is skipped: that is
 * the published cell's own disclosure (counted as a group disclosure), which no suppression can undo.
 * Call `close` when done. With `warmStart` false the solver is not given the true answers as a starting
 * point (see `minimal.ts` for why).
 */
export const createAuditor = (
  component: Component,
  solver: LpSolver,
  minGroupSize: number,
  { warmStart = true }: { warmStart?: boolean } = {},
) => {
  const load = (program: LinearProgram) => solver(warmStart ? program : { ...program, start: undefined });
  let pattern: string | undefined;
  let current: { session: ReturnType<LpSolver>; program: ReturnType<typeof programOf> } | undefined;
  const close = () => {
    current?.session.close();
    current = undefined;
    witnesses?.session.close();
    witnesses = undefined;
  };
  const sessionFor = (hidden: readonly boolean[]) => {
    const key = component.cells.map((c) => (hidden[c.index] ? 1 : 0)).join('');
    if (key !== pattern || !current) {
      close();
      const program = programOf(component, hidden);
      current = { session: load(program.program), program };
      pattern = key;
    }
    return current;
  };
  /**
   * Whether the hidden cell needs auditing: it is sensitive (0 < n < minGroupSize) and no published
   * cell already shows all of its members' answers.
   */
  const needsAudit = (cell: ComponentCell, hidden: readonly boolean[]): boolean =>
    hidden[cell.index] === true &&
    isSensitive(component, cell, minGroupSize) &&
    !component.cells.some(
      (outer) =>
        !hidden[outer.index] &&
        outer.item === cell.item &&
        contains(outer, cell) &&
        revealsEveryMember(component, outer),
    );
  // Whole-number witnesses are looked for first where only the hidden cells' blocks may move (a far
  // smaller MIP); the whole programme is searched only when that finds none.
  let witnesses: { key: string; session: ReturnType<LpSolver> } | undefined;
  const witnessSession = (hidden: readonly boolean[]) => () => {
    const key = component.cells.map((c) => (hidden[c.index] ? 1 : 0)).join('');
    if (witnesses?.key !== key) {
      witnesses?.session.close();
      const free = new Set(component.cells.flatMap((c) => (hidden[c.index] ? c.blocks : [])));
      witnesses = { key, session: load(programOf(component, hidden, free).program) };
    }
    return witnesses.session;
  };
  const check = (cell: ComponentCell, hidden: readonly boolean[]): Weakness | undefined => {
    const { session, program } = sessionFor(hidden);
    return weaknessOf(component, cell, session, program.sumOf, program.countOf, witnessSession(hidden));
  };
  return { needsAudit, check, close };
};

/** Audits every hidden sensitive cell of a component under one pattern. */
export const auditComponent = (
  component: Component,
  hidden: readonly boolean[],
  solver: LpSolver,
  minGroupSize: number,
): ComponentAudit => {
  const auditor = createAuditor(component, solver, minGroupSize);
  const result: ComponentAudit = { checked: 0, unsafe: [] };
  try {
    for (const cell of component.cells) {
      if (!hidden[cell.index] || !isSensitive(component, cell, minGroupSize)) continue;
      result.checked++;
      if (!auditor.needsAudit(cell, hidden)) continue;
      const weakness = auditor.check(cell, hidden);
      if (weakness) result.unsafe.push({ index: cell.index, weakness });
    }
  } finally {
    auditor.close();
  }
  return result;
};

/** How close to the threshold (in score points) a question's relaxed range must be to be solved again in whole numbers. */
const INTEGER_MARGIN = 1;

const weaknessOf = (
  component: Component,
  cell: ComponentCell,
  session: ReturnType<LpSolver>,
  sumOf: ReturnType<typeof programOf>['sumOf'],
  countOf: ReturnType<typeof programOf>['countOf'],
  witnesses: () => ReturnType<LpSolver>,
): Weakness | undefined => {
  const n = totalOf(component, cell, (f) => f.n);
  const tolerance = 1e-6 * Math.max(1, 5 * n);
  const objective = sumOf(cell);
  // The LP relaxation (fast, warm-started) contains every whole-number solution; a question's sum is a
  // whole number, so its range is at most ⌊max⌋ − ⌈min⌉ wide.
  const floor = (x: number) => (cell.item === 0 ? x : Math.floor(x + tolerance));
  const ceil = (x: number) => (cell.item === 0 ? x : Math.ceil(x - tolerance));
  // Counting answers can narrow a question's range further than the relaxation (e.g. a published sum
  // of squares admits few whole distributions): near the threshold, it is solved again in whole numbers.
  const enough = cell.item === 0 ? n - tolerance : n + INTEGER_MARGIN;
  // The true answers are one feasible point, so min ≤ truth ≤ max: when the bound on the side with more
  // room (scores lie in 1–5) is far enough from the truth the range is wide enough, and the other bound
  // need not be solved.
  const truth = totalOf(component, cell, (f) => f.sum);
  const downFirst = truth > 3 * n;
  const first = downFirst ? session.minimise(objective) : session.maximise(objective);
  if (first === undefined) return 'unsolved';
  const firstWhole = session.lastIsWhole();
  if ((downFirst ? truth - ceil(first) : floor(first) - truth) < enough) {
    const second = downFirst ? session.maximise(objective) : session.minimise(objective);
    if (second === undefined) return 'unsolved';
    const width = downFirst ? floor(second) - ceil(first) : floor(first) - ceil(second);
    if (width < n - tolerance) return 'sum';
    // Two whole-number optima of the relaxation are the whole-number range itself.
    if (width < enough && !(firstWhole && session.lastIsWhole())) {
      // Whole-number searches stop at the first solution far enough away: a question of "can it reach?".
      const witnessed = (search: ReturnType<LpSolver>) => {
        const most = search.maximise(objective, { integer: true, enough: truth + n });
        if (most === undefined) return false;
        if (most - truth >= n - tolerance) return true;
        const least = search.minimise(objective, { integer: true, enough: most - n });
        return least !== undefined && most - least >= n - tolerance;
      };
      if (!witnessed(witnesses())) {
        const most = session.maximise(objective, { integer: true, enough: truth + n });
        if (most === undefined) return 'unsolved';
        if (most - truth < n - tolerance) {
          const least = session.minimise(objective, { integer: true, enough: most - n });
          if (least === undefined) return 'unsolved';
          if (most - least < n - tolerance) return 'sum';
        }
      }
    }
  }
  if (cell.item === 0) return undefined;
  for (let value = 1; value <= 5; value++) {
    if (totalOf(component, cell, (f) => f.counts?.[value - 1] ?? 0) !== n) continue;
    // Unanimous in truth: can a reader prove it? The LP bound settles the clear cases; otherwise the
    // whole-number programme decides, since counting answers can prove more than the relaxation.
    const bound = session.minimise(countOf(cell, value));
    if (bound === undefined) return 'unsolved';
    if (Math.ceil(bound - 1e-6) >= n) return 'unanimous';
    // A whole-number solution in which not all of them gave this answer: nothing is proven.
    if (session.lastIsWhole()) continue;
    const mixed = witnesses().minimise(countOf(cell, value), { integer: true, enough: n - 1 });
    if (mixed !== undefined && mixed < n - 0.5) continue;
    const least = session.minimise(countOf(cell, value), { integer: true, enough: n - 1 });
    if (least === undefined) return 'unsolved';
    if (least > n - 0.5) return 'unanimous';
  }
  return undefined;
};
