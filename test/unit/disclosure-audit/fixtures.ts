/**
 * What the disclosure audit's unit tests share: the solvers (set up by `setUpSolvers` in each file's
 * `beforeAll`), collaborations of a given shape, the independent check, and the exhaustive search for a
 * smaller safe pattern.
 */
import { loadHighsSolver } from '../../../lib/app/highs-solver.js';
import {
  hiddenCells,
  publishCell,
  type RawCell,
  type UnlabelledCell,
} from '../../../lib/domain/aggregation/index.js';
import type { Sector } from '../../../lib/domain/collaboration.js';
import { checkSuppression, type LpSolver } from '../../../lib/domain/disclosure-audit/index.js';
import type { ResponseRecord } from '../../../lib/domain/response.js';
import { accumulateWave } from '../../support/aggregate.js';
import { independentViolations } from './independent-check.js';

type Highs = Awaited<ReturnType<typeof import('highs')['default']>>;
export let solver: LpSolver;
let highs: Highs;
export const setUpSolvers = async () => {
  // Without warm starts: HiGHS's crossover traps now and then, and an engine that trapped is not used
  // again (the job audits again on a fresh, cold one: test/unit/published-wave-audit.test.ts). These
  // tests call the domain directly, with no such retry.
  solver = (await loadHighsSolver({ warmStart: false })).solver;
  highs = await (await import('highs')).default();
};

export const MIN = 5;
export { repeat, responseIn as response } from '../../support/aggregate.js';

/** One characteristic per question, so the independent check (one item per characteristic) applies. */
export const configFor = (neighbourhoods: string[], sectors: Sector[], questions: string[]) => ({
  collaboration: {
    neighbourhoods: neighbourhoods.map((id) => ({ id, name: id })),
    partners: sectors.map((sector) => ({ id: `p-${sector}`, name: sector, sector })),
    minGroupSize: MIN,
    framework: { characteristics: questions.map((q) => ({ id: `c-${q}`, name: q, description: '' })) },
  },
  survey: {
    questions: questions.map((q) => ({ id: q, characteristic: `c-${q}`, text: q, type: 'likert5' as const })),
  },
});
export const questionOf = (questions: string[]) => Object.fromEntries(questions.map((q) => [`c-${q}`, q]));

/** The independent check's findings for one published pattern of these responses. */
export const violationsIn = (
  responses: ResponseRecord[],
  cells: readonly UnlabelledCell[],
  questions = ['q1'],
) => independentViolations(highs, { responses, questionOf: questionOf(questions), cells, minGroupSize: MIN });

export const label = (cells: readonly RawCell[], i: number) => {
  const c = cells[i] as RawCell;
  return `${c.dimension}:${c.segment}:${c.question ?? c.characteristic}`;
};

/** The per-relation rule alone, audited by production and by the independent check. */
export const withoutAudit = (responses: ResponseRecord[], config: ReturnType<typeof configFor>) => {
  const accumulator = accumulateWave(config, 'w1', responses);
  const raw = accumulator.finish();
  const hidden = hiddenCells(raw, MIN, accumulator.linkedGroups());
  return { accumulator, raw, hidden, cells: raw.map((c, i) => publishCell(c, hidden[i] === true)) };
};

/**
 * Exhaustive, apart from the search: every set of publishable segment cells smaller than `loss` is
 * hidden beside the primary cells; returns those that pass the audit without leaving a primary cell
 * alone in a relation (there must be none when `loss` is the least). The audit itself is checked
 * independently (`violationsIn`).
 */
export const smallerSafePatterns = (
  accumulator: ReturnType<typeof accumulateWave>,
  loss: number,
): string[][] => {
  const raw = accumulator.finish();
  const options = { minGroupSize: MIN, solver };
  const found: string[][] = [];
  const greedy = hiddenCells(raw, MIN, accumulator.linkedGroups());
  const item = (c: RawCell) => `${c.characteristic}|${c.question}`;
  const totalHidden = new Set(raw.filter((c, i) => c.dimension === 'overall' && greedy[i]).map(item));
  const primary = raw.map((c, i) => greedy[i] === true && (c.n < MIN || totalHidden.has(item(c))));
  const publishable = raw.flatMap((c, i) =>
    !primary[i] && c.dimension !== 'overall' && c.n >= MIN ? [i] : [],
  );
  const aloneInARelation = (hidden: boolean[]) => {
    const relations = new Map<string, number[]>();
    raw.forEach((c, i) => {
      if (c.dimension === 'overall' || totalHidden.has(item(c))) return;
      const key = `${item(c)}|${c.dimension}`;
      relations.set(key, [...(relations.get(key) ?? []), i]);
    });
    return [...relations.values()].some((members) => {
      const shown = members.filter((i) => hidden[i]);
      return shown.length === 1 && primary[shown[0] as number] === true;
    });
  };
  const subsets = (from: number, size: number): number[][] =>
    size === 0
      ? [[]]
      : publishable
          .slice(from)
          .flatMap((cell, k) => subsets(from + k + 1, size - 1).map((rest) => [cell, ...rest]));
  for (let size = 0; size < loss; size++)
    for (const extra of subsets(0, size)) {
      const hidden = [...primary];
      for (const i of extra) hidden[i] = true;
      const safe =
        !aloneInARelation(hidden) &&
        checkSuppression(accumulator.state(), raw, hidden, options).unsafe.length === 0;
      if (safe) found.push(extra.map((i) => label(raw, i)));
    }
  return found;
};
