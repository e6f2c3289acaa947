/**
 * Suppression at least information loss for one component, proven minimal: τ-ARGUS's "optimal" method
 * in the form of Fischetti and Salazar (cut generation). A small master MIP chooses which publishable
 * cells to hide; the audit checks the choice; every hidden cell the audit finds unprotected yields a
 * *cut*, a set of published cells of which at least one must be hidden for it to be protected; the master
 * is solved again with the new cut, until the audit finds nothing.
 *
 * Why the result is minimal: every cut is necessary. A cut is read off a pattern in which only the cut's
 * cells (and the cells that must stay published) are published and the cell is still unprotected; hiding
 * only removes equations from the reader's programme, so any pattern that publishes all of the cut's cells
 * leaves the cell unprotected too. The master's optimum over necessary cuts is therefore a lower bound on
 * every safe pattern's loss, and a safe pattern that reaches it is a minimum.
 *
 * The loss counted is the share of segment cells with n ≥ minGroupSize that are hidden (the snapshot's
 * `informationLoss`), with the fewest respondents behind them breaking ties. The master never hides a
 * publishable `overall` cell: the headline figure of a question or characteristic is the one readers
 * need most, and hiding it would lower the measure while losing more than any segment.
 */
import { OVERALL } from '../aggregation/cell.js';
import { createAuditor, isSensitive, revealsEveryMember } from './audit.js';
import { type Component, type ComponentCell, totalOf } from './model.js';
import type { LpSolver, Row } from './solver.js';

/** How many rounds of master and audit a component may take by default before the heuristic takes over. */
export const MAX_ROUNDS = 40;
/**
 * For this many rounds a component's cuts are kept as found (its relation, item or dimension); later
 * ones are shortened to a smallest cut. A whole cut costs one audit and usually settles the component
 * as fast; where it does not (the master keeps picking cells that do not help), short cuts converge in
 * far fewer rounds.
 */
const WHOLE_CUT_ROUNDS = 3;

export interface MinimalPattern {
  hidden: boolean[];
  /** Whether its loss is proven the least of any safe pattern that publishes every publishable `overall` cell. */
  proven: boolean;
}

/**
 * The component's least-loss safe pattern, given its primary pattern (`primary`: the cells hidden
 * whatever happens), or `undefined` when the rounds ran out or the master found no pattern (the caller
 * falls back to the heuristic).
 */
export const minimalPattern = (
  component: Component,
  primary: readonly boolean[],
  auditor: ReturnType<typeof createAuditor>,
  {
    solver,
    minGroupSize,
    budget,
    rounds,
  }: { solver: LpSolver; minGroupSize: number; budget: () => void; rounds: number },
): MinimalPattern | undefined => {
  const n = (cell: ComponentCell) => totalOf(component, cell, (f) => f.n);
  // The cells the master may hide: publishable segment cells. Everything else keeps its primary state
  // (hiding an empty cell or an overall publishes the same or less and protects nothing the master needs).
  const free = component.cells.filter(
    (c) => !primary[c.index] && c.cell.dimension !== OVERALL && n(c) >= minGroupSize,
  );
  const column = new Map(free.map((c, i) => [c.index, i]));
  const cuts: number[][] = [];
  const seen = new Set<string>();
  const addCut = (cells: readonly ComponentCell[]) => {
    const columns = cells.flatMap((c) => {
      const i = column.get(c.index);
      return i === undefined ? [] : [i];
    });
    columns.sort((a, b) => a - b);
    const key = columns.join(',');
    if (seen.has(key)) return true;
    seen.add(key);
    cuts.push(columns);
    return columns.length > 0;
  };
  // The cuts known without solving: in a relation whose total is published, a lone hidden member is its
  // total less the others (for a cell with nobody scoring, that shows its "don't know" count). Every
  // cell of an item whose total is hidden is primary, so its relations need nothing more.
  const overallHidden = new Set(
    component.cells.flatMap((c) => (c.cell.dimension === OVERALL && primary[c.index] ? [c.item] : [])),
  );
  for (const { item, members } of component.relations) {
    if (overallHidden.has(item)) continue;
    const hidden = members.filter((c) => primary[c.index]);
    if (hidden.length === 1 && !addCut(members.filter((c) => c !== hidden[0] && n(c) > 0))) return undefined;
  }
  // A cell inside a published cell that shows every member's answer needs no protection, so hiding that
  // cell would make a cut's premise false: where one exists, the result is not claimed minimal.
  let proven = !free.some(
    (outer) =>
      revealsEveryMember(component, outer) &&
      component.cells.some(
        (c) =>
          primary[c.index] &&
          c.item === outer.item &&
          isSensitive(component, c, minGroupSize) &&
          c.blocks.every((b) => outer.blocks.includes(b)),
      ),
  );
  // The master: one whole column in [0, 1] per free cell, cost 1 plus a tie-break that prefers the
  // fewest respondents. The tie-breaks add up to at most ½, so with k cells hidden one more costs at
  // least ½ more, beyond the solver's 0.01 % gap for any k under 5,000: the count is exact (the
  // respondents only to within the gap).
  const respondents = 2 * free.reduce((t, c) => t + n(c), 0) + 1;
  const objective = {
    columns: free.map((_, i) => i),
    coefficients: free.map((c) => 1 + n(c) / respondents),
  };
  const hiddenFor = (chosen: readonly boolean[]) => {
    const hidden = [...primary];
    free.forEach((c, i) => {
      hidden[c.index] = chosen[i] === true;
    });
    return hidden;
  };
  // Cuts are read off patterns that hide almost everything; on some of those HiGHS's crossover from the
  // true answers (the warm start that makes most solves fast) fails inside and leaves the solver
  // unusable, so their programmes start cold.
  const cold = createAuditor(component, solver, minGroupSize, { warmStart: false });
  const search = (): MinimalPattern | undefined => {
    for (let round = 0; round < rounds; round++) {
      budget();
      let chosen: boolean[] = free.map(() => false);
      if (free.length > 0 && cuts.length > 0) {
        const rows: Row[] = cuts.map((columns) => ({
          lower: 1,
          upper: Number.POSITIVE_INFINITY,
          columns,
          coefficients: columns.map(() => 1),
        }));
        const session = solver({ columns: free.map(() => ({ lower: 0, upper: 1, integer: true })), rows });
        try {
          const solution = session.minimiseWhole(objective);
          if (solution === undefined) return undefined;
          chosen = solution.map((x) => x > 0.5);
        } finally {
          session.close();
        }
      }
      const hidden = hiddenFor(chosen);
      const weak = component.cells.filter((c) => {
        if (!auditor.needsAudit(c, hidden)) return false;
        budget();
        return auditor.check(c, hidden) !== undefined;
      });
      if (weak.length === 0) return { hidden, proven };
      for (const cell of weak) {
        const cut = explain(cell, free, chosen, hiddenFor, cold, budget, round >= WHOLE_CUT_ROUNDS);
        if (cut.unsolved) proven = false;
        if (!addCut(cut.cells)) return undefined;
      }
    }
    return undefined;
  };
  try {
    return search();
  } finally {
    cold.close();
  }
};

