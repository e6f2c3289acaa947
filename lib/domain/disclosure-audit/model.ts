/**
 * What a reader can know about one wave, written as a linear programme.
 *
 * The unknowns are the answers of each *block*: the respondents sharing one segment of every dimension
 * (one neighbourhood × one sector). Every published cell is a sum over blocks, so every published
 * figure is a linear equation on them. The programme is the conservative reader's view:
 *
 * - each block's count of respondents with a score, per item, is known exactly: participation is
 *   published per segment and the support team sees live counts per partner and neighbourhood, so an
 *   insider can tell which block each response came from;
 * - question cells: a block's answers are whole counts c₁…c₅ adding up to its n; a published cell fixes
 *   its five counts (and so its mean, sd and favourable share);
 * - characteristic cells: a block's score sum S, sum of squares Q and favourable count F obey every
 *   linear consequence of scores lying in [1, 5] (n ≤ S ≤ 5n, tangents of x², favourable scores ≥ 4,
 *   the others ≤ 4 − 1/scale); a published cell fixes its S (n × mean), Q (from sd) and F;
 * - where every respondent of a block with a score answered every item of a characteristic, their
 *   characteristic score is the mean of their answers, so k·S equals the sum of the item sums.
 *
 * The figures are used unrounded: the reader is assumed to know published sums exactly.
 * Relations never cross characteristics or waves (different items, different respondents), so one
 * programme covers one wave × characteristic: its row and its questions.
 */
import type { AccumulatorState } from '../aggregation/accumulate.js';
import { OVERALL, type RawCell } from '../aggregation/cell.js';
import type { LinkedGroup } from '../aggregation/disclosure.js';
import {
  C_FAVOURABLE,
  C_N,
  C_SUM,
  C_SUM_SQUARES,
  CHAR_STRIDE,
  Q_STRIDE,
  scaleFor,
} from '../aggregation/sums.js';
import type { Column, LinearProgram, Objective, Row } from './solver.js';

/** One item's figures in one block: a question's counts of 1…5, or a characteristic's sums in score units. */
interface BlockFigures {
  n: number;
  counts?: number[];
  sum: number;
  sumSquares: number;
  favourable: number;
}

/** One cell of the component: its position in the wave's cells, and the blocks it adds up. */
export interface ComponentCell {
  index: number;
  cell: RawCell;
  /** Position of its item within the component: 0 is the characteristic row, 1… its questions. */
  item: number;
  blocks: number[];
}

/** One wave × characteristic: its rows and everything needed to write its programme. */
export interface Component {
  characteristic: string;
  /** The characteristic's scale: lcm(1…k) for k items, as in the accumulator. */
  scale: number;
  /** Per item (row first, then questions), per block: the true figures. */
  figures: BlockFigures[][];
  /** Per block: whether its characteristic row is the mean of its question rows (everyone answered all). */
  linked: boolean[];
  /** The items this programme covers: all of them when some block is linked, else one. */
  items: number[];
  cells: ComponentCell[];
  /** The additive relations among its cells, item by item. */
  relations: Relation[];
}

/**
 * An additive relation among one item's cells: a dimension's segments add up to the item's `total`
 * (its `overall` cell), or, with no total, a linked group's two sides add up to each other (its
 * neighbourhoods hold exactly its sectors' respondents). A relation with one hidden member shows it
 * by subtraction.
 */
export interface Relation {
  item: number;
  total?: ComponentCell;
  members: ComponentCell[];
}

const relationsOf = (cells: readonly ComponentCell[], groups: readonly LinkedGroup[]): Relation[] => {
  const relations: Relation[] = [];
  const byDimension = new Map<string, Relation>();
  for (const cell of cells) {
    if (cell.cell.dimension === OVERALL) continue;
    const key = JSON.stringify([cell.item, cell.cell.dimension]);
    let relation = byDimension.get(key);
    if (!relation) {
      const total = cells.find((t) => t.item === cell.item && t.cell.dimension === OVERALL);
      relation = { item: cell.item, ...(total ? { total } : {}), members: [] };
      byDimension.set(key, relation);
      relations.push(relation);
    }
    relation.members.push(cell);
  }
  for (const item of new Set(cells.map((c) => c.item)))
    for (const group of groups) {
      const sides = [...group.left, ...group.right];
      const members = cells.filter(
        (c) =>
          c.item === item &&
          sides.some((m) => m.dimension === c.cell.dimension && m.segment === c.cell.segment),
      );
      if (members.length > 1) relations.push({ item, members });
    }
  return relations;
};

const questionFigures = (counts: number[]): BlockFigures => ({
  n: counts.reduce((a, b) => a + b, 0),
  counts,
  sum: counts.reduce((a, c, v) => a + c * (v + 1), 0),
  sumSquares: counts.reduce((a, c, v) => a + c * (v + 1) ** 2, 0),
  favourable: (counts[3] as number) + (counts[4] as number),
});

/**
 * Splits one wave's cells (as `finish()` returns them) into components, with their blocks' figures and
 * their relations (`groups`: the wave's linked groups, `WaveAccumulator.linkedGroups()`).
 */
