/**
 * Disclosure control: privacy rule 5, applied to one closed wave's cells.
 *
 * Primary: a cell with n < minGroupSize is suppressed.
 *
 * Secondary: whenever published cells add up to other published cells, one hidden cell among them
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
 * 2. when two dimensions split the wave into separate groups — some neighbourhoods whose respondents
 *    are exactly some sectors' respondents (say, a neighbourhood where only one sector answered and
 *    which holds all of that sector's respondents) — each group's neighbourhoods add up to its
 *    sectors. With H the hidden cells of a group, on either side:
 *
 *        while |H| = 1, or H lies on one side and Σ n over H < minGroupSize:
 *            hide the published cell of the group with the smallest n > 0; stop if there is none
 *
 *    The groups come from the combinations of segments the accumulator met (`linkedGroups`).
 *
 * And one tie: when every respondent in a segment answered every item of a characteristic (each
 * question row's n equals the characteristic row's n), the characteristic's mean is the mean of its
 * question means, so that row and its question rows are hidden together or not at all.
 *
 * Hiding one cell can open another relation, so the rules are applied until nothing changes; hiding
 * only ever grows, so this ends. Hiding the smallest published member loses the least information;
 * taking the first on a tie keeps the output deterministic. A member with n = 0 in a segment that did
 * have responses (they all said "don't know") counts in |H| though it adds nothing to Σ n. A segment
 * with no responses at all in the wave is *empty*: it is published as n 0, is never hidden and never
 * enters H — participation already says nobody there answered, so it hides nothing and reveals
 * nothing, and counting it would suppress other segments for no reason. When
 * `overall` itself has n < minGroupSize there is no published total; each segment's n is at most the
 * total's, so all are hidden anyway, and they are hidden with the total regardless.
 *
 * Not covered: what a reader could solve by combining several relations at once (a full linear audit
 * of the table). Each relation on its own never leaves a single hidden cell, or a small hidden group
 * on one side of it.
 */
import { OVERALL, type RawCell, type UnlabelledCell } from './cell.js';

/** Segments of two dimensions (`left`, `right`) that hold exactly the same respondents. */
export interface LinkedGroup {
  left: { dimension: string; segment: string }[];
  right: { dimension: string; segment: string }[];
}

/** Which combinations of segments a wave's responses met (the accumulator's blocks), by local index. */
export interface SegmentCombinations {
  /** The dimensions, in spec order. */
  dimensions: readonly { name: string }[];
  /** Per dimension: segment names by local index. */
  segmentNames: readonly (readonly string[])[];
  /** How many combinations were met. */
  blocks: number;
  /** Combination b's local segment index for dimension d is at b·D + d. */
  blockSegments: readonly number[];
}

/**
 * Groups of segments of two dimensions that hold exactly the same respondents in a wave: the connected
 * parts of the graph linking each neighbourhood to the sectors met in it. When there is more than one
 * such part, each is an additive relation (its neighbourhoods add up to its sectors) that disclosure
 * control must respect besides each dimension against overall.
 */
export const linkedGroups = ({
  dimensions,
  segmentNames,
  blocks,
  blockSegments,
}: SegmentCombinations): LinkedGroup[] => {
  const D = dimensions.length;
  const groups: LinkedGroup[] = [];
  for (let a = 0; a < D; a++) {
    for (let b = a + 1; b < D; b++) {
      // Union-find over the segments of dimensions a and b; node ids: a's segments, then b's.
      const offset = segmentNames[a]?.length ?? 0;
      const parent = new Map<number, number>();
      const find = (x: number): number => {
        let root = x;
        while ((parent.get(root) ?? root) !== root) root = parent.get(root) as number;
        parent.set(x, root);
        return root;
      };
      for (let k = 0; k < blocks; k++) {
        const x = find(blockSegments[k * D + a] as number);
        const y = find(offset + (blockSegments[k * D + b] as number));
        parent.set(x, x);
        parent.set(y, x === y ? y : x);
      }
      const parts = new Map<number, LinkedGroup>();
      for (const node of parent.keys()) {
        const root = find(node);
        const part = parts.get(root) ?? { left: [], right: [] };
        const [d, side, s] = node < offset ? [a, part.left, node] : [b, part.right, node - offset];
        side.push({
          dimension: (dimensions[d] as { name: string }).name,
          segment: segmentNames[d]?.[s] as string,
        });
        parts.set(root, part);
      }
      // One part is the whole wave: its relation is the two dimensions' relations to overall.
      if (parts.size > 1) groups.push(...parts.values());
    }
  }
  return groups;
};

