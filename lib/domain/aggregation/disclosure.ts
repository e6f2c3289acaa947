/**
 * Disclosure control: privacy rule 5, applied to one closed wave's cells.
 *
 * Primary: a cell with n < minGroupSize is suppressed.
 *
 * Secondary: whenever published cells add up to another published cell, one hidden cell among them
 * (or a hidden group with a small combined n) could be recovered by subtraction. The additive
 * relations, each separately for every characteristic and every question, are:
 *
 * 1. a dimension's segments against `overall` (every response falls in exactly one segment of each
 *    dimension) — the design's rule:
 *
 *        H := the members hidden so far (primary), including members with n = 0
 *        while H ≠ ∅ and (|H| = 1 or Σ n over H < minGroupSize):
 *            hide the published member with the smallest n > 0 (the first in table order on a tie);
 *            stop if there is none
 *
 * 2. a segment that the segments of another dimension happen to partition exactly (in this wave's
 *    responses every respondent of, say, one sector lives in neighbourhoods where only that sector
 *    answered): the same rule with that segment as the total; when no member is left to hide, the
 *    total is hidden too, and a hidden total with every member published gets one member hidden.
 *    The partitions come from the accumulator, which knows which combinations of segments occur.
 *
 * And one tie: when every respondent in a segment answered every item of a characteristic (each
 * question row's n equals the characteristic row's n), the characteristic's mean is the mean of its
 * question means, so that row and its question rows are hidden together or not at all.
 *
 * Hiding one cell can open another relation (a tie, or a partition whose total was just hidden), so the
 * rules are applied until nothing changes; hiding only ever grows, so this ends. Hiding the smallest
 * published member loses the least information; taking the first on a tie keeps the output
 * deterministic. A member with n = 0 counts in |H| though it adds nothing to Σ n: a reader cannot tell
 * an empty hidden segment from a small one. When `overall` itself has n < minGroupSize there is no
 * published total; each segment's n is at most the total's, so all are hidden anyway, and they are
 * hidden with the total regardless.
 *
 * Not covered: relations among unions of segments of different dimensions (neighbourhoods 1 and 2
 * together holding exactly the respondents of sectors A and B). They need a full linear audit; the
 * default dimensions (neighbourhood, sector) are crossed, not nested, so they arise only by chance.
 */
import { type Cell, OVERALL, type RawCell } from './cell.js';

/** A segment whose respondents are exactly those of some segments of another dimension. */
export interface Partition {
  total: { dimension: string; segment: string };
  members: { dimension: string; segment: string }[];
}

interface Relation {
  /** The published sum: `overall` (never hidden by this rule) or a partitioned segment. */
  total: number | undefined;
  totalIsOverall: boolean;
  members: number[];
}

const itemOf = (c: Pick<RawCell, 'wave' | 'characteristic' | 'question'>): string =>
  JSON.stringify([c.wave, c.characteristic, c.question]);
const segmentKey = (dimension: string, segment: string | null, item: string): string =>
  JSON.stringify([dimension, segment, item]);

/** Every additive relation among the cells: dimensions against overall, and the partitions. */
const relationsOf = (cells: readonly RawCell[], partitions: readonly Partition[]): Relation[] => {
  const position = new Map<string, number>();
  const byDimension = new Map<string, { item: string; members: number[] }>();
  const items = new Set<string>();
  cells.forEach((cell, i) => {
    const item = itemOf(cell);
    items.add(item);
    position.set(segmentKey(cell.dimension, cell.segment, item), i);
    if (cell.dimension === OVERALL) return;
    const key = JSON.stringify([item, cell.dimension]);
    const relation = byDimension.get(key) ?? { item, members: [] };
    relation.members.push(i);
    byDimension.set(key, relation);
  });
  const relations: Relation[] = [...byDimension.values()].map(({ item, members }) => ({
    total: position.get(segmentKey(OVERALL, null, item)),
    totalIsOverall: true,
    members,
  }));
  for (const partition of partitions) {
    for (const item of items) {
      const total = position.get(segmentKey(partition.total.dimension, partition.total.segment, item));
      const members = partition.members.flatMap((m) => {
        const i = position.get(segmentKey(m.dimension, m.segment, item));
        return i === undefined ? [] : [i];
      });
      if (total !== undefined && members.length > 0)
        relations.push({ total, totalIsOverall: false, members });
    }
  }
  return relations;
};

/** Groups of cells hidden together: a segment's characteristic row and its question rows, when exactly related. */
const tiesOf = (cells: readonly RawCell[]): number[][] => {
  const groups = new Map<string, { row: number | undefined; questions: number[] }>();
  cells.forEach((cell, i) => {
    const key = JSON.stringify([cell.wave, cell.dimension, cell.segment, cell.characteristic]);
    const group = groups.get(key) ?? { row: undefined, questions: [] };
    if (cell.question === null) group.row = i;
    else group.questions.push(i);
    groups.set(key, group);
  });
  const n = (i: number) => (cells[i] as RawCell).n;
  return [...groups.values()].flatMap(({ row, questions }) =>
    row !== undefined && questions.length > 0 && questions.every((q) => n(q) === n(row))
      ? [[row, ...questions]]
      : [],
  );
};

/** Which cells rule 5 hides, by position in `cells` (primary and secondary). */
export const hiddenCells = (
  cells: readonly RawCell[],
  minGroupSize: number,
  partitions: readonly Partition[] = [],
): boolean[] => {
  const hidden = cells.map((c) => c.n < minGroupSize);
  const n = (i: number): number => (cells[i] as RawCell).n;
  const relations = relationsOf(cells, partitions);
  const ties = tiesOf(cells);
  let changed = true;
  const hide = (i: number) => {
    if (!hidden[i]) {
      hidden[i] = true;
      changed = true;
    }
  };
  const smallestPublished = (members: number[]): number | undefined => {
    let smallest: number | undefined;
    for (const i of members) {
      if (!hidden[i] && n(i) > 0 && (smallest === undefined || n(i) < n(smallest))) smallest = i;
    }
    return smallest;
  };
  while (changed) {
    changed = false;
    for (const { total, totalIsOverall, members } of relations) {
      if (total === undefined || (totalIsOverall && hidden[total])) {
        for (const i of members) hide(i);
        continue;
      }
      if (hidden[total]) {
        // A hidden partitioned total is the sum of its members: one of them must be hidden with it.
        if (!members.some((i) => hidden[i])) {
          const smallest = smallestPublished(members);
          if (smallest !== undefined) hide(smallest);
        }
        continue;
      }
      let count = members.filter((i) => hidden[i]).length;
      let sum = members.reduce((s, i) => (hidden[i] ? s + n(i) : s), 0);
      while (count > 0 && (count === 1 || sum < minGroupSize)) {
        const smallest = smallestPublished(members);
        if (smallest === undefined) {
          if (!totalIsOverall) hide(total);
          break;
        }
        hide(smallest);
        count++;
        sum += n(smallest);
      }
    }
    for (const tie of ties) {
      if (tie.some((i) => hidden[i])) for (const i of tie) hide(i);
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
export const suppressCells = (
  cells: readonly RawCell[],
  minGroupSize: number,
  partitions: readonly Partition[] = [],
): Cell[] => {
  const hidden = hiddenCells(cells, minGroupSize, partitions);
  return cells.map((cell, i) => publishCell(cell, hidden[i] === true));
};