export const componentsOf = (
  state: AccumulatorState,
  cells: readonly RawCell[],
  groups: readonly LinkedGroup[] = [],
): Component[] => {
  const dimensionIndex = new Map(state.dimensions.map((d, i) => [d, i]));
  const blocksOf = (cell: RawCell): number[] => {
    if (cell.dimension === OVERALL) return state.blocks.map((_, b) => b);
    const d = dimensionIndex.get(cell.dimension);
    if (d === undefined) throw new RangeError(`Cell of unknown dimension "${cell.dimension}"`);
    return state.blocks.flatMap((block, b) => (block.segments[d] === cell.segment ? [b] : []));
  };
  return state.characteristics.flatMap((characteristic, c) => {
    const questions = state.questions.flatMap((q, i) =>
      q.characteristic === characteristic ? [{ ...q, i }] : [],
    );
    const scale = scaleFor(questions.length);
    const rowFigures = state.blocks.map((block): BlockFigures => {
      const at = (k: number) => block.characteristics[c * CHAR_STRIDE + k] as number;
      return {
        n: at(C_N),
        sum: at(C_SUM) / scale,
        sumSquares: at(C_SUM_SQUARES) / (scale * scale),
        favourable: at(C_FAVOURABLE),
      };
    });
    const questionRows = questions.map(({ i }) =>
      state.blocks.map((block) =>
        questionFigures(block.questions.slice(i * Q_STRIDE + 1, (i + 1) * Q_STRIDE)),
      ),
    );
    const figures = [rowFigures, ...questionRows];
    // A block's row is the mean of its answered items when each item was answered by all or none of the
    // block's scored respondents: then every one of them answered exactly the same items.
    const linked = state.blocks.map((_, b) => {
      const n = (rowFigures[b] as BlockFigures).n;
      return (
        n > 0 &&
        questionRows.some((row) => (row[b] as BlockFigures).n === n) &&
        questionRows.every((row) => [0, n].includes((row[b] as BlockFigures).n))
      );
    });
    const itemOf = new Map<string | null, number>([
      [null, 0],
      ...questions.map((q, k) => [q.id, k + 1] as const),
    ]);
    const componentCells = cells.flatMap((cell, index) => {
      const item = itemOf.get(cell.question);
      return cell.characteristic === characteristic && item !== undefined
        ? [{ index, cell, item, blocks: blocksOf(cell) }]
        : [];
    });
    const whole = {
      characteristic,
      scale,
      figures,
      linked,
      items: figures.map((_, i) => i),
      cells: componentCells,
      relations: relationsOf(componentCells, groups),
    };
    // Without a link each item is a programme of its own: smaller programmes solve faster.
    return linked.some(Boolean)
      ? [whole]
      : whole.items.map((item) => ({
          ...whole,
          items: [item],
          cells: componentCells.filter((c) => c.item === item),
          relations: whole.relations.filter((r) => r.item === item),
        }));
  });
};

/** A cell's true total of one figure, added up from its blocks. */
export const totalOf = (
  component: Component,
  cell: ComponentCell,
  figure: (f: BlockFigures) => number,
): number => cell.blocks.reduce((t, b) => t + figure(component.figures[cell.item]?.[b] as BlockFigures), 0);

/** Columns of one block's item: counts c₁…c₅ of a question, or S, Q, F of a characteristic row. */
interface Variables {
  first: number;
}

/** The programme for a component under one suppression pattern, and how to write a cell's objectives. */
export interface ComponentProgram {
  program: LinearProgram;
  /** The cell's score sum (in score units). */
  sumOf(cell: ComponentCell): Objective;
  /** The cell's count of answer `value` (1…5); question cells only. */
  countOf(cell: ComponentCell, value: number): Objective;
}

/**
 * The programme under a pattern. With `free`, only those blocks' answers may move: every other block is
 * held at its true answers. That smaller programme is no reader's view — it only finds *witnesses*:
 * any solution of it is a solution of the whole programme (the truth fills the rest), so a range or
 * a mixed answer found there exists for the reader too.
 */
