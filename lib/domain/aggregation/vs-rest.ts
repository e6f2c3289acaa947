/**
 * `vsRest`: how a published segment cell compares with everyone else in the same wave.
 *
 * Derived from published figures only — the segment's cell and the `overall` cell of the same wave and
 * item — so it discloses nothing a reader of the table could not already compute: the rest's n is
 * n(overall) − n(segment), its sum of scores n·mean minus the segment's, and its sum of squares
 * (n − 1)·sd² + n·mean² minus the segment's. Null when either cell is not published, or either side
 * has fewer than 2 scores (no variance, no test).
 *
 * The segment is part of the overall, so the rest and the segment are disjoint groups of respondents
 * and Welch's test applies as for two independent samples.
 */
import type { Cell, VsRest } from './cell.js';
import { OVERALL } from './cell.js';
import { FDR, qValuesByFamily } from './families.js';
import { welchTest } from './significance.js';

type Published = Cell & { n: number; mean: number; sd: number };

const isPublished = (c: Cell | undefined): c is Published =>
  c !== undefined && !c.suppressed && c.n !== null && c.mean !== null && c.sd !== null;

/** The comparison of a segment cell with the rest of its wave, before the family's adjustment. */
export const vsRestBetween = (
  segment: Cell,
  overall: Cell,
): Omit<VsRest, 'qValue' | 'significant'> | null => {
  if (!isPublished(segment) || !isPublished(overall) || segment.n < 2) return null;
  const n = overall.n - segment.n;
  if (n < 2) return null;
  const sumOf = (c: Published) => c.n * c.mean;
  const squaresOf = (c: Published) => (c.n - 1) * c.sd ** 2 + c.n * c.mean ** 2;
  const mean = (sumOf(overall) - sumOf(segment)) / n;
  // Float noise in the subtraction can dip just below zero when every other score is equal.
  const variance = Math.max(0, (squaresOf(overall) - squaresOf(segment) - n * mean * mean) / (n - 1));
  const welch = welchTest(
    { mean: segment.mean, variance: segment.sd ** 2, n: segment.n },
    { mean, variance, n },
  );
  return { meanDelta: segment.mean - mean, pValue: welch?.pValue ?? null };
};

const itemKey = (c: Cell) => JSON.stringify([c.characteristic, c.question]);

/** Fills in `vsRest` on one wave's segment cells, adjusting p-values within each family. */
export const attachVsRest = (cells: readonly Cell[]): Cell[] => {
  const overall = new Map<string, Cell>();
  for (const cell of cells) if (cell.dimension === OVERALL) overall.set(itemKey(cell), cell);
  const drafts = cells.map((cell) => {
    if (cell.dimension === OVERALL) return null;
    const total = overall.get(itemKey(cell));
    return total ? vsRestBetween(cell, total) : null;
  });
  const q = qValuesByFamily(cells, (i) => drafts[i]?.pValue);
  return cells.map((cell, i) => {
    const draft = drafts[i];
    if (!draft) return { ...cell, vsRest: null };
    const qValue = q.get(i) ?? null;
    return { ...cell, vsRest: { ...draft, qValue, significant: qValue !== null && qValue <= FDR } };
  });
};
