import type { Cell } from './cell.js';
import { benjaminiHochberg } from './significance.js';

/** The false discovery rate `significant` is judged at. */
export const FDR = 0.05;

/**
 * A significance family (DESIGN "Statistics"): one wave × one dimension × one level (characteristic
 * rows, question rows). Adjusting each family on its own keeps a handful of overall characteristic
 * changes from being drowned by hundreds of question × segment tests of a different kind.
 */
export const familyOf = (cell: Pick<Cell, 'wave' | 'dimension' | 'question'>): string =>
  JSON.stringify([cell.wave, cell.dimension, cell.question === null]);

/**
 * Benjamini–Hochberg within each family: for the cells that have a p-value (by position), the q-value,
 * keyed by position. Cells without a p-value take no part.
 */
export const qValuesByFamily = (
  cells: readonly Cell[],
  pValueOf: (i: number) => number | null | undefined,
): Map<number, number> => {
  const families = new Map<string, number[]>();
  cells.forEach((cell, i) => {
    if (pValueOf(i) == null) return;
    const key = familyOf(cell);
    const members = families.get(key) ?? [];
    members.push(i);
    families.set(key, members);
  });
  const q = new Map<number, number>();
  for (const members of families.values()) {
    const adjusted = benjaminiHochberg(members.map((i) => pValueOf(i) as number));
    members.forEach((i, k) => {
      q.set(i, adjusted[k] as number);
    });
  }
  return q;
};