export const programOf = (
  component: Component,
  hidden: readonly boolean[],
  free?: ReadonlySet<number>,
): ComponentProgram => {
  const columns: Column[] = [];
  const rows: Row[] = [];
  const start: number[] = [];
  const { figures, scale } = component;
  // variables[item][block]: the block's first column for the item, or undefined when it has no scores.
  const variables: (Variables | undefined)[][] = figures.map((perBlock, item) =>
    perBlock.map((f) => {
      if (f.n === 0 || !component.items.includes(item)) return undefined;
      const first = columns.length;
      if (item === 0) {
        // Characteristic sums are continuous (scores are fine fractions); the programme stays an LP here.
        columns.push(
          { lower: f.n, upper: 5 * f.n, integer: false },
          { lower: f.n, upper: 25 * f.n, integer: false },
          { lower: 0, upper: f.n, integer: false },
        );
        start.push(f.sum, f.sumSquares, f.favourable);
        const [s, q, fav] = [first, first + 1, first + 2];
        // Favourable scores are ≥ 4, the others at most 4 − 1/scale (scores are whole units of 1/scale).
        rows.push({ lower: f.n, upper: Number.POSITIVE_INFINITY, columns: [s, fav], coefficients: [1, -3] });
        rows.push({
          lower: Number.NEGATIVE_INFINITY,
          upper: (4 - 1 / scale) * f.n,
          columns: [s, fav],
          coefficients: [1, -(1 + 1 / scale)],
        });
        // (x − 1)(x − 5) ≤ 0 for every score: Q ≤ 6S − 5n; and x² ≥ 2ax − a² (tangents at 1…5).
        rows.push({
          lower: Number.NEGATIVE_INFINITY,
          upper: -5 * f.n,
          columns: [q, s],
          coefficients: [1, -6],
        });
        for (let a = 1; a <= 5; a++)
          rows.push({
            lower: -a * a * f.n,
            upper: Number.POSITIVE_INFINITY,
            columns: [q, s],
            coefficients: [1, -2 * a],
          });
      } else {
        for (let v = 1; v <= 5; v++) columns.push({ lower: 0, upper: f.n, integer: true });
        start.push(...(f.counts ?? []));
        rows.push({
          lower: f.n,
          upper: f.n,
          columns: [0, 1, 2, 3, 4].map((v) => first + v),
          coefficients: [1, 1, 1, 1, 1],
        });
      }
      return { first };
    }),
  );
  if (free)
    for (const [item, perBlock] of variables.entries())
      for (const [b, v] of perBlock.entries()) {
        if (!v || free.has(b)) continue;
        for (let k = 0; k < (item === 0 ? 3 : 5); k++) {
          const column = columns[v.first + k] as Column;
          column.lower = start[v.first + k] as number;
          column.upper = column.lower;
        }
      }
  // A linked block's characteristic sum is the mean of its item sums: k·S − Σ v·c = 0.
  component.linked.forEach((linked, b) => {
    const row = variables[0]?.[b];
    if (!linked || row === undefined) return;
    const answered = variables.slice(1).filter((perBlock) => perBlock[b] !== undefined);
    const cols = [row.first];
    const coefficients = [answered.length];
    for (const perBlock of answered) {
      const q = perBlock[b] as Variables;
      for (let v = 1; v <= 5; v++) {
        cols.push(q.first + v - 1);
        coefficients.push(-v);
      }
    }
    rows.push({ lower: 0, upper: 0, columns: cols, coefficients });
    // With one answered item the score is the answer: its square and its favourability follow too.
    if (answered.length === 1) {
      const q = (answered[0] as (Variables | undefined)[])[b] as Variables;
      const answers = [0, 1, 2, 3, 4].map((i) => q.first + i);
      rows.push({
        lower: 0,
        upper: 0,
        columns: [row.first + 1, ...answers],
        coefficients: [1, -1, -4, -9, -16, -25],
      });
      rows.push({
        lower: 0,
        upper: 0,
        columns: [row.first + 2, ...answers],
        coefficients: [1, 0, 0, 0, -1, -1],
      });
    }
  });
  const sumOver = (cell: ComponentCell, offset: (v: Variables) => number[], weights: number[]): Objective => {
    const objective: Objective = { columns: [], coefficients: [] };
    for (const b of cell.blocks) {
      const v = variables[cell.item]?.[b];
      if (v === undefined) continue;
      offset(v).forEach((c, i) => {
        objective.columns.push(c);
        objective.coefficients.push(weights[i] as number);
      });
    }
    return objective;
  };
  const sumOf = (cell: ComponentCell): Objective =>
    cell.item === 0
      ? sumOver(cell, (v) => [v.first], [1])
      : sumOver(cell, (v) => [0, 1, 2, 3, 4].map((i) => v.first + i), [1, 2, 3, 4, 5]);
  const countOf = (cell: ComponentCell, value: number): Objective =>
    sumOver(cell, (v) => [v.first + value - 1], [1]);
  // Every published cell fixes its sums.
  for (const cell of component.cells) {
    if (hidden[cell.index]) continue;
    const fixed = (objective: Objective, value: number) => {
      if (objective.columns.length > 0) rows.push({ lower: value, upper: value, ...objective });
    };
    if (cell.item === 0) {
      fixed(
        sumOf(cell),
        totalOf(component, cell, (f) => f.sum),
      );
      fixed(
        sumOver(cell, (v) => [v.first + 1], [1]),
        totalOf(component, cell, (f) => f.sumSquares),
      );
      fixed(
        sumOver(cell, (v) => [v.first + 2], [1]),
        totalOf(component, cell, (f) => f.favourable),
      );
    } else {
      for (let value = 1; value <= 5; value++)
        fixed(
          countOf(cell, value),
          totalOf(component, cell, (f) => f.counts?.[value - 1] ?? 0),
        );
    }
  }
  return { program: { columns, rows, start }, sumOf, countOf };
};