interface Relation {
  /** The `overall` cell of the same wave, characteristic and question (never hidden by this rule). */
  total: number | undefined;
  members: number[];
}

/** A linked group's cells for one item: the left side adds up to the right side. */
interface Balance {
  left: number[];
  right: number[];
}

const itemOf = (c: Pick<RawCell, 'wave' | 'characteristic' | 'question'>): string =>
  JSON.stringify([c.wave, c.characteristic, c.question]);
const segmentKey = (dimension: string, segment: string | null, item: string): string =>
  JSON.stringify([dimension, segment, item]);

/** Every additive relation among the cells: dimensions against overall, and the linked groups. */
const relationsOf = (
  cells: readonly RawCell[],
  groups: readonly LinkedGroup[],
): { relations: Relation[]; balances: Balance[] } => {
  const position = new Map<string, number>();
  const byDimension = new Map<string, { item: string; members: number[] }>();
  const items = new Set<string>();
  cells.forEach((cell, i) => {
    const item = itemOf(cell);
    items.add(item);
    position.set(segmentKey(cell.dimension, cell.segment, item), i);
    if (cell.dimension === OVERALL || cell.empty) return;
    const key = JSON.stringify([item, cell.dimension]);
    const relation = byDimension.get(key) ?? { item, members: [] };
    relation.members.push(i);
    byDimension.set(key, relation);
  });
  const relations = [...byDimension.values()].map(({ item, members }) => ({
    total: position.get(segmentKey(OVERALL, null, item)),
    members,
  }));
  const cellsOf = (side: LinkedGroup['left'], item: string) =>
    side.flatMap((m) => {
      const i = position.get(segmentKey(m.dimension, m.segment, item));
      return i === undefined ? [] : [i];
    });
  const balances = groups.flatMap((group) =>
    [...items].map((item) => ({ left: cellsOf(group.left, item), right: cellsOf(group.right, item) })),
  );
  return { relations, balances };
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
  groups: readonly LinkedGroup[] = [],
): boolean[] => {
  const hidden = cells.map((c) => !c.empty && c.n < minGroupSize);
  const n = (i: number): number => (cells[i] as RawCell).n;
  // Empty segments take no part in any relation (see above).
  const { relations, balances } = relationsOf(cells, groups);
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
  const sumOf = (members: number[]) => members.reduce((s, i) => s + n(i), 0);
  while (changed) {
    changed = false;
    for (const { total, members } of relations) {
      if (total === undefined || hidden[total]) {
        for (const i of members) hide(i);
        continue;
      }
      for (;;) {
        const hiddenMembers = members.filter((i) => hidden[i]);
        if (hiddenMembers.length === 0 || (hiddenMembers.length > 1 && sumOf(hiddenMembers) >= minGroupSize))
          break;
        const smallest = smallestPublished(members);
        if (smallest === undefined) break;
        hide(smallest);
      }
    }
    for (const { left, right } of balances) {
      const all = [...left, ...right];
      for (;;) {
        const hiddenLeft = left.filter((i) => hidden[i]);
        const hiddenRight = right.filter((i) => hidden[i]);
        const count = hiddenLeft.length + hiddenRight.length;
        const oneSide = hiddenLeft.length === 0 ? hiddenRight : hiddenRight.length === 0 ? hiddenLeft : null;
        const small = oneSide !== null && sumOf(oneSide) < minGroupSize;
        if (count === 0 || (count > 1 && !small)) break;
        const smallest = smallestPublished(all);
        if (smallest === undefined) break;
        hide(smallest);
      }
    }
    for (const tie of ties) {
      if (tie.some((i) => hidden[i])) for (const i of tie) hide(i);
    }
  }
  return hidden;
};

/**
 * A cell as published: suppressed cells keep only their coordinates (see `cell.ts` for why n goes too);
 * an empty segment's cells say n 0 and nothing else.
 */
export const publishCell = (cell: RawCell, hide: boolean): UnlabelledCell => {
  const { empty, ...figures } = cell;
  // An empty segment is never hidden (rule 5), whatever pattern is asked for.
  const suppressed = hide && !empty;
  if (!suppressed && !empty) return { ...figures, suppressed: false };
  const count = suppressed ? null : 0;
  return {
    wave: cell.wave,
    dimension: cell.dimension,
    segment: cell.segment,
    characteristic: cell.characteristic,
    question: cell.question,
    n: count,
    dontKnow: count,
    distribution: null,
    mean: null,
    sd: null,
    ci95: null,
    favourable: null,
    favourableCi95: null,
    band: null,
    suppressed,
  };
};
