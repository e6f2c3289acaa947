import type { AccumulatorState } from '../aggregation/accumulate.js';
import { OVERALL, type RawCell } from '../aggregation/cell.js';
import type { LinkedGroup } from '../aggregation/disclosure.js';
import { auditComponent, createAuditor, type Finding, isSensitive, revealsEveryMember } from './audit.js';
import { MAX_ROUNDS, minimalPattern } from './minimal.js';
import { type Component, type ComponentCell, componentsOf, totalOf } from './model.js';
import type { LpSolver } from './solver.js';

/** Thrown when the audit runs out of its time budget: nothing new may then be published. */
export class AuditBudgetExceeded extends Error {
  override name = 'AuditBudgetExceeded';
}

export interface WaveAuditOptions {
  minGroupSize: number;
  solver: LpSolver;
  /** Checked between solves; when it says true the audit stops with {@link AuditBudgetExceeded}. */
  overBudget?: () => boolean;
  /**
   * How many rounds of master and audit one component may take before the heuristic takes over
   * (default {@link MAX_ROUNDS}); 0 goes straight to the heuristic.
   */
  rounds?: number;
  /**
   * The wave's linked groups (`WaveAccumulator.linkedGroups()`): each is a relation too, and no pattern
   * may leave one primary cell alone in it.
   */
  linkedGroups?: readonly LinkedGroup[];
}

export interface WaveAudit {
  /** The pattern, by position in the wave's cells. */
  hidden: boolean[];
  /** Hidden cells with respondents audited in the final pattern. */
  checked: number;
  /** Cells hidden beyond the per-relation rule's pattern, to close what only several relations together revealed. */
  extraSuppressed: number;
  /** Hidden cells that remain unprotected (only when checking a fixed pattern; a chosen pattern has none). */
  unsafe: Finding[];
  /** Published cells that by themselves show every member's answer (a known limit, counted, not chased). */
  groupDisclosures: number;
  /** Segment cells (not overall) with n ≥ minGroupSize, and how many of them are hidden. */
  segmentCells: number;
  hiddenSegmentCells: number;
  /** Components (wave × characteristic, or × item) audited, and those whose pattern is proven the least loss. */
  components: number;
  provenMinimal: number;
}

const respondents = (component: Component, cell: ComponentCell) => totalOf(component, cell, (f) => f.n);

const intersects = (a: readonly number[], b: readonly number[]) => {
  const set = new Set(a);
  return b.some((x) => set.has(x));
};

/** The members of a relation (see `Relation`), its total if any published, with exactly one hidden. */
const loneRelation = (component: Component, hidden: readonly boolean[]): ComponentCell[] | undefined =>
  component.relations.find(
    ({ total, members }) =>
      !(total && hidden[total.index]) && members.filter((c) => hidden[c.index]).length === 1,
  )?.members;

/**
 * Publishes `cell` again, with every hidden cell that would otherwise be left alone in a relation, as
 * long as each such partner could be published on its own (n ≥ minGroupSize): the rule's secondary
 * cells often come in pairs (a segment hidden in one item drags its twin in the next, or a sector its
 * neighbour), and neither can be published without the other. Returns the cells published, or
 * `undefined` (with `hidden` restored) when a sensitive cell would be left alone.
 */
const publishWithPartners = (
  component: Component,
  hidden: boolean[],
  cell: ComponentCell,
  minGroupSize: number,
): ComponentCell[] | undefined => {
  const group = [cell];
  hidden[cell.index] = false;
  for (;;) {
    const lone = loneRelation(component, hidden)?.find((c) => hidden[c.index]);
    if (!lone) return group;
    if (respondents(component, lone) < minGroupSize) {
      for (const c of group) hidden[c.index] = true;
      return undefined;
    }
    hidden[lone.index] = false;
    group.push(lone);
  }
};

/** How many of the smallest candidates are tried, each with a programme of its own, before settling for the smallest. */
const TRIALS = 6;

/**
 * Suppression at least information loss for one wave not yet published, per component:
 * 1. the primary cells (n < minGroupSize, and every cell of a question or characteristic whose total is
 *    that small) stay hidden; a master MIP chooses the fewest publishable segment cells to hide beside
 *    them, the audit checks the choice, and each cell it finds unprotected adds a cut, until the audit
 *    finds nothing (`minimalPattern`): the least loss of any safe pattern that keeps every total;
 * 2. where that does not settle within its rounds, the heuristic below, from the per-relation rule's
 *    pattern (`greedy`) and from the primary cells alone, keeping whichever hides fewer.
 * Deterministic: the same sums give the same pattern.
 */