/**
 * A cut for the unprotected cell `target`: a smallest-by-inclusion set of the free cells published under
 * `chosen` that keeps it unprotected when every other free cell is hidden (QuickXplain: about |cut| ·
 * log(|published| / |cut|) audits instead of one per published cell). `unsolved` says the cut may be
 * stronger than necessary: a solver gave no answer along the way (such an answer counts as unprotected,
 * which keeps the pattern safe), or the target is protected under `chosen` after all.
 */
const explain = (
  target: ComponentCell,
  free: readonly ComponentCell[],
  chosen: readonly boolean[],
  hiddenFor: (chosen: readonly boolean[]) => boolean[],
  auditor: ReturnType<typeof createAuditor>,
  budget: () => void,
  shorten: boolean,
): { cells: ComponentCell[]; unsolved: boolean } => {
  let unsolved = false;
  /** Whether the target is unprotected when only `published` (free positions) are published. */
  const unprotected = (published: ReadonlySet<number>): boolean => {
    budget();
    const hidden = hiddenFor(free.map((_, i) => !published.has(i)));
    if (!auditor.needsAudit(target, hidden)) return false;
    const weakness = auditor.check(target, hidden);
    if (weakness === 'unsolved') unsolved = true;
    return weakness !== undefined;
  };
  const quickXplain = (base: Set<number>, added: boolean, candidates: number[]): number[] => {
    if (added && unprotected(base)) return [];
    if (candidates.length === 1) return candidates;
    const half = candidates.length >> 1;
    const first = candidates.slice(0, half);
    const second = candidates.slice(half);
    const fromSecond = quickXplain(new Set([...base, ...first]), first.length > 0, second);
    const fromFirst = quickXplain(new Set([...base, ...fromSecond]), fromSecond.length > 0, first);
    return [...fromFirst, ...fromSecond];
  };
  const published = free.flatMap((_, i) => (chosen[i] ? [] : [i]));
  if (published.length === 0 || unprotected(new Set())) return { cells: [], unsolved };
  // A cut need not be smallest to be necessary: first try the usual culprits, each with one audit — the
  // target's own relation, then its item, then its dimension in every item of the component — and keep
  // the first that is a cut, whole or (`shorten`) shortened.
  const near = [
    (c: ComponentCell) => c.item === target.item && c.cell.dimension === target.cell.dimension,
    (c: ComponentCell) => c.item === target.item,
    (c: ComponentCell) => c.cell.dimension === target.cell.dimension,
  ];
  for (const isNear of near) {
    const candidates = published.filter((i) => isNear(free[i] as ComponentCell));
    if (candidates.length > 0 && candidates.length < published.length && unprotected(new Set(candidates))) {
      const cut = shorten ? quickXplain(new Set(), false, candidates) : candidates;
      return { cells: cut.map((i) => free[i] as ComponentCell), unsolved };
    }
  }
  // QuickXplain trusts that publishing all of `published` leaves the target unprotected, as the check
  // that called it weak found; a check that gave no answer ('unsolved') found no such thing. Where this
  // programme finds the target protected, no cut is proven: the whole published set keeps the master
  // moving, and the result is not claimed minimal.
  if (!unprotected(new Set(published)))
    return { cells: published.map((i) => free[i] as ComponentCell), unsolved: true };
  const cut = quickXplain(new Set(), false, published);
  return { cells: cut.map((i) => free[i] as ComponentCell), unsolved };
};
