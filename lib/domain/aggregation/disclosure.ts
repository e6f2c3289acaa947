/**
 * Disclosure control: privacy rule 5, applied to one closed wave's cells.
 *
 * Primary: a cell with n < minGroupSize is suppressed.
 *
 * Secondary: the segments of a dimension add up to `overall` (every response falls in exactly one
 * segment of each dimension), so if exactly one segment were hidden, `overall` minus the published
 * segments would give it back: its n and, for a question, its whole distribution. The same holds for a
 * hidden *group* whose combined n is below the threshold. So, for each additive relation (a dimension's
 * segments against `overall`, separately for every characteristic and every question):
 *
 *     H := the members hidden so far (primary), including members with n = 0
 *     while H ≠ ∅ and (|H| = 1 or Σ n over H < minGroupSize):
 *         hide the published member with the smallest n > 0 (the first in table order on a tie);
 *         stop if there is none
 *
 * Hiding the smallest published member loses the least information; taking the first on a tie keeps
 * the output deterministic. A member with n = 0 counts in |H| though it adds nothing to Σ n: a reader
 * cannot tell an empty hidden segment from a small one, so the rule is applied as written (at worst it
 * hides one more segment than strictly needed). When the loop stops for want of candidates, every member
 * with n > 0 is hidden and Σ n over H is the published total's n ≥ minGroupSize.
 *
 * Relations are disjoint in their members (a segment cell belongs to exactly one dimension and one
 * characteristic or question), and secondary suppression never hides a total, so one pass per relation
 * reaches the fixed point: hiding a member of one relation cannot open another.
 *
 * A suppressed total: when `overall` itself has n < minGroupSize there is no published total to
 * subtract from. Each segment's n is at most the total's (segments partition the respondents), so every
 * member is then primary-suppressed anyway; members are hidden with the total regardless, so that a
 * dimension whose `segmentOf` broke the partition could still not publish more than its total.
 *
 * Characteristic rows and question rows are separate relations: a characteristic's score is a mean of
 * means, not a sum of its questions, so no differencing links them.
 */
import { type Cell, OVERALL, type RawCell } from './cell.js';

interface Relation {
  /** Position of the `overall` cell of the same wave, characteristic and question, if there is one. */
  total: number | undefined;
  members: number[];
}

/** The additive relations among cells: one per wave × characteristic × question × dimension. */
const relationsOf = (cells: readonly RawCell[]): Relation[] => {
  const itemOf = (c: RawCell): string => JSON.stringify([c.wave, c.characteristic, c.question]);
  const totals = new Map<string, number>();
  const relations = new Map<string, { item: string; members: number[] }>();
  cells.forEach((cell, i) => {
    const item = itemOf(cell);
    if (cell.dimension === OVERALL) {
      totals.set(item, i);
      return;
    }
    const key = JSON.stringify([item, cell.dimension]);
    const relation = relations.get(key) ?? { item, members: [] };
    relation.members.push(i);
    relations.set(key, relation);
  });
  return [...relations.values()].map(({ item, members }) => ({ total: totals.get(item), members }));
};

/** Which cells rule 5 hides, by position in `cells` (primary and secondary). */
export const hiddenCells = (cells: readonly RawCell[], minGroupSize: number): boolean[] => {
  const hidden = cells.map((c) => c.n < minGroupSize);
  const n = (i: number): number => (cells[i] as RawCell).n;
  for (const { total, members } of relationsOf(cells)) {
    if (total === undefined || hidden[total]) {
      for (const i of members) hidden[i] = true;
      continue;
    }
    let count = members.filter((i) => hidden[i]).length;
    let sum = members.reduce((s, i) => (hidden[i] ? s + n(i) : s), 0);
    while (count > 0 && (count === 1 || sum < minGroupSize)) {
      let smallest: number | undefined;
      for (const i of members) {
        if (!hidden[i] && n(i) > 0 && (smallest === undefined || n(i) < n(smallest))) smallest = i;
      }
      if (smallest === undefined) break;
      hidden[smallest] = true;
      count++;
      sum += n(smallest);
    }
  }
  return hidden;
};

/** A cell as published: suppressed cells keep only their coordinates (see `cell.ts` for why n goes too). */
export const publishCell = (cell: RawCell, suppressed: boolean): Cell =>
  suppressed
    ? {
        wave: cell.wave,
        dimension: cell.dimension,
        segment: cell.segment,
        characteristic: cell.characteristic,
        question: cell.question,
        n: null,
        dontKnow: null,
        distribution: null,
        mean: null,
        sd: null,
        ci95: null,
        favourable: null,
        favourableCi95: null,
        band: null,
        suppressed: true,
        change: null,
      }
    : { ...cell, suppressed: false, change: null };

/**
 * Applies rule 5 to one closed wave's raw cells, keeping their order. `change` is left null: it is
 * filled in across waves by `attachChanges`, from published cells only.
 */
export const suppressCells = (cells: readonly RawCell[], minGroupSize: number): Cell[] => {
  const hidden = hiddenCells(cells, minGroupSize);
  return cells.map((cell, i) => publishCell(cell, hidden[i] === true));
};