export const chooseSuppression = (
  state: AccumulatorState,
  cells: readonly RawCell[],
  greedy: readonly boolean[],
  options: WaveAuditOptions,
): WaveAudit => {
  const { minGroupSize, solver } = options;
  const hidden = [...greedy];
  const budget = () => {
    if (options.overBudget?.()) throw new AuditBudgetExceeded('The disclosure audit ran out of time');
  };
  const components = componentsOf(state, cells, options.linkedGroups);
  let provenMinimal = 0;
  for (const component of components) {
    const n = (cell: ComponentCell) => respondents(component, cell);
    const overallHidden = new Set(
      component.cells.flatMap((c) => (c.cell.dimension === OVERALL && greedy[c.index] ? [c.item] : [])),
    );
    const primary = [...greedy];
    for (const c of component.cells)
      primary[c.index] = greedy[c.index] === true && (n(c) < minGroupSize || overallHidden.has(c.item));
    const auditor = createAuditor(component, solver, minGroupSize);
    let minimal: ReturnType<typeof minimalPattern>;
    try {
      minimal = minimalPattern(component, primary, auditor, {
        solver,
        minGroupSize,
        budget,
        rounds: options.rounds ?? MAX_ROUNDS,
      });
    } finally {
      auditor.close();
    }
    let chosen: readonly boolean[];
    if (minimal) {
      chosen = minimal.hidden;
      if (minimal.proven) provenMinimal++;
    } else {
      const fromRule = chooseComponent(component, greedy, options, budget);
      chosen = fromRule;
      // Where the rule's pattern was not safe, its secondary cells were chosen for relations one at a
      // time and may not be the ones the audit needs: start again from the primary cells alone, and keep
      // whichever hides fewer cells that could be published.
      if (component.cells.some((c) => fromRule[c.index] && !greedy[c.index])) {
        const fromPrimary = chooseComponent(component, primary, options, budget);
        const loss = (pattern: readonly boolean[]) =>
          component.cells.filter((c) => pattern[c.index] && n(c) >= minGroupSize).length;
        if (loss(fromPrimary) < loss(fromRule)) chosen = fromPrimary;
      }
    }
    for (const c of component.cells) hidden[c.index] = chosen[c.index] === true;
  }
  // Every step above left a pattern whose sensitive cells were all proven protected, so the summary
  // needs no second round of solving.
  return {
    ...summarise(components, hidden, options.minGroupSize),
    checked: components.reduce(
      (t, component) =>
        t + component.cells.filter((c) => hidden[c.index] && isSensitive(component, c, minGroupSize)).length,
      0,
    ),
    unsafe: [],
    extraSuppressed: hidden.filter((h, i) => h && !greedy[i]).length,
    provenMinimal,
  };
};

/** One component's pattern by the heuristic: `protect` the starting pattern, then `republish` what it does not need. */
const chooseComponent = (
  component: Component,
  start: readonly boolean[],
  options: WaveAuditOptions,
  budget: () => void,
): boolean[] => {
  const auditor = createAuditor(component, options.solver, options.minGroupSize);
  try {
    return republish(
      component,
      protect(component, start, auditor, budget),
      auditor,
      options.minGroupSize,
      budget,
    );
  } finally {
    auditor.close();
  }
};

/**
 * Hides more until every sensitive cell is protected: while one is unprotected, the published cell that
 * protects it at the least loss (see `chooseNext`); and any relation left with a lone hidden cell (one
 * with no scores still shows its "don't know" count) gets its smallest published member hidden. Hiding
 * only removes equations, so a cell once proven safe stays safe.
 */
const protect = (
  component: Component,
  start: readonly boolean[],
  auditor: ReturnType<typeof createAuditor>,
  budget: () => void,
): boolean[] => {
  const hidden = [...start];
  const n = (cell: ComponentCell) => respondents(component, cell);
  const bySmallest = (a: ComponentCell, b: ComponentCell) => n(a) - n(b) || a.index - b.index;
  const proven = new Set<number>();
  for (;;) {
    const weak = weakCells(component, hidden, proven, auditor, budget);
    if (weak.length > 0) {
      hidden[chooseNext(component, weak, hidden, auditor, budget).index] = true;
      continue;
    }
    const lone = loneRelation(component, hidden);
    if (!lone) return hidden;
    const smallest = lone.filter((c) => !hidden[c.index] && n(c) > 0).sort(bySmallest)[0];
    if (!smallest) return hidden;
    hidden[smallest.index] = true;
  }
};

/**
 * Publishes again what a safe pattern does not need, the largest first: publishing only adds equations,
 * so every sensitive cell is audited again under the new pattern.
 */
const republish = (
  component: Component,
  safe: readonly boolean[],
  auditor: ReturnType<typeof createAuditor>,
  minGroupSize: number,
  budget: () => void,
): boolean[] => {
  const hidden = [...safe];
  const n = (cell: ComponentCell) => respondents(component, cell);
  const republishable = component.cells
    .filter((c) => hidden[c.index] && n(c) >= minGroupSize)
    .sort((a, b) => n(b) - n(a) || a.index - b.index);
  for (const cell of republishable) {
    if (!hidden[cell.index]) continue;
    const group = publishWithPartners(component, hidden, cell, minGroupSize);
    const unsafe =
      group === undefined ||
      component.cells.some((c) => {
        if (!auditor.needsAudit(c, hidden)) return false;
        budget();
        return auditor.check(c, hidden) !== undefined;
      });
    if (unsafe) for (const c of group ?? [cell]) hidden[c.index] = true;
  }
  return hidden;
};

/**
 * The per-relation rule's pattern made safe the plain way, by hiding more where the audit finds a cell
 * unprotected and publishing nothing again: the benchmark's "before", the loss the audit would have
 * without choosing suppression itself.
 */
export const protectRulePattern = (
  state: AccumulatorState,
  cells: readonly RawCell[],
  greedy: readonly boolean[],
  options: WaveAuditOptions,
): WaveAudit => {
  const hidden = [...greedy];
  const components = componentsOf(state, cells, options.linkedGroups);
  for (const component of components) {
    const auditor = createAuditor(component, options.solver, options.minGroupSize);
    try {
      const safe = protect(component, greedy, auditor, () => {});
      for (const c of component.cells) hidden[c.index] = safe[c.index] === true;
    } finally {
      auditor.close();
    }
  }
  return {
    ...summarise(components, hidden, options.minGroupSize),
    checked: 0,
    unsafe: [],
    extraSuppressed: hidden.filter((h, i) => h && !greedy[i]).length,
    provenMinimal: 0,
  };
};

/** The hidden cells, in table order, not yet proven protected; proven cells are remembered. */
const weakCells = (
  component: Component,
  hidden: readonly boolean[],
  proven: Set<number>,
  auditor: ReturnType<typeof createAuditor>,
  budget: () => void,
): ComponentCell[] =>
  component.cells.filter((cell) => {
    if (proven.has(cell.index) || !auditor.needsAudit(cell, hidden)) return false;
    budget();
    if (auditor.check(cell, hidden) !== undefined) return true;
    proven.add(cell.index);
    return false;
  });

/**
 * The published cell to hide next: for the first weak cell that some single cell protects, the
 * nearest such cell with the smallest n (trying a few); when no single cell protects any weak cell
 * (a weak cell may wait on another, e.g. a characteristic row on its lone hidden question row), the
 * nearest, smallest candidate of the first weak cell.
 */
const chooseNext = (
  component: Component,
  weak: readonly ComponentCell[],
  hidden: boolean[],
  auditor: ReturnType<typeof createAuditor>,
  budget: () => void,
): ComponentCell => {
  const n = (cell: ComponentCell) => respondents(component, cell);
  const candidatesFor = (target: ComponentCell) => {
    // Nearest first: the target's own relation (same item, same dimension), then the same dimension
    // in a linked item, then cells sharing respondents with it; smallest n first in each.
    const closeness = (c: ComponentCell) =>
      c.cell.dimension === target.cell.dimension
        ? c.item === target.item
          ? 0
          : 1
        : intersects(c.blocks, target.blocks)
          ? 2
          : 3;
    return component.cells
      .filter((c) => !hidden[c.index] && n(c) > 0)
      .sort((a, b) => closeness(a) - closeness(b) || n(a) - n(b) || a.index - b.index);
  };
  for (const target of weak) {
    const protects = candidatesFor(target)
      .slice(0, TRIALS)
      .find((candidate) => {
        budget();
        hidden[candidate.index] = true;
        const safe = auditor.check(target, hidden) === undefined;
        hidden[candidate.index] = false;
        return safe;
      });
    if (protects) return protects;
  }
  const [fallback] = candidatesFor(weak[0] as ComponentCell);
  if (!fallback) throw new Error('No published cell left to hide: the audit cannot be satisfied');
  return fallback;
};

/** Audits a fixed pattern (a wave already published keeps its figures): what is unsafe is reported, not changed. */
export const checkSuppression = (
  state: AccumulatorState,
  cells: readonly RawCell[],
  hidden: readonly boolean[],
  options: WaveAuditOptions,
): WaveAudit => ({
  ...checkComponents(componentsOf(state, cells), hidden, options),
  extraSuppressed: 0,
  provenMinimal: 0,
});

const checkComponents = (
  components: readonly Component[],
  hidden: readonly boolean[],
  options: WaveAuditOptions,
): Omit<WaveAudit, 'extraSuppressed' | 'provenMinimal'> => {
  const result = {
    ...summarise(components, hidden, options.minGroupSize),
    checked: 0,
    unsafe: [] as Finding[],
  };
  for (const component of components) {
    if (options.overBudget?.()) throw new AuditBudgetExceeded('The disclosure audit ran out of time');
    const audit = auditComponent(component, hidden, options.solver, options.minGroupSize);
    result.checked += audit.checked;
    result.unsafe.push(...audit.unsafe);
  }
  return result;
};

/** The pattern's counts: group disclosures among published cells, and the loss among segment cells. */
const summarise = (components: readonly Component[], hidden: readonly boolean[], minGroupSize: number) => {
  const result = {
    hidden: [...hidden],
    groupDisclosures: 0,
    segmentCells: 0,
    hiddenSegmentCells: 0,
    components: components.length,
  };
  for (const component of components) {
    for (const cell of component.cells) {
      if (!hidden[cell.index] && revealsEveryMember(component, cell)) result.groupDisclosures++;
      if (cell.cell.dimension !== OVERALL && respondents(component, cell) >= minGroupSize) {
        result.segmentCells++;
        if (hidden[cell.index]) result.hiddenSegmentCells++;
      }
    }
  }
  return result;
};
